"""Directory lists, pages and API, cost as many queries for three items as for one."""

import itertools

import pytest
from django.urls import reverse

from grappe.directory.models import FinancingSource, MembershipDues
from grappe.testing.factories import (
    ActivityFactory,
    MembershipFactory,
    NetworkFactory,
    OfferNeedFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
)
from grappe.testing.queries import api_items, html_count, one_versus_three

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _network(**kwargs):
    """A network with everything its list shows: perimeter, branches, financing, members."""
    n = next(_serial)
    network = NetworkFactory(name=f"Réseau {n}", slug=f"qc-network-{n}", **kwargs)
    network.perimeter.add(TerritoryFactory())
    network.branches.add(ActivityFactory())
    network.parents.add(NetworkFactory())
    FinancingSource.objects.create(network=network, kind="dues", share_percent=40)
    MembershipFactory(network=network, organisation=OrganisationFactory(employees=12))
    return network


def _organisation(network=None):
    n = next(_serial)
    organisation = OrganisationFactory(
        name=f"Firme {n}",
        slug=f"qc-org-{n}",
        territory=TerritoryFactory(parent=TerritoryFactory()),
        activity=ActivityFactory(),
    )
    if network is not None:
        MembershipFactory(network=network, organisation=organisation)
    return organisation


@pytest.fixture
def signed_in(client, manager):
    """A network manager, not an admin: the rules are checked for every item."""
    client.force_login(manager)
    return client


# Pages ---------------------------------------------------------------------------------------


def test_network_list_page(signed_in):
    one, three = one_versus_three(
        lambda: signed_in.get(reverse("network-list")),
        _network,
        html_count('href="/networks/qc-network-'),
    )
    assert one == three


def test_organisation_list_page(signed_in):
    one, three = one_versus_three(
        lambda: signed_in.get(reverse("organisation-list")),
        _organisation,
        html_count('href="/organisations/qc-org-'),
    )
    assert one == three


def test_offer_need_list_page(signed_in):
    one, three = one_versus_three(
        lambda: signed_in.get(reverse("offer-need-list")),
        lambda: OfferNeedFactory(
            organisation=_organisation(), territory=TerritoryFactory(), title="Qc offer"
        ),
        html_count("<h3>Qc offer</h3>"),
    )
    assert one == three


def test_network_sheet_members(signed_in, network):
    one, three = one_versus_three(
        lambda: signed_in.get(reverse("network-detail", args=[network.slug])),
        lambda: _organisation(network),
        html_count('href="/organisations/qc-org-'),
    )
    assert one == three


# API -----------------------------------------------------------------------------------------


def test_api_organisations(signed_in):
    one, three = one_versus_three(
        lambda: signed_in.get("/api/organisations"), _organisation, api_items
    )
    assert one == three


def test_api_people(signed_in, manager, network):
    organisation = _organisation(network)  # managed: contact details are shown

    def person():
        PersonFactory(organisation=organisation, last_name=f"Qc{next(_serial)}")

    one, three = one_versus_three(
        lambda: signed_in.get("/api/people", {"q": "qc"}), person, api_items
    )
    assert one == three


def test_api_networks(signed_in):
    one, three = one_versus_three(
        lambda: signed_in.get("/api/networks", {"q": "reseau"}), _network, api_items
    )
    assert one == three


def test_api_memberships(signed_in, network):
    def membership():
        organisation = _organisation(network)
        MembershipDues.objects.create(
            membership=organisation.memberships.get(), year=2024, amount=100
        )

    one, three = one_versus_three(
        lambda: signed_in.get("/api/memberships", {"network": network.slug}),
        membership,
        api_items,
    )
    assert one == three


def test_api_offers_needs(signed_in):
    one, three = one_versus_three(
        lambda: signed_in.get("/api/offers-needs", {"q": "qc"}),
        lambda: OfferNeedFactory(
            organisation=_organisation(), territory=TerritoryFactory(), title="Qc need"
        ),
        api_items,
    )
    assert one == three


def test_organisation_sheet_memberships_offers_and_people(signed_in, member_org):
    def add():
        MembershipFactory(organisation=member_org, network=_network())
        OfferNeedFactory(organisation=member_org, title=f"Qc offer {next(_serial)}")
        PersonFactory(organisation=member_org, last_name=f"Qc{next(_serial)}")

    one, three = one_versus_three(
        lambda: signed_in.get(reverse("organisation-detail", args=[member_org.slug])),
        add,
        html_count("Qc offer "),
    )
    assert one == three
