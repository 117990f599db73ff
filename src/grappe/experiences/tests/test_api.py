"""The experiences in the HTTP API: search with facets, detail, similar, writes and refusals."""

import pytest

from grappe.accounts.models import ApiToken
from grappe.experiences.models import Experience
from grappe.testing.factories import ExperienceFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
URL = "/api/experiences"


def bearer(user):
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="test", digest=ApiToken.hash(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def errors(response):
    assert response.status_code == 422, response.content
    return sorted(item["field"] for item in response.json()["detail"])


@pytest.fixture
def two(network):
    ExperienceFactory(
        ref="fr",
        title_fr="Formation commune",
        network=network,
        themes=["collaborative.training"],
        period_start=1996,
    )
    ExperienceFactory(
        ref="en", title_en="Joint export desk", themes=["collaborative.market_access"]
    )


def test_search_with_facets_and_scores(client, two):
    body = client.get(URL, {"q": "training"}).json()
    assert body["count"] == 1
    assert [(i["ref"], i["network"], i["themes"]) for i in body["items"]] == [
        ("fr", "vimeu", ["collaborative.training"])
    ]
    assert body["items"][0]["score"] > 0 and body["items"][0]["url"] == "/experiences/fr/"
    facets = {f["name"]: f for f in body["facets"]}
    assert [(o["value"], o["count"]) for o in facets["theme"]["options"]] == [
        ("collaborative.training", 1)
    ]
    assert client.get(URL, {"theme": "collaborative.market_access"}).json()["count"] == 1
    assert client.get(URL, {"network": "vimeu"}).json()["count"] == 1
    assert client.get(URL, {"limit": 1, "offset": 1}).json()["items"][0]["ref"] == "fr"


def test_search_rejects_bad_filters(client, two):
    assert errors(client.get(URL, {"theme": "tourism", "limit": 0})) == ["limit", "theme.0"]
    assert errors(client.get(URL, {"network": "nowhere"})) == ["network"]


def test_detail_and_similar(client, two):
    detail = client.get(f"{URL}/fr").json()
    assert (detail["title"], detail["languages"], detail["partners"]) == (
        "Formation commune",
        ["fr"],
        [],
    )
    assert client.get(f"{URL}/nope").status_code == 404
    ExperienceFactory(
        ref="fr2", title_fr="Formation des apprentis", themes=["collaborative.training"]
    )
    similar = client.get(f"{URL}/fr/similar").json()
    assert [s["experience"]["ref"] for s in similar] == ["fr2"]
    assert [r["kind"] for r in similar[0]["reasons"]] == ["themes", "words"]
    assert similar[0]["reasons"][0]["text"]


def test_similar_to_a_described_situation(client, two):
    TerritoryFactory(key="canton:x", level="canton")
    response = client.get(
        f"{URL}/similar",
        {"theme": "collaborative.market_access", "text": "export", "territory": "canton:x"},
    )
    assert [s["experience"]["ref"] for s in response.json()] == ["en"]
    assert errors(client.get(f"{URL}/similar", {"territory": "canton:nowhere"})) == ["territory"]
    assert errors(client.get(f"{URL}/similar", {"size_band": "huge"})) == ["size_band"]


def test_unpublished_are_hidden_from_anonymous(client, admin_user):
    ExperienceFactory(ref="draft", title_fr="Brouillon", published=False)
    assert client.get(f"{URL}/draft").status_code == 404
    assert client.get(f"{URL}/draft", **bearer(admin_user)).status_code == 200


def test_manager_creates_updates_and_deletes_for_own_network(client, manager, other_network):
    auth = bearer(manager)
    payload = {
        "ref": "vimeu-1",
        "network": "vimeu",
        "title_fr": "Un club",
        "themes": ["collaborative.training"],
        "partners": [{"name": "Région", "share_percent": "25.5"}],
        "figures": [{"name": "firms", "kind": "count", "value": "40", "year": 1997}],
        "density_class": "T2",
    }
    created = client.post(URL, payload, content_type=JSON, **auth)
    assert created.status_code == 201, created.content
    assert (created.json()["density_class"], created.json()["partners"][0]["share_percent"]) == (
        "T2",
        "25.50",
    )
    patched = client.patch(
        f"{URL}/vimeu-1", {"title_en": "A club", "themes": []}, content_type=JSON, **auth
    )
    assert patched.status_code == 200
    assert (patched.json()["themes"], patched.json()["languages"]) == ([], ["fr"])
    refused = client.patch(f"{URL}/vimeu-1", {"network": "cher"}, content_type=JSON, **auth)
    assert refused.status_code == 403
    other = dict(payload, ref="cher-1", network="cher")
    assert client.post(URL, other, content_type=JSON, **auth).status_code == 403
    assert client.delete(f"{URL}/vimeu-1", **auth).status_code == 204
    assert not Experience.objects.exists()


def test_writes_need_someone_signed_in(client, two):
    assert client.post(URL, {"ref": "x"}, content_type=JSON).status_code == 401
    assert client.delete(f"{URL}/fr").status_code == 401


def test_invalid_input_names_the_fields(client, admin_user):
    auth = bearer(admin_user)
    response = client.post(
        URL,
        {
            "ref": "bad",
            "country": "France",
            "themes": ["tourism"],
            "figures": [{"name": "budget", "kind": "money", "value": "-1"}],
            "colour": "blue",
        },
        content_type=JSON,
        **auth,
    )
    assert errors(response) == ["colour", "country", "figures.0.value", "themes.0"]
    response = client.post(
        URL,
        {
            "ref": "bad",
            "network": "nowhere",
            "density_class": "T1",
            "figures": [{"name": "budget", "kind": "money", "value": "10"}],
        },
        content_type=JSON,
        **auth,
    )
    assert errors(response) == ["network"]
    response = client.post(
        URL,
        {
            "ref": "bad",
            "period_start": 2001,
            "period_end": 1990,
            "figures": [{"name": "budget", "kind": "money", "value": "10"}],
        },
        content_type=JSON,
        **auth,
    )
    assert errors(response) == ["figures.0.currency", "period_end", "title_fr"]
    assert not Experience.objects.exists()


def test_described_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/experiences",
        "/api/experiences/similar",
        "/api/experiences/{ref}",
        "/api/experiences/{ref}/similar",
    } <= set(paths)
