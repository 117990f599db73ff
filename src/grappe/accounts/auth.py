"""How the HTTP API knows who is calling: a bearer API token or the browser session.

- `Authorization: Bearer grp_…` is checked against the hashes of `ApiToken`; a token that is
  presented but unknown is refused with 401 at once, whatever else the request carries;
- otherwise a signed-in browser session is used, with Django's CSRF check on unsafe methods;
- read endpoints (`ANYONE`) fall back to the anonymous user, who sees published content only;
  write endpoints (`SIGNED_IN`) answer 401 to anonymous callers.

The user found is `request.auth`; `actor(request)` returns it for the services and selectors.
This module also holds the endpoints where a signed-in user manages their own tokens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf
from pydantic import ConfigDict

from grappe.accounts import services
from grappe.accounts.models import ApiToken


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer grp_…`: a token of `ApiToken`, stored as its SHA-256 digest."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = services.api_token_use(token)
        if user is None:
            # A wrong token is an error, not a reason to try the session or go anonymous.
            raise AuthenticationError(401, "Invalid API token.")
        request.user = user
        return user


class SignedInSession(SessionAuth):
    """Django's session, with the CSRF check made only when the session signs someone in.

    Ninja's own session auth checks CSRF before looking at the user, so an anonymous write
    would get "CSRF check failed" (403) instead of 401.
    """

    def __call__(self, request: HttpRequest) -> Any | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request):
            raise HttpError(403, "CSRF check failed.")
        return user


class Anonymous:
    """Last resort of read endpoints: no credentials at all means the anonymous user."""

    def __call__(self, request: HttpRequest) -> Any | None:
        if request.headers.get("Authorization"):
            return None
        return AnonymousUser()


token_auth = ApiTokenAuth()
session_auth = SignedInSession(csrf=True)
SIGNED_IN = [token_auth, session_auth]
ANYONE = [token_auth, session_auth, Anonymous()]


def actor(request: HttpRequest) -> Any:
    """The user making the request (the anonymous user when nobody is signed in)."""
    return getattr(request, "auth", None) or AnonymousUser()


# Token management ----------------------------------------------------------------------------

router = Router(tags=["API tokens"], auth=SIGNED_IN)


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="What the token is for.")


class TokenOut(Schema):
    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The raw token: shown this once, only its hash is kept.")


@router.post("", response={201: NewTokenOut}, summary="Create an API token")
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    token, raw = services.api_token_create(actor=actor(request), name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": raw})


@router.get("", response=list[TokenOut], summary="List my API tokens")
def list_tokens(request: HttpRequest) -> Any:
    return ApiToken.objects.filter(user=actor(request)).order_by("-created_at", "-pk")


@router.delete("/{token_id}", response={204: None}, summary="Revoke an API token")
def delete_token(request: HttpRequest, token_id: int) -> Status[None]:
    token = ApiToken.objects.get(pk=token_id, user=actor(request))
    services.api_token_delete(actor=actor(request), token=token)
    return Status(204, None)
