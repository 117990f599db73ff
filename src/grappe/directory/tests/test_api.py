"""The directory in the HTTP API: organisations, people, networks, memberships, offers and needs."""

import datetime as dt
from decimal import Decimal

import pytest

from grappe.audit.models import ChangeLogEntry
from grappe.directory.models import Membership, MembershipDues, Network, OfferNeed, Organisation
from grappe.directory.models import Person as PersonModel
from grappe.testing.factories import (
    ActivityFactory,
    MembershipFactory,
    NetworkFactory,
    OfferNeedFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

JSON = "application/json"


def fields(response):
    assert response.status_code == 422, response.content
    return {item["field"] for item in response.json()["detail"]}


def items(response):
    assert response.status_code == 200, response.content
    return response.json()["items"]


def slugs(response, key="slug"):
    return [item[key] for item in items(response)]


@pytest.fixture
def lot(db):
    dep = TerritoryFactory(key="departement:47", code="47", name="Lot-et-Garonne")
    TerritoryFactory(key="commune:47001", code="47001", level="commune", name="Agen", parent=dep)
    return dep


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Fonderie Martin", slug="martin")


# Organisations -------------------------------------------------------------------------------


def test_organisations_list_filters_and_paginates(client, lot, member_org, other_org):
    agen = lot.children.get()
    section = ActivityFactory(code="C", level="section")
    division = ActivityFactory(code="25", level="division", label_fr="Métal", parent=section)
    OrganisationFactory(
        name="Fonderie de la Vallée",
        slug="vallee",
        territory=agen,
        activity=division,
        size_band="10_49",
    )
    OrganisationFactory(name="Lycée Palissy", slug="palissy", kind="research_training")

    assert client.get("/api/organisations").json()["count"] == 4
    assert slugs(client.get("/api/organisations", {"q": "fonderie vallee"})) == ["vallee"]
    assert slugs(client.get("/api/organisations", {"territory": "departement:47"})) == ["vallee"]
    assert slugs(client.get("/api/organisations", {"branch": "C"})) == ["vallee"]
    assert slugs(client.get("/api/organisations", {"size_band": "10_49"})) == ["vallee"]
    assert slugs(client.get("/api/organisations", {"kind": "research_training"})) == ["palissy"]
    assert slugs(client.get("/api/organisations", {"network": "vimeu"})) == ["dupont"]
    page = client.get("/api/organisations", {"limit": 3, "offset": 3}).json()
    assert page["count"] == 4 and [o["slug"] for o in page["items"]] == ["dupont"]
    assert fields(client.get("/api/organisations", {"kind": "bank"})) == {"kind"}
    assert fields(client.get("/api/organisations", {"territory": "region:99"})) == {"territory"}


def test_unpublished_organisation_hidden_from_anonymous(client, admin_user, member_org):
    OrganisationFactory(slug="hidden", published=False)
    assert client.get("/api/organisations/hidden").status_code == 404
    assert "hidden" not in slugs(client.get("/api/organisations"))
    client.force_login(admin_user)
    assert client.get("/api/organisations/hidden").status_code == 200
    assert "hidden" in slugs(client.get("/api/organisations"))


def test_admin_organisation_crud(client, admin_user, lot, member_user):
    ActivityFactory(code="C", level="section")
    client.force_login(admin_user)
    created = client.post(
        "/api/organisations",
        {
            "slug": "sotra",
            "name": "Sotra Équipements",
            "kind": "company",
            "activity": "C",
            "territory": "commune:47001",
            "size_band": "50_249",
            "editors": ["member"],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["activity"], body["territory"], body["editors"]) == (
        "C",
        "commune:47001",
        ["member"],
    )
    assert Organisation.objects.get(slug="sotra").search_text.startswith("sotra equipements")

    got = client.get("/api/organisations/sotra").json()
    assert got["name"] == "Sotra Équipements" and got["editors"] == ["member"]

    patched = client.patch(
        "/api/organisations/sotra", {"employees": 80, "size_band": None}, content_type=JSON
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["employees"], patched.json()["size_band"]) == (80, "")
    assert patched.json()["territory"] == "commune:47001"  # not sent, not changed

    assert client.delete("/api/organisations/sotra").status_code == 204
    assert client.get("/api/organisations/sotra").status_code == 404


def test_organisation_permissions(client, member_user, member_org, other_org, manager, outsider):
    body = {"slug": "new-firm", "name": "New firm", "kind": "company"}
    assert client.post("/api/organisations", body, content_type=JSON).status_code == 401
    assert (
        client.patch("/api/organisations/dupont", {"city": "X"}, content_type=JSON).status_code
        == 401
    )

    client.force_login(outsider)
    assert client.post("/api/organisations", body, content_type=JSON).status_code == 403
    assert (
        client.patch("/api/organisations/dupont", {"city": "X"}, content_type=JSON).status_code
        == 403
    )

    client.force_login(member_user)
    ok = client.patch("/api/organisations/dupont", {"city": "Feuquières"}, content_type=JSON)
    assert ok.status_code == 200 and ok.json()["city"] == "Feuquières"
    assert ok.json()["editors"] == ["member"]
    other = client.patch("/api/organisations/martin", {"city": "X"}, content_type=JSON)
    assert other.status_code == 403
    editors = client.patch("/api/organisations/dupont", {"editors": []}, content_type=JSON)
    assert editors.status_code == 403
    assert client.delete("/api/organisations/dupont").status_code == 403
    assert client.get("/api/organisations/martin").json()["editors"] is None

    client.force_login(manager)  # managers add the firms of their network
    assert client.post("/api/organisations", body, content_type=JSON).status_code == 201
    assert (
        client.patch("/api/organisations/dupont", {"city": "Y"}, content_type=JSON).status_code
        == 200
    )
    assert (
        client.patch("/api/organisations/martin", {"city": "Y"}, content_type=JSON).status_code
        == 403
    )


def test_organisation_validation_names_fields(client, admin_user, member_org):
    client.force_login(admin_user)

    def post(**changes):
        body = {"slug": "new-firm", "name": "New firm", "kind": "company", **changes}
        return fields(client.post("/api/organisations", body, content_type=JSON))

    assert post(kind="bank") == {"kind"}
    assert post(territory="departement:99") == {"territory"}
    assert post(activity="99.99Z") == {"activity"}
    assert post(slug="dupont") == {"slug"}
    assert post(slug="Not A Slug") == {"slug"}
    assert post(website="not a url") == {"website"}
    assert post(editors=["nobody"]) == {"editors"}
    missing = client.post("/api/organisations", {"slug": "x"}, content_type=JSON)
    assert fields(missing) == {"name", "kind"}


# People --------------------------------------------------------------------------------------


def test_people_listed_to_signed_in_users_only(client, outsider, member_user, member_org):
    PersonFactory(last_name="Dupont", organisation=member_org, email="a@example.org")
    PersonFactory(
        last_name="Lefèvre", organisation=member_org, email="b@example.org", contact_consent=True
    )
    hidden_org = OrganisationFactory(slug="hidden", published=False)
    PersonFactory(last_name="Caché", organisation=hidden_org)

    assert client.get("/api/people").status_code == 401
    client.force_login(outsider)
    people = {p["last_name"]: p for p in items(client.get("/api/people"))}
    assert set(people) == {"Dupont", "Lefèvre"}
    assert people["Dupont"]["email"] is None and people["Dupont"]["organisation"] == "dupont"
    assert people["Lefèvre"]["email"] == "b@example.org"

    client.force_login(member_user)  # may edit them: sees contacts without consent
    people = {p["last_name"]: p for p in items(client.get("/api/people", {"q": "dupont"}))}
    assert people["Dupont"]["email"] == "a@example.org"
    assert client.get("/api/people", {"organisation": "dupont"}).json()["count"] == 2


def test_people_crud_and_permissions(client, admin_user, member_user, member_org, other_org):
    client.force_login(member_user)
    created = client.post(
        "/api/people",
        {"ref": "p-claire", "first_name": "Claire", "last_name": "Petit", "organisation": "dupont"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    assert client.get("/api/people/p-claire").json()["last_name"] == "Petit"
    foreign = {"last_name": "Martin", "organisation": "martin"}
    assert client.post("/api/people", foreign, content_type=JSON).status_code == 403
    patched = client.patch("/api/people/p-claire", {"role": "CEO"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["role"] == "CEO"
    moved = client.patch("/api/people/p-claire", {"organisation": "martin"}, content_type=JSON)
    assert moved.status_code == 403
    assert fields(
        client.post("/api/people", {"last_name": "X", "organisation": "nope"}, content_type=JSON)
    ) == {"organisation"}
    assert fields(
        client.post(
            "/api/people",
            {"ref": "p-claire", "last_name": "Y", "organisation": "dupont"},
            content_type=JSON,
        )
    ) == {"ref"}
    assert client.delete("/api/people/p-claire").status_code == 204

    client.force_login(admin_user)
    assert client.post("/api/people", {"last_name": "Seul"}, content_type=JSON).status_code == 201


def test_person_export_and_erase(client, member_user, outsider, member_org):
    person = PersonFactory(last_name="Durand", organisation=member_org, ref="p-durand")
    client.force_login(member_user)
    client.patch("/api/people/p-durand", {"role": "Buyer"}, content_type=JSON)

    client.force_login(outsider)
    assert client.get("/api/people/p-durand/export").status_code == 403
    assert client.post("/api/people/p-durand/erase").status_code == 403

    client.force_login(member_user)
    export = client.get("/api/people/p-durand/export")
    assert export.status_code == 200
    assert export.json()["last_name"] == "Durand" and export.json()["changes"]
    assert client.post("/api/people/p-durand/erase").status_code == 204
    assert not PersonModel.objects.filter(pk=person.pk).exists()
    log = ChangeLogEntry.objects.filter(object_type="person", object_id=str(person.pk))
    assert log.exists() and not log.exclude(object_label="").exists()
    assert client.get("/api/people/p-durand").status_code == 404


# Networks ------------------------------------------------------------------------------------


def test_networks_list_filters_and_paginates(client, lot, network, other_network):
    section = ActivityFactory(code="C", level="section")
    division = ActivityFactory(code="25", level="division", label_fr="Métal", parent=section)
    sotra = NetworkFactory(name="Sotra Vallée", slug="sotra", kind="industrial_grouping")
    sotra.perimeter.add(lot.children.get())
    sotra.branches.add(division)

    assert client.get("/api/networks").json()["count"] == 3
    assert slugs(client.get("/api/networks", {"q": "vallee"})) == ["sotra"]
    assert slugs(client.get("/api/networks", {"territory": "departement:47"})) == ["sotra"]
    assert slugs(client.get("/api/networks", {"branch": "C"})) == ["sotra"]
    assert slugs(client.get("/api/networks", {"kind": "industrial_grouping"})) == ["sotra"]
    page = client.get("/api/networks", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    listed = items(client.get("/api/networks", {"q": "vallee"}))[0]
    assert listed["perimeter"] == ["commune:47001"] and listed["branches"] == ["25"]


def test_network_detail_with_figures(client, network, member_org):
    network.reported_members, network.reported_employees, network.reported_year = 38, 2300, 1997
    network.budget_amount, network.budget_currency = Decimal("2700000"), "FRF"
    network.save()
    past = OrganisationFactory(slug="past", employees=40)
    MembershipFactory(
        organisation=past, network=network, since=dt.date(2020, 1, 1), until=dt.date(2022, 12, 31)
    )
    member_org.employees = 12
    member_org.save()

    now = client.get("/api/networks/vimeu").json()
    assert (now["members"], now["employees"]) == (1, 12)
    assert now["reported"] == {"members": 38, "employees": 2300, "year": 1997}
    assert now["budget"]["currency"] == "FRF" and Decimal(now["budget"]["amount"]) == 2700000
    assert now["dues"] is None and now["managers"] is None
    then = client.get("/api/networks/vimeu", {"date": "2021-06-01"}).json()
    assert (then["members"], then["employees"], then["figures_date"]) == (2, 52, "2021-06-01")
    assert fields(client.get("/api/networks/vimeu", {"date": "yesterday"})) == {"date"}


def test_admin_network_crud(client, admin_user, lot, network, manager):
    ActivityFactory(code="C", level="section")
    client.force_login(admin_user)
    created = client.post(
        "/api/networks",
        {
            "slug": "spl-agen",
            "name": "SPL de l'Agenais",
            "kind": "lps",
            "perimeter": ["departement:47", "commune:47001"],
            "branches": ["C"],
            "parents": ["vimeu"],
            "managers": ["manager"],
            "budget": {"amount": "2700000", "currency": "FRF", "year": 1997},
            "dues": {"amount": 2000, "currency": "FRF", "description": "per firm and year"},
            "financing": [
                {"kind": "public", "funder": "DATAR", "share_percent": 50},
                {"kind": "dues", "share_percent": "50"},
            ],
            "reported": {"members": 38, "year": 1997},
            "published": False,
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["perimeter"] == ["commune:47001", "departement:47"]
    assert (body["branches"], body["parents"], body["managers"]) == (["C"], ["vimeu"], ["manager"])
    assert body["budget"]["year"] == 1997 and body["dues"]["description"] == "per firm and year"
    assert [f["kind"] for f in body["financing"]] == ["dues", "public"] or len(
        body["financing"]
    ) == 2
    assert body["reported"] == {"members": 38, "employees": None, "year": 1997}
    assert client.get("/api/networks/vimeu").json()["children"] == ["spl-agen"]

    patched = client.patch(
        "/api/networks/spl-agen",
        {"budget": {"amount": "3000000", "currency": "FRF"}, "financing": []},
        content_type=JSON,
    )
    assert patched.status_code == 200, patched.content
    spl = Network.objects.get(slug="spl-agen")
    assert (spl.budget_amount, spl.budget_year) == (Decimal("3000000"), 1997)  # year kept
    assert spl.financing.count() == 0 and spl.perimeter.count() == 2
    cleared = client.patch("/api/networks/spl-agen", {"budget": None}, content_type=JSON)
    assert cleared.json()["budget"] is None

    assert client.delete("/api/networks/spl-agen").status_code == 204
    assert not Network.objects.filter(slug="spl-agen").exists()


def test_network_permissions(client, manager, network, other_network, outsider):
    body = {"slug": "new", "name": "New", "kind": "cluster"}
    assert client.post("/api/networks", body, content_type=JSON).status_code == 401
    assert (
        client.patch("/api/networks/vimeu", {"acronym": "X"}, content_type=JSON).status_code == 401
    )

    client.force_login(outsider)
    assert (
        client.patch("/api/networks/vimeu", {"acronym": "X"}, content_type=JSON).status_code == 403
    )

    client.force_login(manager)
    ok = client.patch("/api/networks/vimeu", {"acronym": "CEV"}, content_type=JSON)
    assert ok.status_code == 200 and ok.json()["acronym"] == "CEV"
    assert ok.json()["managers"] == ["manager"]
    other = client.patch("/api/networks/cher", {"acronym": "X"}, content_type=JSON)
    assert other.status_code == 403
    assert client.post("/api/networks", body, content_type=JSON).status_code == 403
    managers = client.patch("/api/networks/vimeu", {"managers": []}, content_type=JSON)
    assert managers.status_code == 403
    assert client.delete("/api/networks/vimeu").status_code == 403
    other_network.refresh_from_db()
    assert other_network.acronym == ""


def test_unpublished_network_hidden_from_anonymous(client, admin_user, manager, network):
    network.published = False
    network.save()
    assert client.get("/api/networks/vimeu").status_code == 404
    assert client.get("/api/networks").json()["count"] == 0
    client.force_login(manager)  # managers see their own network
    assert client.get("/api/networks/vimeu").status_code == 200
    client.force_login(admin_user)
    assert slugs(client.get("/api/networks")) == ["vimeu"]


def test_network_validation_names_fields(client, admin_user, network):
    client.force_login(admin_user)

    def post(**changes):
        body = {"slug": "new", "name": "New", "kind": "cluster", **changes}
        return fields(client.post("/api/networks", body, content_type=JSON))

    assert post(kind="guild") == {"kind"}
    assert post(slug="vimeu") == {"slug"}
    assert post(budget={"amount": 10, "currency": "USD"}) == {"budget.currency"}
    assert post(dues={"amount": 10}) == {"dues.currency"}
    assert post(financing=[{"kind": "gift"}]) == {"financing.0.kind"}
    assert post(perimeter=["departement:99"]) == {"perimeter"}
    assert post(parents=["nope"]) == {"parents"}
    assert post(legal_status="sect") == {"legal_status"}
    assert post(budget={"amount": "1e20", "currency": "EUR"}) == {"budget.amount"}
    own = client.patch("/api/networks/vimeu", {"parents": ["vimeu"]}, content_type=JSON)
    assert fields(own) == {"parents"}


# Memberships ---------------------------------------------------------------------------------


def test_memberships_list_and_dues_visibility(client, manager, member_org, network, other_network):
    membership = Membership.objects.get()
    MembershipDues.objects.create(membership=membership, year=2024, amount=300, currency="EUR")
    MembershipFactory(organisation=member_org, network=other_network)

    assert client.get("/api/memberships").json()["count"] == 2
    listed = items(client.get("/api/memberships", {"network": "vimeu"}))
    assert [(m["organisation"], m["network"]) for m in listed] == [("dupont", "vimeu")]
    assert listed[0]["dues"] is None  # anonymous
    assert client.get("/api/memberships", {"organisation": "dupont"}).json()["count"] == 2
    assert fields(client.get("/api/memberships", {"network": "nope"})) == {"network"}

    client.force_login(manager)
    dues = client.get(f"/api/memberships/{membership.pk}").json()["dues"]
    assert dues == [{"year": 2024, "amount": "300.00", "currency": "EUR", "paid": False}]
    other = items(client.get("/api/memberships", {"network": "cher"}))
    assert other[0]["dues"] is None


def test_manager_keeps_memberships_of_own_network_only(
    client, manager, network, other_network, other_org, member_org
):
    body = {"organisation": "martin", "network": "vimeu", "since": "2024-01-01"}
    assert client.post("/api/memberships", body, content_type=JSON).status_code == 401

    client.force_login(manager)
    created = client.post("/api/memberships", body, content_type=JSON)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = client.patch(f"/api/memberships/{pk}", {"role": "treasurer"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["role"] == "treasurer"
    dues = client.put(
        f"/api/memberships/{pk}/dues/2024",
        {"amount": "250", "currency": "EUR", "paid": True},
        content_type=JSON,
    )
    assert dues.status_code == 200 and dues.json()["paid"] is True
    again = client.put(
        f"/api/memberships/{pk}/dues/2024", {"amount": 260, "currency": "EUR"}, content_type=JSON
    )
    assert again.json()["amount"] == "260.00" and MembershipDues.objects.count() == 1
    bad = client.put(
        f"/api/memberships/{pk}/dues/2024", {"amount": 1, "currency": "GBP"}, content_type=JSON
    )
    assert fields(bad) == {"currency"}

    elsewhere = {"organisation": "martin", "network": "cher"}
    assert client.post("/api/memberships", elsewhere, content_type=JSON).status_code == 403
    foreign = MembershipFactory(organisation=member_org, network=other_network)
    url = f"/api/memberships/{foreign.pk}"
    assert client.patch(url, {"note": "x"}, content_type=JSON).status_code == 403
    assert (
        client.put(
            f"{url}/dues/2024", {"amount": 1, "currency": "EUR"}, content_type=JSON
        ).status_code
        == 403
    )
    assert client.delete(url).status_code == 403
    moved = client.patch(f"/api/memberships/{pk}", {"network": "cher"}, content_type=JSON)
    assert moved.status_code == 403

    assert client.delete(f"/api/memberships/{pk}").status_code == 204
    assert not Membership.objects.filter(pk=pk).exists()


def test_membership_validation_names_fields(client, admin_user, network, other_org):
    client.force_login(admin_user)

    def post(**changes):
        body = {"organisation": "martin", "network": "vimeu", **changes}
        return fields(client.post("/api/memberships", body, content_type=JSON))

    assert post(organisation="nope") == {"organisation"}
    assert post(role="king") == {"role"}
    assert post(since="2024-13-01") == {"since"}
    assert post(since="2024-01-01", until="2023-01-01") == {"__all__"}
    assert fields(client.get("/api/memberships/abc")) == {"membership_id"}
    assert client.get("/api/memberships/999999").status_code == 404


# Offers and needs ----------------------------------------------------------------------------


def test_offers_needs_list_filters_and_hides_unpublished(client, admin_user, member_org):
    OfferNeedFactory(organisation=member_org, title="Presse plieuse", kind="equipment")
    OfferNeedFactory(
        organisation=member_org, title="Soudeur", direction="need", kind="staff_sharing"
    )
    hidden = OfferNeedFactory(organisation=member_org, title="Brouillon", published=False)

    assert client.get("/api/offers-needs").json()["count"] == 2
    assert slugs(client.get("/api/offers-needs", {"direction": "need"}), "title") == ["Soudeur"]
    assert slugs(client.get("/api/offers-needs", {"kind": "equipment"}), "title") == [
        "Presse plieuse"
    ]
    assert slugs(client.get("/api/offers-needs", {"q": "presse"}), "title") == ["Presse plieuse"]
    assert len(items(client.get("/api/offers-needs", {"limit": 1}))) == 1
    assert fields(client.get("/api/offers-needs", {"direction": "gift"})) == {"direction"}
    assert client.get(f"/api/offers-needs/{hidden.pk}").status_code == 404

    client.force_login(admin_user)
    assert client.get("/api/offers-needs").json()["count"] == 3
    assert client.get(f"/api/offers-needs/{hidden.pk}").json()["organisation"] == "dupont"


def test_offers_needs_crud_and_permissions(
    client, admin_user, member_user, member_org, other_org, lot
):
    body = {
        "organisation": "dupont",
        "direction": "offer",
        "kind": "production_capacity",
        "title": "Usinage 5 axes",
        "territory": "departement:47",
    }
    assert client.post("/api/offers-needs", body, content_type=JSON).status_code == 401

    client.force_login(member_user)
    created = client.post("/api/offers-needs", body, content_type=JSON)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["territory"] == "departement:47"
    patched = client.patch(f"/api/offers-needs/{pk}", {"published": False}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["published"] is False
    assert client.get(f"/api/offers-needs/{pk}").status_code == 200  # own, though unpublished

    foreign = OfferNeedFactory(organisation=other_org)
    elsewhere = {**body, "organisation": "martin"}
    assert client.post("/api/offers-needs", elsewhere, content_type=JSON).status_code == 403
    url = f"/api/offers-needs/{foreign.pk}"
    assert client.patch(url, {"title": "x"}, content_type=JSON).status_code == 403
    assert client.delete(url).status_code == 403
    moved = client.patch(f"/api/offers-needs/{pk}", {"organisation": "martin"}, content_type=JSON)
    assert moved.status_code == 403

    assert fields(
        client.post("/api/offers-needs", {**body, "direction": "gift"}, content_type=JSON)
    ) == {"direction"}
    assert fields(
        client.post("/api/offers-needs", {**body, "territory": "x:1"}, content_type=JSON)
    ) == {"territory"}
    assert client.delete(f"/api/offers-needs/{pk}").status_code == 204
    assert not OfferNeed.objects.filter(pk=pk).exists()

    client.force_login(admin_user)
    assert client.delete(url).status_code == 204
