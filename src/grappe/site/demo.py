"""Prepare the demo platform: tables, reference data, the sources' data, demo accounts."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from grappe.datafiles.importer import import_files
from grappe.directory.models import Network, Organisation
from grappe.experiences.catalogue import catalogue_load
from grappe.site.demo_fair import ORGANISER_SLUG, fair_2001_load
from grappe.territories.models import Territory
from grappe.territories.reference import reference_load

SEED_DIR = Path(__file__).resolve().parent.parent / "directory" / "data" / "seed"
SEED_FILES = ["territories.json", "aimver.json", "lot_et_garonne.json", "exchange_fair_2001.json"]

# Who the demo accounts are: a platform admin, the manager of the Lot-et-Garonne groupings,
# and the editor of one member organisation.
DEMO_MANAGER_NETWORKS = ["prodiaa", "sotra", "promobois", "interclustering-47", ORGANISER_SLUG]
DEMO_MEMBER_ORGANISATION = "cci-lot-et-garonne"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str


def demo_prepare(*, progress: Callable[[str], None] = print) -> list[DemoAccount]:
    """Idempotent: migrate, load reference data once, (re)load the shipped data, reset accounts."""
    progress("Creating or updating the database tables…")
    call_command("migrate", "--no-input", verbosity=0)
    if not Territory.objects.filter(level="commune").exists():
        progress("Loading the French administrative geography and the NAF/NACE codes…")
        counts = reference_load(progress=lambda step, done, total: None)
        progress(
            "  "
            + ", ".join(f"{n['total']} {what}" for what, n in counts.items() if what != "stale")
        )
    progress("Loading the networks, organisations and territories of the source documents…")
    report = import_files([SEED_DIR / name for name in SEED_FILES])
    for line in report.lines():
        progress(f"  {line}")
    catalogue_load(progress=progress)
    progress("Preparing the demo event: the 2001 exchange fair, scheduled…")
    fair_2001_load(progress=progress)
    return _demo_accounts()


def _demo_accounts() -> list[DemoAccount]:
    users = get_user_model()
    accounts = []
    with transaction.atomic():
        for username, role in (
            ("admin", "platform admin"),
            ("manager", "network manager"),
            ("member", "member"),
        ):
            password = secrets.token_urlsafe(9)  # fresh each run: nothing to leak from the repo
            user, _ = users.objects.get_or_create(username=username)
            user.is_superuser = user.is_staff = username == "admin"
            user.set_password(password)
            user.save()
            accounts.append(DemoAccount(username, password, role))
        manager = users.objects.get(username="manager")
        for network in Network.objects.filter(slug__in=DEMO_MANAGER_NETWORKS):
            network.managers.add(manager)
        member = users.objects.get(username="member")
        for organisation in Organisation.objects.filter(slug=DEMO_MEMBER_ORGANISATION):
            organisation.editors.add(member)
    return accounts
