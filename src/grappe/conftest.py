"""Fixtures shared by all test suites: users in each role and the objects they may touch."""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connection

from grappe.testing.factories import (
    AdminFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests sign in often: a fast hasher (never in production) keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read English unless they ask for French (the platform's default is French)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def admin_user(db):
    return AdminFactory(username="admin")


@pytest.fixture
def network(db):
    return NetworkFactory(name="Club des entreprises du Vimeu", slug="vimeu")


@pytest.fixture
def other_network(db):
    return NetworkFactory(name="Pôle mécanique du Cher", slug="cher")


@pytest.fixture
def manager(network):
    """Manager of `network` only."""
    user = UserFactory(username="manager")
    network.managers.add(user)
    return user


@pytest.fixture
def member_org(network):
    org = OrganisationFactory(name="Robinetterie Dupont", slug="dupont")
    MembershipFactory(organisation=org, network=network)
    return org


@pytest.fixture
def member_user(member_org):
    """Editor of `member_org` only."""
    user = UserFactory(username="member")
    member_org.editors.add(user)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def page(live_server):
    """A page of Debian's chromium (never a downloaded browser), driven by Playwright, on the
    live test server. Use with `pytest.mark.django_db(transaction=True)`."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- optional dependency

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself (fixtures, checks) are plain synchronous calls, so Django may allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            context = browser.new_context(locale="fr-FR", base_url=live_server.url)
            page = context.new_page()
            page.set_default_timeout(20_000)
            yield page
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session", autouse=True)
def _end_leftover_database_sessions(django_db_setup, django_db_blocker):
    """At the very end, before the test database is dropped: threads of the live server may
    still hold PostgreSQL sessions, and dropping would fail ("being accessed by other users").
    Ending them during the run would break the live server, so only here."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connection.close()
