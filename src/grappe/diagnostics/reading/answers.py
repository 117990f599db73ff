"""Questionnaire answers as facts: what someone tells about a network overrides what was read.

Answers are plain JSON (stored as such for saved networks): a mapping from fact names of
`NetworkFacts` to values — booleans (None: "don't know"), numbers, shares from 0 to 1, amounts in
euros as strings, enumeration values, and three lists: `branch_codes`, `public_links`
(`[{"kind": "hosted", "body": "town hall"}]`) and `activities_done` / `activities_aimed`
(aspect codes). Unknown keys are ignored.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from grappe.diagnostics.engine.facts import (
    ActivitySignal,
    Aspect,
    Branches,
    Evidence,
    Extent,
    Initiator,
    LinkKind,
    NetworkFacts,
    PublicLink,
)

SOURCE = "questionnaire"

FLAGS = (
    "founding",
    "sizes_disparate",
    "motor_individual",
    "business_leader_at_helm",
    "president_active",
    "core_team",
    "no_budget",
    "logistics_support",
    "political_distance",
    "political_entanglement",
    "local_cooperation",
    "development_bodies_support",
    "position_clear",
    "large_firms_engaged",
    "outside_groups_engaged",
    "yearly_theme",
    "employment_focus",
    "independence_stated",
)
INTEGERS = (
    "founded_year",
    "member_firms",
    "members_total",
    "member_size_min",
    "member_size_max",
    "member_firms_10_plus",
    "cantons",
    "population",
    "area_firms",
    "area_firms_10_plus",
    "concrete_projects",
)
FLOATS = (
    "area_km2",
    "staff_fte",
    "dominant_branch_share",
    "participation_share",
    "public_funding_share",
)
MONEY = ("budget_eur", "dues_eur")
ENUMS: dict[str, type[Branches] | type[Initiator] | type[Extent]] = {
    "branch_scope": Branches,
    "initiator": Initiator,
    "extent": Extent,
}


def _note(facts: NetworkFacts, name: str, value: Any) -> None:
    facts.evidence[name] = [Evidence(SOURCE, value=str(value))]


def apply_answers(facts: NetworkFacts, answers: dict[str, Any]) -> NetworkFacts:
    """Set every answered fact (answers win over what was read); return the same facts."""
    for name in FLAGS:
        value = answers.get(name)
        if isinstance(value, bool):
            setattr(facts, name, value)
            _note(facts, name, value)
    for name in INTEGERS:
        value = answers.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            setattr(facts, name, value)
            _note(facts, name, value)
    for name in FLOATS:
        value = answers.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            setattr(facts, name, float(value))
            _note(facts, name, value)
    for name in MONEY:
        value = answers.get(name)
        if value not in (None, ""):
            try:
                setattr(facts, name, Decimal(str(value)))
            except InvalidOperation:
                continue
            _note(facts, name, f"{value} EUR")
    for name, enum in ENUMS.items():
        value = answers.get(name)
        if value in {e.value for e in enum}:
            setattr(facts, name, enum(value))
            _note(facts, name, value)
    codes = [str(c) for c in answers.get("branch_codes") or [] if str(c).strip()]
    if codes:
        facts.branch_codes = tuple(codes)
        _note(facts, "branch_codes", ", ".join(codes))
    _links(facts, answers)
    _activities(facts, answers)
    return facts


def _links(facts: NetworkFacts, answers: dict[str, Any]) -> None:
    raw = answers.get("public_links")
    if raw is None:
        return
    kinds = {k.value for k in LinkKind}
    links = tuple(
        PublicLink(LinkKind(item["kind"]), str(item.get("body", "")))
        for item in raw
        if isinstance(item, dict) and item.get("kind") in kinds
    )
    facts.public_links = links
    facts.ties_known = True
    facts.evidence["public_links"] = [
        Evidence(SOURCE, value=f"{link.kind.value}: {link.body}".strip(": ")) for link in links
    ]
    facts.evidence["ties_known"] = [Evidence(SOURCE, value="public_links")]


def _activities(facts: NetworkFacts, answers: dict[str, Any]) -> None:
    aspects = {a.value for a in Aspect}
    done = [a for a in answers.get("activities_done") or [] if a in aspects]
    aimed = [a for a in answers.get("activities_aimed") or [] if a in aspects]
    if not done and not aimed:
        return
    facts.activities = tuple(
        ActivitySignal(Aspect(a), achieved, Evidence(SOURCE, value=a))
        for a, achieved in [(a, True) for a in done] + [(a, False) for a in aimed]
    )
    facts.achievements_known = facts.achievements_known or bool(done)
    facts.objectives_known = facts.objectives_known or bool(aimed)
