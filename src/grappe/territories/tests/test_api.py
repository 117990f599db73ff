"""The territories of the HTTP API: /api/territories."""

import pytest

from grappe.territories.models import Territory
from grappe.testing.factories import TerritoryFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def fields(response):
    return {item["field"] for item in response.json()["detail"]}


@pytest.fixture
def lot(db):
    region = TerritoryFactory(key="region:75", code="75", level="region", name="Nouvelle-Aquitaine")
    return TerritoryFactory(
        key="departement:47", code="47", name="Lot-et-Garonne", parent=region, population=330000
    )


def test_list_filters_and_paginates(client, lot):
    TerritoryFactory(key="commune:47001", code="47001", level="commune", name="Agen", parent=lot)
    TerritoryFactory(
        key="commune:47157", code="47157", level="commune", name="Marmande", parent=lot
    )
    TerritoryFactory(key="commune:80001", code="80001", level="commune", name="Abbeville")

    everything = client.get("/api/territories").json()
    assert everything["count"] == 5

    communes = client.get("/api/territories", {"level": "commune", "parent": "departement:47"})
    assert [t["key"] for t in communes.json()["items"]] == ["commune:47001", "commune:47157"]

    page = client.get("/api/territories", {"level": "commune", "limit": 2, "offset": 2}).json()
    assert page["count"] == 3 and len(page["items"]) == 1


def test_list_search_ignores_accents(client, lot):
    TerritoryFactory(key="employment_area:vallee", code="", name="Vallée de la Bresle")
    found = client.get("/api/territories", {"q": "vallee bresle"}).json()["items"]
    assert [t["key"] for t in found] == ["employment_area:vallee"]


def test_list_bad_filters_name_the_field(client, lot):
    assert fields(client.get("/api/territories", {"level": "planet"})) == {"level"}
    assert fields(client.get("/api/territories", {"parent": "departement:99"})) == {"parent"}


def test_read_by_key_with_colon(client, lot):
    response = client.get("/api/territories/departement:47")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Lot-et-Garonne"
    assert body["parent"] == "region:75"
    assert body["population"] == 330000
    assert body["density"]["density_class"] == "unknown"
    assert client.get("/api/territories/departement%3A47").status_code == 200
    missing = client.get("/api/territories/departement:99")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}


def test_admin_creates_updates_and_deletes(client, admin_user, lot):
    client.force_login(admin_user)
    created = client.post(
        "/api/territories",
        {
            "key": "canton:4701",
            "level": "canton",
            "code": "4701",
            "name": "Agen-1",
            "parent": "departement:47",
            "area_km2": "52.5",
            "establishments": {"0_9": 300, "10_49": 20},
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["parent"] == "departement:47"
    assert body["establishments"] == {"0_9": 300, "10_49": 20, "50_249": None, "250_plus": None}
    canton = Territory.objects.get(key="canton:4701")
    assert canton.search_text  # written by the service

    patched = client.patch(
        "/api/territories/canton:4701",
        {"population": 12000, "establishments": {"50_249": 3}},
        content_type=JSON,
    )
    assert patched.status_code == 200, patched.content
    canton.refresh_from_db()
    assert canton.population == 12000
    assert (canton.establishments_0_9, canton.establishments_50_249) == (300, 3)
    assert canton.name == "Agen-1" and canton.parent == lot  # untouched by PATCH

    cleared = client.patch("/api/territories/canton:4701", {"parent": None}, content_type=JSON)
    assert cleared.json()["parent"] is None

    assert client.delete("/api/territories/canton:4701").status_code == 204
    assert not Territory.objects.filter(key="canton:4701").exists()


@pytest.mark.parametrize("who", ["outsider", "manager", "member_user"])
def test_only_admins_write(client, lot, who, request):
    client.force_login(request.getfixturevalue(who))
    body = {"key": "commune:47001", "level": "commune", "name": "Agen"}
    assert client.post("/api/territories", body, content_type=JSON).status_code == 403
    patch = client.patch("/api/territories/departement:47", {"name": "X"}, content_type=JSON)
    assert patch.status_code == 403
    assert client.delete("/api/territories/departement:47").status_code == 403
    lot.refresh_from_db()
    assert lot.name == "Lot-et-Garonne"


def test_anonymous_cannot_write(client, lot):
    body = {"key": "commune:47001", "level": "commune", "name": "Agen"}
    response = client.post("/api/territories", body, content_type=JSON)
    assert response.status_code == 401
    assert "detail" in response.json()
    assert client.delete("/api/territories/departement:47").status_code == 401


def test_validation_errors_name_the_field(client, admin_user, lot):
    client.force_login(admin_user)

    def post(**changes):
        body = {"key": "commune:47001", "level": "commune", "name": "Agen", **changes}
        response = client.post("/api/territories", body, content_type=JSON)
        assert response.status_code == 422, response.content
        return fields(response)

    assert post(level="planet") == {"level"}
    assert post(parent="departement:99") == {"parent"}
    assert post(key="departement:47") == {"key"}
    assert post(establishments={"1_2": 3}) == {"establishments.1_2"}
    assert post(population=-1) == {"population"}
    assert post(colour="blue") == {"colour"}
    loop = client.patch(
        "/api/territories/departement:47", {"parent": "departement:47"}, content_type=JSON
    )
    assert loop.status_code == 422 and fields(loop) == {"parent"}
