"""The diagnosis API: network diagnosis, summaries, questionnaire."""

from __future__ import annotations

import pytest

from grappe.diagnostics.models import NetworkAnswers
from grappe.directory.models import Network
from grappe.testing.factories import NetworkFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "name": "Club en projet",
    "founding": True,
    "branch_scope": "multiple",
    "member_firms": 12,
    "initiator": "public_body",
    "dues": {"amount": "500", "currency": "FRF"},
    "activities_aimed": ["image"],
}


def test_network_diagnosis_gives_codes_and_texts(client):
    NetworkFactory(
        slug="privas",
        name="Privas Entreprendre",
        branch_scope="multiple",
        origin="The municipality of Privas, through its economic mission.",
    )
    response = client.get("/api/diagnostics/networks/privas")
    assert response.status_code == 200
    data = response.json()
    family = next(c for c in data["classes"] if c["axis"] == "family")
    assert (family["value"], family["mode"]) == ("B3", "autonomous")
    assert family["reasons"][1]["evidence"][0]["quote"].startswith("The municipality")
    assert {c["verdict"] for c in data["checks"]} <= {"met", "not_met", "unknown"}
    assert data["slug"] == "privas" and "similar_networks" in data


def test_hidden_or_unknown_network_is_404(client):
    NetworkFactory(slug="hidden", published=False)
    assert client.get("/api/diagnostics/networks/hidden").status_code == 404
    assert client.get("/api/diagnostics/networks/nothing").status_code == 404


def test_summaries_of_a_territory(client):
    dep = TerritoryFactory(key="departement:26", code="26")
    inside = NetworkFactory(slug="dieulefit", branch_scope="single")
    inside.perimeter.add(dep)
    NetworkFactory(slug="elsewhere")
    data = client.get("/api/diagnostics/networks", {"territory": "departement:26"}).json()
    assert data["count"] == 1
    assert data["items"][0]["slug"] == "dieulefit"
    assert data["items"][0]["family"] == "B1"


def test_questionnaire_diagnosis_writes_nothing(client):
    count = Network.objects.count()
    response = client.post(
        "/api/diagnostics/questionnaire", ANSWERS, content_type="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert next(c for c in data["classes"] if c["axis"] == "family")["value"] == "B3"
    assert data["recommendations"][0]["id"] == "assess_feasibility"
    assert Network.objects.count() == count


def test_questionnaire_rejects_unknown_keys_and_bad_values(client):
    bad = ANSWERS | {"perimeter": ["canton:nowhere"], "participation_share": 2}
    response = client.post("/api/diagnostics/questionnaire", bad, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "participation_share"
    unknown = ANSWERS | {"perimeter": ["canton:nowhere"]}
    response = client.post(
        "/api/diagnostics/questionnaire", unknown, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "perimeter"


def test_questionnaire_save_needs_rights(client, outsider, admin_user):
    url = "/api/diagnostics/questionnaire/save"
    assert client.post(url, ANSWERS, content_type="application/json").status_code == 401
    client.force_login(outsider)
    assert client.post(url, ANSWERS, content_type="application/json").status_code == 403
    client.force_login(admin_user)
    response = client.post(url, ANSWERS, content_type="application/json")
    assert response.status_code == 201
    network = Network.objects.get(slug=response.json()["slug"])
    assert NetworkAnswers.objects.get(network=network).answers["dues_eur"] == "76.22"
