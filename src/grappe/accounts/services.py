"""Writes on accounts: the API tokens of signed-in users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from grappe.accounts import rules
from grappe.accounts.models import ApiToken
from grappe.audit.services import record_delete, record_save


def api_token_create(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `actor`; the raw token is returned here only, the database keeps its hash."""
    rules.require(bool(getattr(actor, "is_authenticated", False)))
    raw = ApiToken.generate()
    token = record_save(
        actor=actor,
        instance=ApiToken(user=actor, digest=ApiToken.hash(raw)),
        data={"name": name},
        public=False,
    )
    return token, raw


def api_token_delete(*, actor: Any, token: ApiToken) -> None:
    """Revoke one of the actor's own tokens."""
    rules.require(bool(getattr(actor, "is_authenticated", False)) and token.user_id == actor.pk)
    record_delete(actor=actor, instance=token, public=False)


def api_token_use(raw: str) -> AbstractBaseUser | None:
    """The active user a raw bearer token belongs to (noting when it was used), else None."""
    if not raw.startswith("grp_"):
        return None
    token = ApiToken.objects.filter(digest=ApiToken.hash(raw)).select_related("user").first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
