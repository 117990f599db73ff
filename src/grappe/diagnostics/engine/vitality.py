"""The study's rules of vitality and factors of stunting, each a check: met, not met, unknown.

Source: AIMVER study for DATAR (1998): III-B c (lasting factors of success), III-B d (factors of
stunting), III-D (almost universal rules), III-F 2 (the four conditions observed in Vendée).
A rule is data (`Rule`: id, section, dimension) plus one small function of the facts; this
module is the one place each rule lives. Why each rule matters is worded in
`grappe.diagnostics.texts` under the rule's id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from grappe.diagnostics.engine.facts import Initiator, NetworkFacts
from grappe.diagnostics.engine.results import Check, Classification, Reason, Verdict

Classes = dict[str, Classification]
Evaluate = Callable[[NetworkFacts, Classes], Check]

# III-D2 a: only, or a large majority of, heads of firms and of establishments.
BUSINESS_HEADS_MIN_SHARE = 2 / 3
# III-D2 c: non-participants must not exceed 30 % of the area's firms of 10+ staff.
NON_PARTICIPANTS_MAX_SHARE = 0.30
# III-D3 and III-B c: one to five cantons, 30 to 60 firms (fewer than 60 members).
PERIMETER_CANTONS = (1, 5)
PERIMETER_FIRMS = (30, 60)
# III-D5: the usual dues were 500 to 1,500 French francs a year (76 to 229 euros).
USUAL_DUES_EUR = (Decimal("76"), Decimal("229"))
# III-D5 and III-F 3: a network mostly paid for by public bodies loses its drive.
PUBLIC_FUNDING_MAX_SHARE = 0.5
# III-D2 b: members of neighbouring sizes; size bands of the directory (staff).
SIZE_BANDS = ((0, 9), (10, 49), (50, 249), (250, None))
MAX_SIZE_BANDS = 2


@dataclass(frozen=True)
class Rule:
    id: str
    section: str  # where the study states it
    dimension: str  # leadership, membership, means, relations, activity (for the picture)
    stunting: bool  # a factor of stunting (III-B d) rather than a rule of vitality
    evaluate: Evaluate


def _check(verdict: Verdict, *reasons: Reason, missing: list[str] | None = None) -> Check:
    return Check("", verdict, list(reasons), missing or [])


def _flag(name: str, missing: list[str]) -> Evaluate:
    """A rule decided by one yes/no fact."""

    def evaluate(f: NetworkFacts, classes: Classes) -> Check:
        value = getattr(f, name)
        ev = tuple(f.cite(name))
        if value is True:
            return _check(Verdict.MET, Reason(f"{name}.yes", evidence=ev))
        if value is False:
            return _check(Verdict.NOT_MET, Reason(f"{name}.no", evidence=ev))
        return _check(Verdict.UNKNOWN, missing=missing)

    return evaluate


def motor_individual(f: NetworkFacts, classes: Classes) -> Check:
    """III-D1: there is always a motor individual; a head of firm must take up the ball."""
    helm = tuple(f.cite("business_leader_at_helm"))
    motor = tuple(f.cite("motor_individual"))
    if f.business_leader_at_helm is False:
        if f.initiator in (Initiator.ELECTED_OFFICIAL, Initiator.PUBLIC_BODY, Initiator.CHAMBER):
            reason = Reason("motor.public_start_no_leader", evidence=helm + motor)
        else:
            reason = Reason("motor.no_business_leader", evidence=helm)
        return _check(Verdict.NOT_MET, reason)
    if f.motor_individual is False:
        return _check(Verdict.NOT_MET, Reason("motor.none", evidence=motor))
    if f.motor_individual is True or f.business_leader_at_helm is True:
        return _check(Verdict.MET, Reason("motor.found", evidence=motor + helm))
    return _check(Verdict.UNKNOWN, missing=["origin", "governance"])


def business_heads(f: NetworkFacts, classes: Classes) -> Check:
    """III-D2 a: members are only, or mostly, heads of firms and establishments."""
    if f.member_firms is not None and f.members_total:
        share = f.member_firms / f.members_total
        params: dict[str, str | int | float] = {
            "firms": f.member_firms,
            "members": f.members_total,
            "percent": round(100 * share),
        }
        ev = tuple(f.cite("member_firms") + f.cite("members_total"))
        verdict = Verdict.MET if share >= BUSINESS_HEADS_MIN_SHARE else Verdict.NOT_MET
        return _check(verdict, Reason(f"business_heads.share_{verdict.value}", params, ev))
    if f.firms_minority is not None:
        ev = tuple(f.cite("firms_minority"))
        if f.firms_minority:
            return _check(Verdict.NOT_MET, Reason("business_heads.minority", evidence=ev))
        return _check(Verdict.MET, Reason("business_heads.majority", evidence=ev))
    return _check(Verdict.UNKNOWN, missing=["composition"])


def _band(staff: int) -> int:
    return next(
        i
        for i, (low, high) in enumerate(SIZE_BANDS)
        if staff >= low and (high is None or staff <= high)
    )


def homogeneous_sizes(f: NetworkFacts, classes: Classes) -> Check:
    """III-D2 b and III-B c: clubs of firms of neighbouring sizes are the most enterprising."""
    if f.sizes_disparate:
        ev = tuple(f.cite("sizes_disparate"))
        return _check(Verdict.NOT_MET, Reason("homogeneous.disparate", evidence=ev))
    if f.member_size_min is not None and f.member_size_max is not None:
        spanned = _band(f.member_size_max) - _band(f.member_size_min) + 1
        params: dict[str, str | int | float] = {
            "low": f.member_size_min,
            "high": f.member_size_max,
            "bands": spanned,
        }
        ev = tuple(f.cite("member_size_min") + f.cite("member_size_max"))
        verdict = Verdict.MET if spanned <= MAX_SIZE_BANDS else Verdict.NOT_MET
        return _check(verdict, Reason(f"homogeneous.range_{verdict.value}", params, ev))
    if f.sizes_disparate is False:
        ev = tuple(f.cite("sizes_disparate"))
        return _check(Verdict.MET, Reason("homogeneous.similar", evidence=ev))
    return _check(Verdict.UNKNOWN, missing=["member_sizes"])


def non_participants(f: NetworkFacts, classes: Classes) -> Check:
    """III-D2 c: non-participants stay under 30 % of the area's firms of 10+ staff."""
    share = f.participation_share
    ev = tuple(f.cite("participation_share"))
    if share is None and f.member_firms_10_plus is not None and f.area_firms_10_plus:
        share = min(1.0, f.member_firms_10_plus / f.area_firms_10_plus)
        ev = tuple(f.cite("member_firms_10_plus") + f.cite("area_firms_10_plus"))
    if share is None:
        return _check(Verdict.UNKNOWN, missing=["area_firms_10_plus", "member_firms_10_plus"])
    outside = round(100 * (1 - share))
    verdict = Verdict.MET if 1 - share <= NON_PARTICIPANTS_MAX_SHARE else Verdict.NOT_MET
    params: dict[str, str | int | float] = {"percent": outside, "limit": 30}
    return _check(verdict, Reason(f"non_participants.{verdict.value}", params, ev))


def perimeter_size(f: NetworkFacts, classes: Classes) -> Check:
    """III-D3: the most dynamic associations cover one to five cantons and 30 to 60 firms."""
    reasons: list[Reason] = []
    verdicts: list[bool] = []
    missing: list[str] = []
    if f.cantons is not None:
        ok = PERIMETER_CANTONS[0] <= f.cantons <= PERIMETER_CANTONS[1]
        verdicts.append(ok)
        code = "perimeter.cantons_in" if ok else "perimeter.cantons_out"
        reasons.append(Reason(code, {"cantons": f.cantons}, tuple(f.cite("cantons"))))
    elif classes["P1"].value == "large":
        verdicts.append(False)
        reasons.append(Reason("perimeter.large", evidence=tuple(f.cite("extent"))))
    else:
        missing.append("cantons")
    if f.member_firms is not None:
        ok = PERIMETER_FIRMS[0] <= f.member_firms <= PERIMETER_FIRMS[1]
        verdicts.append(ok)
        code = "perimeter.firms_in" if ok else "perimeter.firms_out"
        reasons.append(Reason(code, {"firms": f.member_firms}, tuple(f.cite("member_firms"))))
    else:
        missing.append("member_firms")
    if False in verdicts:
        return _check(Verdict.NOT_MET, *reasons, missing=missing)
    if missing:
        return _check(Verdict.UNKNOWN, *reasons, missing=missing)
    return _check(Verdict.MET, *reasons)


def large_firms(f: NetworkFacts, classes: Classes) -> Check:
    """III-B d, III-D2 d, III-F 2: the largest firms and the outside groups' plants take part."""
    values = {"large_firms_engaged": f.large_firms_engaged}
    values["outside_groups_engaged"] = f.outside_groups_engaged
    reasons = [
        Reason(f"{name}.{'yes' if value else 'no'}", evidence=tuple(f.cite(name)))
        for name, value in values.items()
        if value is not None
    ]
    if False in values.values():
        return _check(Verdict.NOT_MET, *reasons)
    if True in values.values():
        return _check(Verdict.MET, *reasons)
    return _check(Verdict.UNKNOWN, missing=["composition", "evaluation"])


def political_distance(f: NetworkFacts, classes: Classes) -> Check:
    """III-D4 and III-C N2: away from party politics, yet cooperating with local authorities."""
    reasons: list[Reason] = []
    for name, value in (
        ("political_entanglement", f.political_entanglement),
        ("political_distance", f.political_distance),
        ("local_cooperation", f.local_cooperation),
    ):
        if value is not None:
            code = f"{name}.{'yes' if value else 'no'}"
            reasons.append(Reason(code, evidence=tuple(f.cite(name))))
    if f.political_entanglement or f.local_cooperation is False:
        return _check(Verdict.NOT_MET, *reasons)
    distant = f.political_distance or f.political_entanglement is False
    if distant and f.local_cooperation:
        return _check(Verdict.MET, *reasons)
    missing = [] if f.local_cooperation is not None else ["relations_with_institutions"]
    if not distant:
        missing.append("political_distance")
    return _check(Verdict.UNKNOWN, *reasons, missing=missing)


def light_means(f: NetworkFacts, classes: Classes) -> Check:
    """III-D5: light but real means: members pay dues, public money does not carry it all."""
    reasons: list[Reason] = []
    if f.dues_eur is not None:
        low, high = USUAL_DUES_EUR
        where = "below" if f.dues_eur < low else "above" if f.dues_eur > high else "within"
        params: dict[str, str | int | float] = {
            "dues": f"{f.dues_eur:.0f}",
            "low": f"{low}",
            "high": f"{high}",
        }
        reasons.append(Reason(f"means.dues_{where}", params, tuple(f.cite("dues_eur"))))
    if f.budget_eur is not None:
        params = {"budget": f"{f.budget_eur:.0f}"}
        reasons.append(Reason("means.budget", params, tuple(f.cite("budget_eur"))))
    if f.public_funding_share is not None and f.public_funding_share > PUBLIC_FUNDING_MAX_SHARE:
        params = {"percent": round(100 * f.public_funding_share)}
        ev = tuple(f.cite("public_funding_share"))
        reasons.append(Reason("means.mostly_public", params, ev))
        return _check(Verdict.NOT_MET, *reasons)
    real = bool(f.dues_eur or f.budget_eur or f.logistics_support or f.staff_fte)
    if real:
        return _check(Verdict.MET, *reasons)
    if f.no_budget:
        ev = tuple(f.cite("no_budget"))
        return _check(Verdict.NOT_MET, *reasons, Reason("means.none", evidence=ev))
    return _check(Verdict.UNKNOWN, *reasons, missing=["budget", "dues"])


def means_for_proposals(f: NetworkFacts, classes: Classes) -> Check:
    """III-B d and III-D5: without staff or money, proposals are never worked out."""
    if f.staff_fte:
        params: dict[str, str | int | float] = {"fte": f"{f.staff_fte:g}"}
        return _check(Verdict.MET, Reason("proposals.staff", params, tuple(f.cite("staff_fte"))))
    if f.staff_fte == 0 or f.no_budget:
        ev = tuple(f.cite("staff_fte") + f.cite("no_budget"))
        return _check(Verdict.NOT_MET, Reason("proposals.no_staff", evidence=ev))
    return _check(Verdict.UNKNOWN, missing=["staff"])


def concrete_projects(f: NetworkFacts, classes: Classes) -> Check:
    """III-F 2: one or two concrete projects a year keep a core of volunteers at work."""
    ev = tuple(f.cite("concrete_projects"))
    if f.concrete_projects is None:
        return _check(Verdict.UNKNOWN, missing=["achievements"])
    if f.concrete_projects > 0:
        params: dict[str, str | int | float] = {"n": f.concrete_projects}
        return _check(Verdict.MET, Reason("projects.some", params, ev))
    return _check(Verdict.NOT_MET, Reason("projects.none", evidence=ev))


RULES: tuple[Rule, ...] = (
    Rule("motor_individual", "III-D1", "leadership", False, motor_individual),
    Rule(
        "presidents",
        "III-B c; III-F 2",
        "leadership",
        False,
        _flag("president_active", ["governance"]),
    ),
    Rule("core_team", "III-B c", "leadership", False, _flag("core_team", ["governance"])),
    Rule("business_heads", "III-D2 a", "membership", False, business_heads),
    Rule("homogeneous_sizes", "III-D2 b; III-B c", "membership", False, homogeneous_sizes),
    Rule("non_participants", "III-D2 c", "membership", False, non_participants),
    Rule("perimeter_size", "III-D3; III-B c", "membership", False, perimeter_size),
    Rule("large_firms", "III-B d; III-D2 d; III-F 2", "membership", False, large_firms),
    Rule("political_distance", "III-D4; III-C N2", "relations", False, political_distance),
    Rule("light_means", "III-D5", "means", False, light_means),
    Rule(
        "logistics_support",
        "III-B c; III-D5",
        "means",
        False,
        _flag("logistics_support", ["budget", "staff"]),
    ),
    Rule("concrete_projects", "III-F 2; IV-B1", "activity", False, concrete_projects),
    Rule("yearly_theme", "III-F 2", "activity", False, _flag("yearly_theme", ["achievements"])),
    Rule(
        "employment_focus",
        "II-B2-4; III-F 2",
        "activity",
        False,
        _flag("employment_focus", ["objectives", "achievements"]),
    ),
    Rule(
        "development_bodies_support",
        "III-B d",
        "relations",
        True,
        _flag("development_bodies_support", ["relations_with_institutions"]),
    ),
    Rule(
        "clear_position",
        "III-B d",
        "relations",
        True,
        _flag("position_clear", ["relations_with_institutions", "evaluation"]),
    ),
    Rule("means_for_proposals", "III-B d; III-D5", "means", True, means_for_proposals),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}
DIMENSIONS = ("leadership", "membership", "means", "relations", "activity")


def run_checks(f: NetworkFacts, classes: Classes) -> list[Check]:
    checks = []
    for rule in RULES:
        check = rule.evaluate(f, classes)
        check.rule = rule.id
        checks.append(check)
    return checks
