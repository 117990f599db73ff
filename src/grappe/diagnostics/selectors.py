"""Reads of the diagnostics app: a network's facts and diagnosis, similar networks, experiences.

The facts come from the directory record through `grappe.diagnostics.reading` (structured fields
first, careful reading of the sheet's text second); the engine (`grappe.diagnostics.engine`)
does the rest. Only networks the user may see are diagnosed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet

from grappe.diagnostics.engine import Diagnosis, NetworkFacts, diagnose
from grappe.diagnostics.models import NetworkAnswers
from grappe.diagnostics.reading import FinancingRow, MemberData, Sheet, TerritoryData, build_facts
from grappe.diagnostics.reading.answers import apply_answers
from grappe.diagnostics.reading.sheet import TEXT_FIELDS
from grappe.directory import rules
from grappe.directory.models import Membership, Network
from grappe.directory.money import Currency, Money
from grappe.experiences.models import Experience
from grappe.experiences.similar import SimilarItem, situation_from
from grappe.experiences.similar import similar_experiences as ranked
from grappe.territories.models import Territory
from grappe.territories.selectors import territory_with_descendants

SUMMARY_SECONDS = 3600
SIMILAR_LIMIT = 5
_MEMBERS = "diagnosis_memberships"


class NetworkNotFound(Exception):
    """No visible network answers to the reference, or several do (`candidates`)."""

    def __init__(self, ref: str, candidates: list[Network] | None = None):
        super().__init__(ref)
        self.ref = ref
        self.candidates = candidates or []


def networks_for_diagnosis(*, user: Any) -> QuerySet[Network]:
    """Visible networks with everything the reader needs, in a fixed number of queries."""
    current = Membership.objects.filter(until__isnull=True).select_related("organisation")
    return (
        rules.visible_networks(user)
        .select_related("diagnosis_answers")
        .prefetch_related(
            "perimeter",
            "branches",
            "financing",
            Prefetch("memberships", queryset=current, to_attr=_MEMBERS),
        )
        .order_by("name", "pk")
    )


def find_network(*, user: Any, ref: str) -> Network:
    """A visible network by id, slug or name (exact, else the only one containing it)."""
    ref = ref.strip()
    qs = networks_for_diagnosis(user=user)
    for condition in (
        Q(pk=int(ref)) if ref.isdigit() else None,
        Q(slug=ref),
        Q(name__iexact=ref) | Q(acronym__iexact=ref),
        Q(name__icontains=ref),
    ):
        if condition is None:
            continue
        found = list(qs.filter(condition)[:10])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise NetworkNotFound(ref, found)
    raise NetworkNotFound(ref)


def _euros(amount: Decimal | None, currency: str) -> Decimal | None:
    if amount is None:
        return None
    return Money(amount, Currency(currency)).in_euros().amount


def network_sheet(*, network: Network, day: dt.date | None = None) -> Sheet:
    """The record as plain data for the reader (uses the prefetches of the querysets above)."""
    memberships = getattr(network, _MEMBERS, None)
    if memberships is None:
        memberships = list(
            network.memberships.filter(until__isnull=True).select_related("organisation")
        )
    day = day or dt.date.today()
    texts = {name: str(getattr(network, name, "") or "") for name in TEXT_FIELDS}
    return Sheet(
        name=network.name,
        year=network.reported_year or network.budget_year or day.year,
        founded_year=network.founded_year,
        reported_members=network.reported_members,
        reported_employees=network.reported_employees,
        legal_status=network.legal_status,
        branch_scope=network.branch_scope,
        branch_codes=tuple(a.code for a in network.branches.all()),
        staff_fte=float(network.staff_fte) if network.staff_fte is not None else None,
        budget_eur=_euros(network.budget_amount, network.budget_currency),
        dues_eur=_euros(network.dues_amount, network.dues_currency),
        texts=texts,
        financing=tuple(
            FinancingRow(
                kind=row.kind,
                funder=row.funder,
                share_percent=float(row.share_percent) if row.share_percent is not None else None,
                amount_eur=_euros(row.amount, row.currency),
                note=row.note,
            )
            for row in network.financing.all()
        ),
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
                description=t.description,
            )
            for t in network.perimeter.all()
        ),
        members=tuple(
            MemberData(
                name=m.organisation.name,
                kind=m.organisation.kind,
                employees=m.organisation.employees,
                activity=m.organisation.activity_id or "",
                membership_type=m.membership_type,
                role=m.role,
                note=m.note,
            )
            for m in memberships
        ),
    )


def network_answers(*, network: Network) -> dict[str, Any]:
    try:
        return dict(network.diagnosis_answers.answers)
    except NetworkAnswers.DoesNotExist:
        return {}


def network_facts(*, network: Network) -> NetworkFacts:
    """Facts read from the record, then the questionnaire answers kept for it, if any."""
    return apply_answers(
        build_facts(network_sheet(network=network)), network_answers(network=network)
    )


def network_diagnosis(*, network: Network) -> Diagnosis:
    return diagnose(network_facts(network=network))


def networks_in(*, user: Any, territory: Territory | None = None) -> QuerySet[Network]:
    """Visible networks, of a territory (or inside it) if given."""
    qs = networks_for_diagnosis(user=user)
    if territory is not None:
        qs = qs.filter(perimeter__in=territory_with_descendants(territory)).distinct()
    return qs


def diagnoses(
    *, user: Any, territory: Territory | None = None
) -> Iterator[tuple[Network, Diagnosis]]:
    """Every visible network (of a territory, if given) with its diagnosis: batch use."""
    for network in networks_in(user=user, territory=territory):
        yield network, network_diagnosis(network=network)


# Similar networks and experiences ---------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What lists and similarity compare: the classes, the size and the rules' verdicts."""

    family: str | None
    territory: str | None
    ambition: str | None
    extent: str | None
    firms: int | None
    met: int = 0
    not_met: int = 0
    unknown: int = 0

    @classmethod
    def of(cls, diagnosis: Diagnosis, facts_firms: int | None) -> Summary:
        verdicts = [c.verdict.value for c in diagnosis.checks]
        return cls(
            family=diagnosis.klass("family"),
            territory=diagnosis.klass("territory"),
            ambition=diagnosis.klass("ambition"),
            extent=diagnosis.klass("P1"),
            firms=facts_firms,
            met=verdicts.count("met"),
            not_met=verdicts.count("not_met"),
            unknown=verdicts.count("unknown"),
        )


@dataclass
class SimilarNetwork:
    network: Network
    score: int
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (code, value)


def network_summary(*, network: Network) -> Summary:
    """The classes and size of a network, kept in the cache until the record changes."""
    try:  # loaded with the network by `networks_for_diagnosis`: no query per network
        answered = [network.diagnosis_answers.updated_at]
    except NetworkAnswers.DoesNotExist:
        answered = []
    stamp = max([network.updated_at, *answered]).timestamp()
    key = f"diagnostics:summary:{network.pk}:{stamp}"
    found = cache.get(key)
    if isinstance(found, Summary):
        return found
    facts = network_facts(network=network)
    summary = Summary.of(diagnose(facts), facts.member_firms)
    cache.set(key, summary, SUMMARY_SECONDS)
    return summary


def _size_points(a: int | None, b: int | None) -> int:
    if not a or not b:
        return 0
    ratio = min(a, b) / max(a, b)
    return 2 if ratio >= 0.5 else 1 if ratio >= 0.25 else 0


def similar_networks(
    *,
    user: Any,
    diagnosis: Diagnosis,
    firms: int | None,
    exclude: Network | None = None,
    limit: int = SIMILAR_LIMIT,
) -> list[SimilarNetwork]:
    """Visible networks of the same classes and near size, best first, with the reasons.

    Points: 3 for the same family (B1/B2/B3), 2 for the same territory class, 1 for the same
    ambition level and 1 for the same perimeter extent; 2 for a size at least half as large
    (1 for a quarter), counted only with one of the classes in common.
    """
    me = Summary.of(diagnosis, firms)
    found = []
    others = networks_for_diagnosis(user=user)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    for other in others:
        them = network_summary(network=other)
        reasons = []
        score = 0
        for code, points, mine, theirs in (
            ("family", 3, me.family, them.family),
            ("territory", 2, me.territory, them.territory),
            ("ambition", 1, me.ambition, them.ambition),
            ("extent", 1, me.extent, them.extent),
        ):
            if mine is not None and mine == theirs and mine != "between":
                score += points
                reasons.append((code, mine))
        if score:
            size = _size_points(me.firms, them.firms)
            if size:
                score += size
                reasons.append(("size", str(them.firms)))
            found.append(SimilarNetwork(other, score, reasons))
    found.sort(key=lambda s: (-s.score, s.network.name, s.network.pk))
    return found[:limit]


def similar_experiences(
    *,
    user: Any,
    diagnosis: Diagnosis,
    firms: int | None,
    territory: Territory | None = None,
    branches: list[str] | None = None,
    text: str = "",
    exclude: Network | None = None,
    limit: int = SIMILAR_LIMIT,
) -> list[SimilarItem]:
    """Integration point with the knowledge base (grappe.experiences): the closest experiences.

    Builds the experiences app's `Situation` from the diagnosis (territory class), the
    perimeter, branches, size and words, and leaves out the excluded network's own experiences.
    Returns the experiences app's `SimilarItem`s (experience, score, explanations).
    """
    klass = diagnosis.klass("territory")
    situation = situation_from(
        territory=territory,
        density_class=klass if klass in ("T1", "T2", "T3") else "",
        branches=branches or [],
        firms=firms,
        text=text,
    )
    own = Experience.objects.filter(network=exclude) if exclude is not None else None
    excluded = list(own.values_list("pk", flat=True)) if own is not None else []
    return list(ranked(user=user, situation=situation, exclude=excluded, limit=limit))


@dataclass
class NetworkReport:
    network: Network
    diagnosis: Diagnosis
    similar_networks: list[SimilarNetwork]
    similar_experiences: list[SimilarItem]


def network_report(*, user: Any, network: Network) -> NetworkReport:
    """A network's diagnosis with the networks and experiences it can learn from."""
    facts = network_facts(network=network)
    diagnosis = diagnose(facts)
    return NetworkReport(
        network=network,
        diagnosis=diagnosis,
        similar_networks=similar_networks(
            user=user, diagnosis=diagnosis, firms=facts.member_firms, exclude=network
        ),
        similar_experiences=similar_experiences(
            user=user,
            diagnosis=diagnosis,
            firms=facts.member_firms,
            territory=next(iter(network.perimeter.all()), None),
            branches=[a.code for a in network.branches.all()],
            text=" ".join([network.name, network.objectives, network.achievements]),
            exclude=network,
        ),
    )
