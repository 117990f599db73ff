"""Fixtures shared by all test suites: users in each role and the objects they may touch."""

from __future__ import annotations

import pytest

from grappe.testing.factories import (
    AdminFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)


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
