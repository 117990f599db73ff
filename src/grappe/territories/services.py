"""Writes on territories (reference data is loaded by grappe.territories.reference)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from grappe.audit.services import record_delete, record_save
from grappe.core.search import search_text_for
from grappe.territories import rules
from grappe.territories.models import Territory


def territory_create(*, actor: Any, data: Mapping[str, Any]) -> Territory:
    rules.require(rules.can_manage_territories(actor))
    return record_save(actor=actor, instance=Territory(), data=data, search_text=search_text_for)


def territory_update(*, actor: Any, territory: Territory, data: Mapping[str, Any]) -> Territory:
    rules.require(rules.can_manage_territories(actor))
    parent = data.get("parent")
    while parent is not None:
        if parent.pk == territory.pk:
            raise ValidationError({"parent": _("A territory cannot lie inside itself.")})
        parent = parent.parent
    return record_save(actor=actor, instance=territory, data=data, search_text=search_text_for)


def territory_delete(*, actor: Any, territory: Territory) -> None:
    rules.require(rules.can_manage_territories(actor))
    record_delete(actor=actor, instance=territory)
