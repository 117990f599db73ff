"""The one place changes are logged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from grappe.audit.models import ChangeAction, ChangeLogEntry


def log_change(
    *,
    actor: Any,
    action: ChangeAction,
    instance: models.Model,
    fields: Iterable[str] = (),
    public: bool = True,
) -> ChangeLogEntry:
    """Record that `actor` did `action` on `instance` (call it inside the service's transaction)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return ChangeLogEntry.objects.create(
        actor=user,
        action=action,
        object_type=instance._meta.model_name or "",
        object_id=str(instance.pk or ""),
        object_label=str(instance)[:250],
        fields=sorted(fields),
        public=public,
    )


def forget_object(*, object_type: str, object_id: str) -> int:
    """Blank the labels of an erased object's log entries (personal data must not linger)."""
    return ChangeLogEntry.objects.filter(object_type=object_type, object_id=object_id).update(
        object_label=""
    )
