"""What users see and may do on the directory pages."""

import pytest
from django.urls import reverse

from grappe.directory.models import Network
from grappe.testing.factories import (
    ActivityFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db


def test_network_list_searches_without_accents(client, network):
    NetworkFactory(name="Vallée de la Bresle", slug="bresle")
    response = client.get(reverse("network-list"), {"q": "vallee"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vallée de la Bresle" in content
    assert network.name not in content


def test_network_list_htmx_returns_only_results(client, network):
    response = client.get(
        reverse("network-list"), {"q": "vimeu"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    content = response.content.decode()
    assert network.name in content
    assert "<html" not in content


def test_network_list_filters_by_kind_and_territory(client):
    dep = TerritoryFactory(key="departement:47", code="47", name="Lot-et-Garonne")
    commune = TerritoryFactory(key="commune:47001", code="47001", level="commune", parent=dep)
    inside = NetworkFactory(name="Sotra", kind="industrial_grouping")
    inside.perimeter.add(commune)
    NetworkFactory(name="Meito", kind="industrial_grouping")
    response = client.get(
        reverse("network-list"), {"kind": "industrial_grouping", "territory": "departement:47"}
    )
    content = response.content.decode()
    assert "Sotra" in content and "Meito" not in content


def test_network_list_filters_by_branch_section(client):
    section = ActivityFactory(code="C", level="section")
    division = ActivityFactory(code="25", level="division", label_fr="Métal", parent=section)
    metal = NetworkFactory(name="Travail des métaux")
    metal.branches.add(division)
    NetworkFactory(name="Tourisme")
    content = client.get(reverse("network-list"), {"branch": "C"}).content.decode()
    assert "Travail des métaux" in content and "Tourisme" not in content


def test_network_list_paginates(client):
    for i in range(30):
        NetworkFactory(name=f"Réseau {i:02d}")
    first = client.get(reverse("network-list")).content.decode()
    second = client.get(reverse("network-list"), {"page": 2}).content.decode()
    assert "Réseau 00" in first and "Réseau 29" not in first
    assert "Réseau 29" in second


def test_network_detail_shows_sheet_and_hides_edit_from_visitors(client, network):
    response = client.get(reverse("network-detail", args=[network.slug]))
    assert response.status_code == 200
    assert network.name in response.content.decode()
    assert reverse("network-edit", args=[network.slug]) not in response.content.decode()


def test_unpublished_network_is_404_for_visitors(client, admin_user):
    hidden = NetworkFactory(published=False)
    assert client.get(reverse("network-detail", args=[hidden.slug])).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("network-detail", args=[hidden.slug])).status_code == 200


def test_manager_edits_network_through_the_form(client, manager, network):
    client.force_login(manager)
    url = reverse("network-edit", args=[network.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Chambre syndicale du Vimeu",
            "slug": network.slug,
            "kind": "employer_group",
            "legal_status": "employers_union",
            "branch_scope": "single",
            "budget_currency": "FRF",
            "budget_amount": "8000000",
            "dues_currency": "EUR",
            "perimeter": "",
            "branches": "",
            "parents": "",
            "published": "on",
        },
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.name, network.budget_currency) == ("Chambre syndicale du Vimeu", "FRF")


def test_network_form_names_unknown_territory_keys(client, admin_user, network):
    client.force_login(admin_user)
    response = client.post(
        reverse("network-edit", args=[network.slug]),
        {
            "name": network.name,
            "slug": network.slug,
            "kind": "business_club",
            "legal_status": "unknown",
            "branch_scope": "unknown",
            "budget_currency": "EUR",
            "dues_currency": "EUR",
            "perimeter": "departement:99x",
        },
    )
    assert response.status_code == 422
    assert "departement:99x" in response.content.decode()


def test_manager_cannot_edit_another_network(client, manager, other_network):
    client.force_login(manager)
    assert client.get(reverse("network-edit", args=[other_network.slug])).status_code == 403
    response = client.post(reverse("network-edit", args=[other_network.slug]), {"name": "x"})
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, network):
    response = client.get(reverse("network-edit", args=[network.slug]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_admin_deletes_network(client, admin_user, network):
    client.force_login(admin_user)
    response = client.post(reverse("network-delete", args=[network.slug]))
    assert response.status_code == 302
    assert not Network.objects.filter(pk=network.pk).exists()


def test_manager_cannot_delete_network(client, manager, network):
    client.force_login(manager)
    assert client.post(reverse("network-delete", args=[network.slug])).status_code == 403
    assert Network.objects.filter(pk=network.pk).exists()


def test_manager_adds_member(client, manager, network):
    org = OrganisationFactory(slug="wimetal", name="Wimétal")
    client.force_login(manager)
    response = client.post(
        reverse("membership-create", args=[network.slug]),
        {"organisation": "wimetal", "membership_type": "founding", "role": "president"},
    )
    assert response.status_code == 302
    assert network.memberships.get().organisation == org
    content = client.get(reverse("network-detail", args=[network.slug])).content.decode()
    assert "Wimétal" in content


def test_organisation_list_filters_by_size(client):
    OrganisationFactory(name="Petite", size_band="0_9")
    OrganisationFactory(name="Grande", size_band="250_plus")
    content = client.get(reverse("organisation-list"), {"size_band": "250_plus"}).content.decode()
    assert "Grande" in content and "Petite" not in content


def test_member_edits_own_organisation_page(client, member_user, member_org):
    client.force_login(member_user)
    response = client.post(
        reverse("organisation-edit", args=[member_org.slug]),
        {
            "name": member_org.name,
            "slug": member_org.slug,
            "kind": "company",
            "country": "FR",
            "city": "Nérac",
            "published": "on",
        },
    )
    assert response.status_code == 302
    member_org.refresh_from_db()
    assert member_org.city == "Nérac"


def test_contact_details_need_consent(client, member_user, member_org, outsider):
    PersonFactory(organisation=member_org, email="hidden@example.org", contact_consent=False)
    PersonFactory(organisation=member_org, email="shown@example.org", contact_consent=True)
    url = reverse("organisation-detail", args=[member_org.slug])
    assert "example.org" not in client.get(url).content.decode()  # visitors see no people
    client.force_login(outsider)
    content = client.get(url).content.decode()
    assert "shown@example.org" in content and "hidden@example.org" not in content
    client.force_login(member_user)
    assert "hidden@example.org" in client.get(url).content.decode()


def test_person_export_downloads_json(client, member_user, member_org):
    person = PersonFactory(organisation=member_org, last_name="Roux")
    client.force_login(member_user)
    response = client.post(reverse("person-export", args=[person.ref]))
    assert response.status_code == 200
    assert response.json()["last_name"] == "Roux"


def test_home_page_counts(client, network, member_org):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["counts"]["networks"] == 1


def test_pages_in_english_and_french(client, network):
    client.cookies.load({"django_language": "en"})
    assert "Networks" in client.get(reverse("network-list")).content.decode()
    client.cookies.load({"django_language": "fr"})
    assert "Réseaux" in client.get(reverse("network-list")).content.decode()


@pytest.mark.django_db
def test_an_unknown_territory_key_is_shown_back_with_its_error(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("organisation-create"),
        {"name": "Scierie du Lot", "slug": "scierie", "kind": "company", "territory": "dep:99x"},
    )
    assert response.status_code == 422  # the form again, with its errors
    page = response.content.decode()
    assert "dep:99x" in page and "Unknown" in page
