"""The one place changes are logged."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from grappe.audit.models import ChangeAction, ChangeLogEntry

M = TypeVar("M", bound=models.Model)


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


def record_save(
    *,
    actor: Any,
    instance: M,
    data: Mapping[str, Any],
    m2m: Iterable[str] = (),
    search_text: Callable[[Any], str] | None = None,
    public: bool = True,
) -> M:
    """Set fields, validate, save, set many-to-many fields and log: the shared write step.

    Services check permissions first, then call this; `search_text` computes the normalised
    text that list pages search in.
    """
    creating = instance.pk is None
    m2m = tuple(m2m)
    changed = [k for k in data if k not in m2m and getattr(instance, k, None) != data[k]]
    for name, value in data.items():
        if name not in m2m:
            setattr(instance, name, value)
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        for name in m2m:
            if name in data:
                getattr(instance, name).set(data[name])
                changed.append(name)
        if search_text is not None:
            text = search_text(instance)
            if getattr(instance, "search_text", None) != text:
                type(instance)._default_manager.filter(pk=instance.pk).update(search_text=text)
                instance.search_text = text  # type: ignore[attr-defined]
        log_change(
            actor=actor,
            action=ChangeAction.CREATED if creating else ChangeAction.UPDATED,
            instance=instance,
            fields=changed,
            public=public,
        )
    return instance


def record_delete(*, actor: Any, instance: models.Model, public: bool = True) -> None:
    with transaction.atomic():
        log_change(actor=actor, action=ChangeAction.DELETED, instance=instance, public=public)
        instance.delete()
