"""Who calls the HTTP API (bearer tokens, session with CSRF), its schema and its docs page."""

import json
import re

import pytest
from django.test import Client

from grappe.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

JSON = "application/json"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def new_token(client, user, name="script"):
    client.force_login(user)
    response = client.post("/api/tokens", {"name": name}, content_type=JSON)
    assert response.status_code == 201, response.content
    client.logout()
    return response.json()


def test_token_is_shown_once_and_stored_hashed(client, manager):
    token = new_token(client, manager)
    assert token["token"].startswith("grp_") and token["name"] == "script"
    stored = ApiToken.objects.get(pk=token["id"])
    assert stored.user == manager and stored.digest == ApiToken.hash(token["token"])
    assert token["token"] not in stored.digest

    client.force_login(manager)
    listed = client.get("/api/tokens").json()
    assert [t["name"] for t in listed] == ["script"] and "token" not in listed[0]


def test_bearer_token_authenticates_writes(client, manager, network, other_network):
    raw = new_token(client, manager)["token"]
    response = client.patch(
        "/api/networks/vimeu", {"acronym": "CEV"}, content_type=JSON, **bearer(raw)
    )
    assert response.status_code == 200, response.content
    assert response.json()["managers"] == ["manager"]
    assert ApiToken.objects.get().last_used_at is not None
    # The token carries the user's rights, no more.
    other = client.patch("/api/networks/cher", {"acronym": "X"}, content_type=JSON, **bearer(raw))
    assert other.status_code == 403


def test_wrong_token_is_401_even_for_reads(client, network):
    wrong = bearer("grp_not-a-real-token")
    assert client.get("/api/networks", **wrong).status_code == 401
    response = client.patch("/api/networks/vimeu", {"acronym": "X"}, content_type=JSON, **wrong)
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid API token."}
    assert client.get("/api/networks", HTTP_AUTHORIZATION="Basic abc").status_code == 401


def test_token_of_inactive_user_is_refused(client, manager, network):
    raw = new_token(client, manager)["token"]
    manager.is_active = False
    manager.save()
    assert client.get("/api/networks", **bearer(raw)).status_code == 401


def test_tokens_are_revoked_by_their_owner_only(client, manager, outsider, network):
    token = new_token(client, manager)
    client.force_login(outsider)
    assert client.get("/api/tokens").json() == []
    assert client.delete(f"/api/tokens/{token['id']}").status_code == 404

    client.force_login(manager)
    assert client.delete(f"/api/tokens/{token['id']}").status_code == 204
    client.logout()
    assert client.get("/api/networks", **bearer(token["token"])).status_code == 401


def test_token_management_needs_a_signed_in_user(client):
    assert client.get("/api/tokens").status_code == 401
    assert client.post("/api/tokens", {"name": "x"}, content_type=JSON).status_code == 401
    assert client.post("/api/tokens", {"name": ""}, content_type=JSON).status_code == 401


def test_token_name_is_validated(client, manager):
    client.force_login(manager)
    response = client.post("/api/tokens", {"name": ""}, content_type=JSON)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["name"]


def test_session_writes_need_the_csrf_token(manager, network):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager)
    refused = browser.patch("/api/networks/vimeu", {"acronym": "X"}, content_type=JSON)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    browser.get("/api/docs")  # sets the CSRF cookie, as the docs page does for its requests
    csrf = browser.cookies["csrftoken"].value
    allowed = browser.patch(
        "/api/networks/vimeu", {"acronym": "CEV"}, content_type=JSON, HTTP_X_CSRFTOKEN=csrf
    )
    assert allowed.status_code == 200, allowed.content

    # Reads need no token, and bearer-token calls are not subject to CSRF.
    assert browser.get("/api/networks").status_code == 200
    raw = new_token(Client(), manager)["token"]
    scripted = Client(enforce_csrf_checks=True)
    ok = scripted.patch("/api/networks/vimeu", {"acronym": "Y"}, content_type=JSON, **bearer(raw))
    assert ok.status_code == 200


def test_anonymous_write_is_401_with_csrf_enforced(network):
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.patch("/api/networks/vimeu", {"acronym": "X"}, content_type=JSON)
    assert response.status_code == 401


def test_openapi_schema_lists_the_paths(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Grappe API"
    paths = schema["paths"]
    for path in (
        "/api/territories",
        "/api/territories/{key}",
        "/api/organisations",
        "/api/organisations/{slug}",
        "/api/people",
        "/api/people/{ref}/erase",
        "/api/people/{ref}/export",
        "/api/networks",
        "/api/networks/{slug}",
        "/api/memberships",
        "/api/memberships/{membership_id}/dues/{year}",
        "/api/offers-needs",
        "/api/offers-needs/{offer_need_id}",
        "/api/tokens",
        "/api/tokens/{token_id}",
    ):
        assert path in paths, path
    assert set(paths["/api/networks/{slug}"]) == {"get", "patch", "delete"}
    schemes = schema["components"]["securitySchemes"]
    assert {"ApiTokenAuth", "SignedInSession"} <= set(schemes)
    assert "NetworkPatch" in schema["components"]["schemas"]


def test_docs_page_uses_only_files_of_the_site(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page
    urls = re.findall(r"""(?:https?:)?//[^\s"'<>)]+""", page)
    assert urls == [], urls
    for asset in re.findall(r"""(?:src|href)="([^"]+)\"""", page):
        assert asset.startswith("/"), asset
        asset_response = client.get(asset)
        assert asset_response.status_code == 200, asset
        if hasattr(asset_response, "close"):
            asset_response.close()
