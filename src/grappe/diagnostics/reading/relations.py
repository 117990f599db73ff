"""Steering, relations with politics and institutions, engagement, activities."""

from __future__ import annotations

import re
from collections.abc import Callable

from grappe.diagnostics.engine.facts import (
    ASPECT_LEVEL,
    ActivitySignal,
    AmbitionLevel,
    Aspect,
    LinkKind,
    NetworkFacts,
)
from grappe.diagnostics.reading.common import all_clauses, find, negated, structured
from grappe.diagnostics.reading.sheet import Sheet
from grappe.diagnostics.reading.text import Clause, clauses
from grappe.diagnostics.reading.words import (
    ASPECTS,
    BAD_RELATION,
    BUSINESS_PERSON,
    CORE_TEAM,
    DEVELOPMENT_BODY,
    DEVELOPMENT_BODY_NEGATIVE,
    EMPLOYMENT,
    GOOD_RELATION,
    GROUPS_IN,
    GROUPS_OUT,
    LARGE_FIRMS_IN,
    LARGE_FIRMS_OUT,
    LOCAL_AUTHORITY,
    NO_ACHIEVEMENT,
    NO_DRIVER,
    PERSON_START,
    PLANNED,
    POLITICAL_DISTANCE,
    POLITICAL_ENTANGLEMENT,
    POSITION_CLEAR,
    POSITION_UNCLEAR,
    PRESIDENT_ACTIVE,
    PRESIDENT_FAILED,
    THEME,
)

_ALL = (
    "origin",
    "composition",
    "governance",
    "relations_with_institutions",
    "evaluation",
    "outlook",
    "needs",
)
_MEMBER_NOTES = "membership notes"
_ROLES = re.compile(r"\b(?:vice-president|president|mayor|founder|director)\b", re.IGNORECASE)
_DEVELOPMENT_BODIES = ("CCI", "chamber", "development", "expansion", "DRIRE", "agency")


def read_steering(sheet: Sheet, f: NetworkFacts) -> None:
    heads = [m for m in sheet.members if m.kind == "company" and m.role == "president"]
    founders = [m for m in sheet.members if m.membership_type == "founding"]
    clause = find(sheet, ["origin"], NO_DRIVER)
    if clause:
        f.motor_individual = False
        f.note("motor_individual", clause.evidence())
    else:
        clause = find(sheet, ["origin", "founding_stages"], PERSON_START)
        if clause:
            f.motor_individual = True
            f.note("motor_individual", clause.evidence())
        elif founders:
            f.motor_individual = True
            f.note("motor_individual", structured("memberships", founders[0].name))
    clause = find(sheet, ["governance"], BUSINESS_PERSON) or _same_leader(sheet)
    if clause:
        f.business_leader_at_helm = True
        f.note("business_leader_at_helm", clause.evidence())
    elif heads:
        f.business_leader_at_helm = True
        f.note("business_leader_at_helm", structured("memberships", heads[0].name))
    else:
        steered = f.cite("public_links")
        if any(link.kind is LinkKind.STEERED for link in f.public_links):
            f.business_leader_at_helm = False
            for evidence in steered:
                if evidence.value == LinkKind.STEERED.value or evidence.source == "governance":
                    f.note("business_leader_at_helm", evidence)
                    break
    clause = find(sheet, ["governance", "evaluation", "outlook"], PRESIDENT_FAILED)
    if clause:
        f.president_active = False
        f.note("president_active", clause.evidence())
    else:
        clause = find(sheet, ["governance"], PRESIDENT_ACTIVE)
        if clause:
            f.president_active = True
            f.note("president_active", clause.evidence())
        elif heads:
            f.president_active = True
            f.note("president_active", structured("memberships", heads[0].name))
    clause = find(sheet, ["governance", "composition", "origin"], CORE_TEAM)
    if clause:
        f.core_team = True
        f.note("core_team", clause.evidence())


def _same_leader(sheet: Sheet) -> Clause | None:
    """The origin says the founder is a head of firm, and the same person leads it now."""
    origin = find(sheet, ["origin"], BUSINESS_PERSON)
    if origin is None:
        return None
    for clause in all_clauses(sheet, ["governance"]):
        for role in _ROLES.findall(clause.text):
            if re.search(rf"\b{re.escape(role)}\b", origin.text, re.IGNORECASE):
                return origin
    return None


def _tri(
    f: NetworkFacts,
    name: str,
    sheet: Sheet,
    fields: tuple[str, ...],
    good: Callable[[str], object],
    bad: Callable[[str], object],
) -> None:
    """Set a yes/no fact from clauses; when the text says both, leave it unknown."""
    yes = no = None
    for clause in all_clauses(sheet, fields):
        if bad(clause.text):
            no = no or clause
        elif good(clause.text):
            yes = yes or clause
    if yes and no:
        f.note(name, yes.evidence("yes"))
        f.note(name, no.evidence("no"))
    elif yes or no:
        setattr(f, name, bool(yes))
        found = yes or no
        if found:
            f.note(name, found.evidence())


def read_relations(sheet: Sheet, f: NetworkFacts) -> None:
    clause = find(sheet, _ALL, POLITICAL_DISTANCE)
    if clause:
        f.political_distance = True
        f.note("political_distance", clause.evidence())
    for part in all_clauses(sheet, _ALL):
        if POLITICAL_ENTANGLEMENT.search(part.text):
            f.political_entanglement = True
            f.note("political_entanglement", part.evidence())
            break
    _tri(
        f,
        "local_cooperation",
        sheet,
        ("relations_with_institutions", "governance"),
        lambda t: LOCAL_AUTHORITY.search(t) and GOOD_RELATION.search(t),
        lambda t: LOCAL_AUTHORITY.search(t) and BAD_RELATION.search(t),
    )
    _development_bodies(sheet, f)
    _tri(
        f,
        "position_clear",
        sheet,
        ("relations_with_institutions", "evaluation", "outlook"),
        lambda t: POSITION_CLEAR.search(t),
        lambda t: POSITION_UNCLEAR.search(t),
    )
    _engagement(sheet, f)


def _development_bodies(sheet: Sheet, f: NetworkFacts) -> None:
    positive = [
        link
        for link in f.public_links
        if any(word.lower() in link.body.lower() for word in _DEVELOPMENT_BODIES)
    ]
    fields = ("relations_with_institutions", "origin", "needs")
    negative = next(
        (
            c
            for c in all_clauses(sheet, (*fields, "staff_description"))
            if DEVELOPMENT_BODY.search(c.text) and DEVELOPMENT_BODY_NEGATIVE.search(c.text)
        ),
        None,
    )
    negative_note = next(
        (r for r in sheet.financing if DEVELOPMENT_BODY_NEGATIVE.search(r.note)), None
    )
    good = next(
        (
            c
            for c in all_clauses(sheet, ("relations_with_institutions",))
            if DEVELOPMENT_BODY.search(c.text)
            and GOOD_RELATION.search(c.text)
            and not DEVELOPMENT_BODY_NEGATIVE.search(c.text)
        ),
        None,
    )
    is_positive = bool(positive or good)
    is_negative = bool(negative or negative_note)
    if is_positive and is_negative:
        f.note(
            "development_bodies_support",
            (good.evidence("yes") if good else structured("public_links", positive[0].body)),
        )
        if negative:
            f.note("development_bodies_support", negative.evidence("no"))
        return
    if is_positive:
        f.development_bodies_support = True
        f.note(
            "development_bodies_support",
            good.evidence()
            if good
            else structured("public_links", f"{positive[0].kind.value}: {positive[0].body}"),
        )
    elif is_negative:
        f.development_bodies_support = False
        if negative:
            f.note("development_bodies_support", negative.evidence())
        elif negative_note:
            f.note("development_bodies_support", structured("financing", negative_note.note))


def _engagement(sheet: Sheet, f: NetworkFacts) -> None:
    fields = (
        "composition",
        "governance",
        "evaluation",
        "outlook",
        "achievements",
        "relations_with_institutions",
    )
    notes = [m.note for m in sheet.members if m.note and m.kind == "company"]
    for name, good, bad in (
        ("large_firms_engaged", LARGE_FIRMS_IN, LARGE_FIRMS_OUT),
        ("outside_groups_engaged", GROUPS_IN, GROUPS_OUT),
    ):
        out = find(sheet, fields, bad)
        if out:
            setattr(f, name, False)
            f.note(name, out.evidence())
            continue
        note = next((n for n in notes if bad.search(n)), None)
        if note:
            setattr(f, name, False)
            f.note(name, structured(_MEMBER_NOTES, note))
            continue
        found = find(sheet, fields, good)
        if found:
            setattr(f, name, True)
            f.note(name, found.evidence())


def read_activity(sheet: Sheet, f: NetworkFacts) -> None:
    achievements = [c for c in clauses("achievements", sheet.text("achievements"))]
    objectives = [c for c in clauses("objectives", sheet.text("objectives"))]
    f.achievements_known = bool(achievements)
    f.objectives_known = bool(objectives)
    planned = bool(achievements) and bool(PLANNED.search(achievements[0].text))
    signals: list[ActivitySignal] = []
    seen: set[tuple[Aspect, bool]] = set()
    for part, achieved in [(c, not planned) for c in achievements] + [
        (c, False) for c in objectives
    ]:
        if achieved and NO_ACHIEVEMENT.search(part.text):
            continue
        for aspect, pattern in ASPECTS:
            match = pattern.search(part.text)
            if match and (aspect, achieved) not in seen and not negated(part.text, match.start()):
                seen.add((aspect, achieved))
                signals.append(ActivitySignal(aspect, achieved, part.evidence(aspect.value)))
    f.activities = tuple(signals)
    if achievements:
        f.concrete_projects, first = _projects(achievements, planned)
        if f.concrete_projects is not None:
            f.note("concrete_projects", first.evidence(str(f.concrete_projects)))
    clause = find(sheet, ["achievements", "governance", "objectives", "evaluation"], THEME)
    if clause:
        f.yearly_theme = True
        f.note("yearly_theme", clause.evidence())
    clause = find(sheet, ["objectives", "achievements"], EMPLOYMENT)
    if clause:
        f.employment_focus = True
        f.note("employment_focus", clause.evidence())


def _projects(achievements: list[Clause], planned: bool) -> tuple[int | None, Clause]:
    """Concrete projects: achievements that defend common interests or bring progress (N2, N3),
    with the first of them (or the first achievement) as evidence.

    None when some achievements could not be read: they may be projects the reader missed.
    """
    if planned or NO_ACHIEVEMENT.search(achievements[0].text):
        return 0, achievements[0]
    projects: list[Clause] = []
    unread = 0
    for clause in achievements:
        levels = {ASPECT_LEVEL[a] for a, pattern in ASPECTS if pattern.search(clause.text)}
        if levels - {AmbitionLevel.N1}:
            projects.append(clause)
        elif not levels:
            unread += 1
    if projects:
        return len(projects), projects[0]
    return (None if unread else 0), achievements[0]  # 0: only meetings and exchanges (N1)
