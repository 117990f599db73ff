"""Writes and questionnaire runs of the diagnostics app.

A questionnaire is diagnosed without writing anything; saving it creates the network through
`grappe.directory.services.network_create` (with its permission check) and keeps the answers,
which then take precedence over what is read from the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from grappe.activities.models import Activity
from grappe.audit.services import record_save
from grappe.diagnostics.engine import Diagnosis, NetworkFacts, diagnose
from grappe.diagnostics.models import NetworkAnswers
from grappe.diagnostics.reading import Sheet, TerritoryData, build_facts
from grappe.diagnostics.reading.answers import apply_answers
from grappe.directory import rules
from grappe.directory import services as directory_services
from grappe.directory.models import (
    BranchScope,
    LegalStatus,
    Network,
    NetworkKind,
)
from grappe.territories.models import Territory

# Answers whose values are facts of the perimeter's territories when left empty.
_TERRITORY_ANSWERS = ("population", "area_km2", "cantons", "area_firms", "area_firms_10_plus")


def questionnaire_facts(*, answers: Mapping[str, Any]) -> NetworkFacts:
    """The facts of a network described only by questionnaire answers (nothing is written).

    The chosen perimeter territories give their figures (population, area, cantons, firm
    counts) where the answers leave them empty.
    """
    keys = [str(k) for k in answers.get("perimeter") or []]
    territories = list(Territory.objects.filter(key__in=keys))
    sheet = Sheet(
        name=str(answers.get("name") or ""),
        year=dt.date.today().year,
        territories=tuple(
            TerritoryData(
                key=t.key,
                level=t.level,
                name=t.name,
                population=t.population,
                population_year=t.population_year,
                area_km2=float(t.area_km2) if t.area_km2 is not None else None,
                cantons_count=t.cantons_count,
                firms=t.establishments_total,
                firms_10_plus=t.establishments_10_plus,
            )
            for t in territories
        ),
    )
    return apply_answers(build_facts(sheet), dict(answers))


def questionnaire_diagnosis(*, answers: Mapping[str, Any]) -> Diagnosis:
    return diagnose(questionnaire_facts(answers=answers))


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "network"
    slug, n = base, 2
    while Network.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _network_data(answers: Mapping[str, Any]) -> dict[str, Any]:
    scope = answers.get("branch_scope")
    codes = [str(c) for c in answers.get("branch_codes") or []]
    keys = [str(k) for k in answers.get("perimeter") or []]
    budget, dues = answers.get("budget_eur"), answers.get("dues_eur")
    staff = answers.get("staff_fte")
    return {
        "name": str(answers["name"]),
        "slug": _unique_slug(str(answers["name"])),
        "kind": NetworkKind.BUSINESS_CLUB,
        "founded_year": answers.get("founded_year"),
        "legal_status": LegalStatus.UNKNOWN,
        "branch_scope": scope if scope in BranchScope.values else BranchScope.UNKNOWN,
        "branches": list(Activity.objects.filter(code__in=codes)),
        "perimeter": list(Territory.objects.filter(key__in=keys)),
        "staff_fte": staff,
        "budget_amount": budget,
        "budget_currency": "EUR",
        "dues_amount": dues,
        "dues_currency": "EUR",
        "reported_members": answers.get("member_firms"),
        "reported_year": dt.date.today().year,
        "source": _("Diagnosis questionnaire"),
        "published": False,
    }


def network_answers_set(
    *, actor: Any, network: Network, answers: Mapping[str, Any]
) -> NetworkAnswers:
    """Keep (or replace) the questionnaire answers of a network its editors may change."""
    rules.require(rules.can_edit_network(actor, network))
    stored = {k: v for k, v in answers.items() if k not in ("name", "perimeter")}
    instance = NetworkAnswers.objects.filter(network=network).first() or NetworkAnswers(
        network=network
    )
    author = actor if getattr(actor, "is_authenticated", False) else None
    return record_save(
        actor=actor, instance=instance, data={"answers": stored, "author": author}, public=False
    )


def questionnaire_save(*, actor: Any, answers: Mapping[str, Any]) -> Network:
    """Create the described network (unpublished, for its author to complete) and its answers."""
    rules.require(rules.can_create_network(actor))
    with transaction.atomic():
        network = directory_services.network_create(actor=actor, data=_network_data(answers))
        network_answers_set(actor=actor, network=network, answers=answers)
    return network
