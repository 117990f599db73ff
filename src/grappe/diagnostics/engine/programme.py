"""What the study teaches for a network of this kind, and what to do next.

Findings: AIMVER study (1998) III-A (compared with the TECSA study), III-C (ambition levels),
III-E (results per territory class) and III-F (results per category of association).
Next steps: its programme, IV-B1 (call for projects and its eligibility rules) and IV-B2-3 (the
steps to found clubs in a chamber of commerce's area), plus the remedies the study gives where
a rule of vitality is not met. Each is data (id, section) and one small function deciding
whether it applies, returning the reasons it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from grappe.diagnostics.engine.facts import ASPECT_LEVEL, AmbitionLevel, NetworkFacts
from grappe.diagnostics.engine.results import (
    Check,
    Classification,
    Finding,
    Reason,
    Recommendation,
    Verdict,
)

Classes = dict[str, Classification]
# III-A b: multi-branch cooperations must renew themselves after five or six years.
RENEWAL_AGE_YEARS = 5
# IV-B1: a project concerns at least about ten firms.
CALL_MIN_FIRMS = 10
CALL_MAX_PUBLIC_SHARE = 0.5


@dataclass(frozen=True)
class FindingSpec:
    id: str
    section: str
    applies: Callable[[Classes, NetworkFacts], Reason | None]


def _when(
    family: tuple[str, ...] = (), territory: tuple[str, ...] = (), ambition: tuple[str, ...] = ()
) -> Callable[[Classes, NetworkFacts], Reason | None]:
    """Applies when every class named matches; the reason names the classes it rests on."""

    def applies(classes: Classes, f: NetworkFacts) -> Reason | None:
        params: dict[str, str | int | float] = {}
        for axis, wanted in (("family", family), ("territory", territory), ("ambition", ambition)):
            if not wanted:
                continue
            value = classes[axis].value
            if value not in wanted:
                return None
            params[axis] = value
        return Reason("finding.applies", params)

    return applies


def _renewal(classes: Classes, f: NetworkFacts) -> Reason | None:
    if classes["family"].value not in ("B2", "B3") or f.founded_year is None:
        return None
    if f.reference_year is None or f.reference_year - f.founded_year < RENEWAL_AGE_YEARS:
        return None
    params: dict[str, str | int | float] = {
        "family": str(classes["family"].value),
        "years": f.reference_year - f.founded_year,
    }
    return Reason("finding.age", params, tuple(f.cite("founded_year")))


def _industrial_ambition(classes: Classes, f: NetworkFacts) -> Reason | None:
    aims_n3 = any(ASPECT_LEVEL[s.aspect] is AmbitionLevel.N3 for s in f.activities)
    if classes["family"].value != "B2" or not aims_n3:
        return None
    return Reason("finding.industrial_ambition", {"family": "B2"})


FINDINGS: tuple[FindingSpec, ...] = (
    FindingSpec("t1_multi", "III-E T1 a", _when(("B2", "B3"), ("T1",))),
    FindingSpec("t1_mono", "III-E T1 b", _when(("B1",), ("T1",))),
    FindingSpec("t2_multi", "III-E T2 a", _when(("B2", "B3"), ("T2",))),
    FindingSpec("t2_mono", "III-E T2 b", _when(("B1",), ("T2",))),
    FindingSpec("t3", "III-E T3", _when((), ("T3",))),
    FindingSpec("mono_branch", "III-F 1; III-A a", _when(("B1",))),
    FindingSpec("autonomous_multi", "III-F 2", _when(("B2",))),
    FindingSpec("industrial_ambition", "III-F 2", _industrial_ambition),
    FindingSpec("connected_dense", "III-F 3", _when(("B3",), ("T1", "T2"))),
    FindingSpec("connected_sparse", "III-F 3", _when((), ("T3",))),
    FindingSpec("multi_renewal", "III-A b", _renewal),
    FindingSpec("level_n1", "III-C N1", _when(ambition=("N1",))),
    FindingSpec("level_n2", "III-C N2", _when(ambition=("N2",))),
    FindingSpec("level_n3", "III-C N3", _when(ambition=("N3",))),
)


def findings(classes: Classes, f: NetworkFacts) -> list[Finding]:
    found = []
    for spec in FINDINGS:
        reason = spec.applies(classes, f)
        if reason is not None:
            found.append(Finding(spec.id, spec.section, reason))
    return found


# Call for projects (IV-B1): the rules a project must meet -------------------------------------


def eligibility(classes: Classes, f: NetworkFacts) -> list[Check]:
    checks: list[Check] = []
    firms = f.member_firms
    if firms is None:
        checks.append(Check("call.ten_firms", Verdict.UNKNOWN, missing=["member_firms"]))
    else:
        verdict = Verdict.MET if firms >= CALL_MIN_FIRMS else Verdict.NOT_MET
        reason = Reason("call.firms", {"firms": firms}, tuple(f.cite("member_firms")))
        checks.append(Check("call.ten_firms", verdict, [reason]))
    extent = classes["P1"].value
    if extent is None:
        checks.append(Check("call.natural_perimeter", Verdict.UNKNOWN, missing=["perimeter"]))
    else:
        verdict = Verdict.NOT_MET if extent == "large" else Verdict.MET
        reason = Reason("call.perimeter", {"extent": extent})
        checks.append(Check("call.natural_perimeter", verdict, [reason]))
    share = f.public_funding_share
    if share is None:
        checks.append(Check("call.public_share", Verdict.UNKNOWN, missing=["financing"]))
    else:
        verdict = Verdict.MET if share <= CALL_MAX_PUBLIC_SHARE else Verdict.NOT_MET
        ev = tuple(f.cite("public_funding_share"))
        reason = Reason("call.public", {"percent": round(100 * share)}, ev)
        checks.append(Check("call.public_share", verdict, [reason]))
    n3 = [s for s in f.activities if ASPECT_LEVEL[s.aspect] is AmbitionLevel.N3]
    if n3:
        reason = Reason("call.progress", evidence=tuple(s.evidence for s in n3))
        checks.append(Check("call.lasting_progress", Verdict.MET, [reason]))
    else:
        checks.append(Check("call.lasting_progress", Verdict.UNKNOWN, missing=["project"]))
    if f.dues_eur or (f.budget_eur and share is not None and share <= CALL_MAX_PUBLIC_SHARE):
        ev = tuple(f.cite("dues_eur") + f.cite("budget_eur"))
        checks.append(Check("call.firms_commit", Verdict.MET, [Reason("call.commit", evidence=ev)]))
    elif f.no_budget:
        ev = tuple(f.cite("no_budget"))
        checks.append(
            Check("call.firms_commit", Verdict.NOT_MET, [Reason("call.no_commit", evidence=ev)])
        )
    else:
        checks.append(Check("call.firms_commit", Verdict.UNKNOWN, missing=["dues", "budget"]))
    return checks


# Next steps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepSpec:
    id: str
    section: str
    reasons: Callable[[Classes, NetworkFacts, dict[str, Check]], list[Reason]]


def _failed(*rules: str) -> Callable[[Classes, NetworkFacts, dict[str, Check]], list[Reason]]:
    """Applies when one of the rules is not met (or, for a club being founded, always)."""

    def reasons(classes: Classes, f: NetworkFacts, checks: dict[str, Check]) -> list[Reason]:
        return [
            Reason("step.rule_not_met", {"rule": rule})
            for rule in rules
            if checks[rule].verdict is Verdict.NOT_MET
        ]

    return reasons


def _founding(*rules: str) -> Callable[[Classes, NetworkFacts, dict[str, Check]], list[Reason]]:
    failed = _failed(*rules)

    def reasons(classes: Classes, f: NetworkFacts, checks: dict[str, Check]) -> list[Reason]:
        found = [Reason("step.founding")] if f.founding else []
        return found + failed(classes, f, checks)

    return reasons


def _incorporated(classes: Classes, f: NetworkFacts, checks: dict[str, Check]) -> list[Reason]:
    reasons = _founding("motor_individual", "core_team")(classes, f, checks)
    if classes["family"].detail.get("mode") == "incorporated":
        reasons.append(Reason("step.incorporated"))
    return reasons


def _level(level: str, *, founding: bool = False) -> Callable[..., list[Reason]]:
    def reasons(classes: Classes, f: NetworkFacts, checks: dict[str, Check]) -> list[Reason]:
        if classes["ambition"].value == level:
            return [Reason("step.level", {"level": level})]
        if founding and f.founding and classes["ambition"].value is None:
            return [Reason("step.founding")]
        return []

    return reasons


def _territory(*klasses: str) -> Callable[..., list[Reason]]:
    def reasons(classes: Classes, f: NetworkFacts, checks: dict[str, Check]) -> list[Reason]:
        value = classes["territory"].value
        return [Reason("step.territory", {"klass": str(value)})] if value in klasses else []

    return reasons


def _t2_stuck(classes: Classes, f: NetworkFacts, checks: dict[str, Check]) -> list[Reason]:
    if classes["territory"].value == "T2" and classes["ambition"].value == "N1":
        return [Reason("step.t2_n1")]
    return []


def _call(classes: Classes, f: NetworkFacts, checks: dict[str, Check]) -> list[Reason]:
    """Every network may answer a call; the reasons say which rules it already meets."""
    rules = eligibility(classes, f)
    met = [c.rule for c in rules if c.verdict is Verdict.MET]
    failing = [c.rule for c in rules if c.verdict is Verdict.NOT_MET]
    unknown = [c.rule for c in rules if c.verdict is Verdict.UNKNOWN]
    addressee = "b" if f.founding else "c" if classes["family"].value == "B3" else "a"
    params: dict[str, str | int | float] = {
        "addressee": addressee,
        "met": ", ".join(met),
        "not_met": ", ".join(failing),
        "unknown": ", ".join(unknown),
    }
    code = "step.call_eligible" if not failing and not unknown else "step.call_partly"
    return [Reason(code, params)]


def _always(classes: Classes, f: NetworkFacts, checks: dict[str, Check]) -> list[Reason]:
    return [Reason("step.exchange")]


STEPS: tuple[StepSpec, ...] = (
    StepSpec("assess_feasibility", "IV-B2-3 a", _founding()),
    StepSpec("listen_to_leaders", "IV-B2-3 b", _founding("large_firms", "non_participants")),
    StepSpec(
        "prepare_welcome",
        "IV-B2-3 c",
        _founding("logistics_support", "clear_position", "development_bodies_support"),
    ),
    StepSpec("free_motor_core", "IV-B2-3 d; III-B b", _incorporated),
    StepSpec("renew_presidency", "III-B c; III-F 2", _failed("presidents")),
    StepSpec("size_groups", "III-D2 b", _failed("homogeneous_sizes", "business_heads")),
    StepSpec("refocus_perimeter", "III-D3", _failed("perimeter_size")),
    StepSpec("recruit", "III-D2 c", _failed("non_participants")),
    StepSpec("involve_large_firms", "III-D2 d; III-F 2", _failed("large_firms")),
    StepSpec("keep_politics_away", "III-D4; III-C N2", _failed("political_distance")),
    StepSpec(
        "real_means", "III-D5; IV-A 4; IV-B2-4", _failed("light_means", "means_for_proposals")
    ),
    StepSpec("projects_and_theme", "III-F 2", _failed("concrete_projects", "yearly_theme")),
    StepSpec("employment", "III-F 2", _failed("employment_focus")),
    StepSpec("n1_to_n2", "III-C N1-N2", _level("N1", founding=True)),
    StepSpec("n2_to_n3", "III-C N3", _level("N2")),
    StepSpec("n3_pilot", "III-C N3; III-F 1", _level("N3")),
    StepSpec("t2_connection", "III-E T2 a", _t2_stuck),
    StepSpec("t3_public_lead", "III-F 3; III-E T3", _territory("T3")),
    StepSpec("call_for_projects", "IV-B1", _call),
    StepSpec("exchange_experience", "IV-A 3; IV-B2-3 d", _always),
)


def next_steps(classes: Classes, f: NetworkFacts, checks: list[Check]) -> list[Recommendation]:
    by_rule = {c.rule: c for c in checks}
    steps = []
    for spec in STEPS:
        reasons = spec.reasons(classes, f, by_rule)
        if reasons:
            steps.append(Recommendation(spec.id, spec.section, reasons))
    return steps
