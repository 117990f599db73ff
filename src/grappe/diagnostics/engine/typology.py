"""The study's typology: classes B1/B2/B3, parameters P1-P4, territory class T, ambition N.

Source: AIMVER study for DATAR (1998), chapter II-A (parameters P1-P4 and classes B1-B3),
III-C (ambition levels N1-N3) and III-E (territory classes T1-T3, computed by
`grappe.territories.density`). Each function returns a `Classification` with the facts that led
to it, a confidence, and what was missing when it could not decide.
"""

from __future__ import annotations

from collections.abc import Iterable

from grappe.diagnostics.engine.facts import (
    ASPECT_LEVEL,
    PUBLIC_INITIATORS,
    ActivitySignal,
    AmbitionLevel,
    Branches,
    Evidence,
    Extent,
    LinkKind,
    NetworkFacts,
    PublicLink,
)
from grappe.diagnostics.engine.results import Classification, Confidence, Reason
from grappe.territories.density import DensityClass, DensityFacts, classify_density

# P1: up to five cantons is the study's most dynamic perimeter (III-D3); a département had
# about twenty to forty cantons before the 2015 reform.
SMALL_PERIMETER_MAX_CANTONS = 5
INTERMEDIATE_PERIMETER_MAX_CANTONS = 15
# P3: a branch "emerges clearly" (II-A) when it holds at least half of the members.
DOMINANT_BRANCH_SHARE = 0.5
# P2: the thresholds of firms per canton of the territory classes (III-E).
DENSE_FABRIC_FIRMS_PER_CANTON = 50
MEDIUM_FABRIC_FIRMS_PER_CANTON = 20
T3_MAX_FIRMS_10_PLUS_PER_CANTON = 20
# Approximate member counts ("about twenty") rule T3 out only with a clear margin.
T3_RULE_OUT_MARGIN = 1.25

# The study's "professional branches", as groups of NACE rev. 2 divisions. A network whose
# members' codes all fall in one group is mono-branch (B1). Electronics, telecommunications and
# computing form one branch, as for the MEITO (II-B1-1); metals and mechanics another.
BRANCH_FAMILIES: dict[str, tuple[int, ...]] = {
    "agri_food": (1, 2, 3, 10, 11, 12),
    "textile_clothing_leather": (13, 14, 15),
    "wood_paper_printing": (16, 17, 18),
    "chemistry_plastics": (19, 20, 21, 22),
    "glass_ceramics_building_materials": (8, 23),
    "metal_mechanics": (24, 25, 28, 29, 30, 33),
    "electrical_electronics_digital": (26, 27, 61, 62, 63),
    "furniture_jewellery_other_manufacturing": (31, 32),
    "construction": (41, 42, 43),
    "trade": (45, 46, 47),
    "transport": (49, 50, 51, 52, 53),
    "tourism_hospitality": (55, 56, 79),
}

_RANK = {Confidence.HIGH: 3, Confidence.MEDIUM: 2, Confidence.LOW: 1}


def lowest(*confidences: Confidence) -> Confidence:
    return min(confidences, key=lambda c: _RANK[c])


def confidence_of(evidence: Iterable[Evidence]) -> Confidence:
    """HIGH when every piece is a structured value or an answer, MEDIUM when text was read."""
    return Confidence.MEDIUM if any(e.quote for e in evidence) else Confidence.HIGH


def branch_family(code: str) -> str | None:
    """The study's branch of a NACE/NAF code; None for a section letter or an unlisted code."""
    head = code.strip().split(".")[0]
    if not head.isdigit():
        return None
    division = int(head[:2])
    for family, divisions in BRANCH_FAMILIES.items():
        if division in divisions:
            return family
    return f"division_{division:02d}"


def branch_scope(f: NetworkFacts) -> tuple[Branches | None, Confidence, list[Reason]]:
    """Single or several branches: the record's own answer first, else the members' codes."""
    if f.branch_scope is not None:
        ev = f.cite("branch_scope")
        code = "branches.single" if f.branch_scope is Branches.SINGLE else "branches.multiple"
        return f.branch_scope, confidence_of(ev), [Reason(code, evidence=tuple(ev))]
    families = {branch_family(c) for c in f.branch_codes}
    if f.branch_codes and None not in families:
        ev = f.cite("branch_codes")
        params: dict[str, str | int | float] = {"codes": ", ".join(f.branch_codes)}
        if len(families) == 1:
            reason = Reason("branches.codes_one_family", params, tuple(ev))
            return Branches.SINGLE, Confidence.MEDIUM, [reason]
        reason = Reason("branches.codes_several_families", params, tuple(ev))
        return Branches.MULTIPLE, Confidence.MEDIUM, [reason]
    return None, Confidence.LOW, []


def public_links(f: NetworkFacts) -> list[PublicLink]:
    """The ties with public bodies, including the one its initiator implies."""
    links = list(f.public_links)
    if f.initiator in PUBLIC_INITIATORS and not any(
        link.kind is LinkKind.INITIATED for link in links
    ):
        links.insert(0, PublicLink(LinkKind.INITIATED))
    return links


def classify_family(f: NetworkFacts, territory: Classification) -> Classification:
    """B1 mono-branch; B2 multi-branch independent; B3 multi-branch tied to a public body.

    The study files every multi-branch grouping of its low-density (T3) territories with the
    publicly connected ones (II-B3-4 to B3-6; III-F 3: there "the public development body must
    lead"), even those started by firms alone: without a tie, T3 still means B3, and a territory
    that may be T3 leaves the class undecided.
    """
    scope, scope_conf, reasons = branch_scope(f)
    if scope is None:
        return Classification(
            "family", None, None, [Reason("family.no_branches")], missing=["branches"]
        )
    if scope is Branches.SINGLE:
        return Classification("family", "B1", scope_conf, reasons)
    links = public_links(f)
    if links:
        ev = f.cite("public_links") + f.cite("initiator")
        kinds = ", ".join(sorted({link.kind.value for link in links}))
        bodies = "; ".join(sorted({link.body for link in links if link.body}))
        reasons.append(Reason("family.public_links", {"kinds": kinds, "bodies": bodies}, tuple(ev)))
        incorporated = f.firms_minority or any(
            link.kind in (LinkKind.PUBLIC_STATUS, LinkKind.STEERED) for link in links
        )
        mode = "incorporated" if incorporated else "autonomous"
        reasons.append(Reason(f"family.mode_{mode}", evidence=tuple(f.cite("firms_minority"))))
        conf = lowest(scope_conf, confidence_of(ev))
        return Classification("family", "B3", conf, reasons, detail={"mode": mode})
    missing: list[str] = []
    if f.ties_known:
        ev = f.cite("ties_known") + f.cite("independence_stated")
        reasons.append(Reason("family.no_public_link", evidence=tuple(ev)))
    else:
        reasons.append(Reason("family.ties_unknown"))
        missing += ["origin", "relations_with_institutions", "financing"]
    t3_possible = territory.value is None and "T3" in territory.detail.get("candidates", [])
    if territory.value == "T3":
        reasons.append(Reason("family.t3_grouping"))
        conf = lowest(scope_conf, territory.confidence or Confidence.LOW, Confidence.MEDIUM)
        return Classification("family", "B3", conf, reasons, missing, {"mode": "autonomous"})
    if t3_possible:
        reasons.append(Reason("family.t3_possible"))
        missing += [f"territory.{m}" for m in territory.missing]
    if missing:
        return Classification(
            "family", None, None, reasons, missing, detail={"candidates": ["B2", "B3"]}
        )
    conf = Confidence.MEDIUM if f.independence_stated else Confidence.LOW
    return Classification("family", "B2", lowest(scope_conf, conf), reasons)


def classify_extent(f: NetworkFacts) -> Classification:
    """P1, the extent of the geographic perimeter (II-A)."""
    if f.cantons is not None:
        if f.cantons <= SMALL_PERIMETER_MAX_CANTONS:
            value = Extent.SMALL
        elif f.cantons <= INTERMEDIATE_PERIMETER_MAX_CANTONS:
            value = Extent.INTERMEDIATE
        else:
            value = Extent.LARGE
        ev = f.cite("cantons")
        reason = Reason("extent.cantons", {"cantons": f.cantons}, tuple(ev))
        return Classification("P1", value.value, confidence_of(ev), [reason])
    if f.extent is not None:
        ev = f.cite("extent")
        reason = Reason("extent.perimeter", {"extent": f.extent.value}, tuple(ev))
        return Classification("P1", f.extent.value, Confidence.MEDIUM, [reason])
    return Classification("P1", None, None, [Reason("extent.unknown")], missing=["perimeter"])


def _density_facts(f: NetworkFacts) -> tuple[DensityFacts, bool]:
    """The territory's figures; a density the source states stands in for population/area."""
    population, area = f.population, f.area_km2
    stated = False
    if (population is None or area is None) and f.stated_inhabitants_per_km2 is not None:
        # classify_density divides population by area: give it the stated ratio over 1 km².
        population, area, stated = round(f.stated_inhabitants_per_km2), 1.0, True
    facts = DensityFacts(
        population=population,
        area_km2=area,
        firms=f.area_firms,
        firms_10_plus=f.area_firms_10_plus,
        cantons=f.cantons,
    )
    return facts, stated


def classify_territory(f: NetworkFacts) -> Classification:
    """T1/T2/T3 by the study's density thresholds, never forced when data is missing."""
    facts, stated = _density_facts(f)
    result = classify_density(facts)
    ev = [*f.cite("population"), *f.cite("area_km2"), *f.cite("stated_inhabitants_per_km2")]
    ev += f.cite("area_firms") + f.cite("area_firms_10_plus") + f.cite("cantons")
    measures: dict[str, str | int | float] = {}
    if result.inhabitants_per_km2 is not None:
        measures["inhabitants_per_km2"] = round(result.inhabitants_per_km2, 1)
    if result.firms_per_canton is not None:
        measures["firms_per_canton"] = round(result.firms_per_canton, 1)
    if result.firms_10_plus_per_canton is not None:
        measures["firms_10_plus_per_canton"] = round(result.firms_10_plus_per_canton, 1)
    missing = [m for m in result.missing if not (stated and m in ("population", "area_km2"))]
    detail: dict[str, object] = {
        "candidates": [c.value for c in result.candidates],
        "measures": measures,
        "criteria": [
            {
                "klass": c.klass.value,
                "measure": c.measure,
                "value": c.value,
                "low": c.low,
                "high": c.high,
                "holds": c.holds,
            }
            for c in result.criteria
        ],
    }
    base = Confidence.MEDIUM if stated else confidence_of(ev)
    if result.klass in (DensityClass.T1, DensityClass.T2, DensityClass.T3):
        reason = Reason("territory.all_thresholds", dict(measures), tuple(ev))
        return Classification("territory", result.klass.value, base, [reason], missing, detail)
    if result.klass is DensityClass.BETWEEN:
        reason = Reason("territory.between", dict(measures), tuple(ev))
        return Classification("territory", "between", base, [reason], missing, detail)
    candidates = [c.value for c in result.candidates]
    reasons: list[Reason] = []
    if result.klass is DensityClass.UNKNOWN and "T3" in candidates and _t3_ruled_out(f):
        # The members alone exceed the T3 ceiling of firms of 10+ staff per canton.
        candidates.remove("T3")
        detail["candidates"] = candidates
        per_canton = round((f.member_firms_10_plus or 0) / (f.cantons or 1), 1)
        params: dict[str, str | int | float] = {"per_canton": per_canton}
        ev_members = f.cite("member_firms_10_plus") + f.cite("cantons")
        reasons.append(Reason("territory.members_rule_out_t3", params, tuple(ev_members)))
    if len(candidates) == 1:
        # The known figures rule out the other classes; the missing ones cannot change that.
        value = candidates[0]
        only: dict[str, str | int | float] = dict(measures) | {"klass": value}
        reasons.insert(0, Reason("territory.only_candidate", only, tuple(ev)))
        conf = lowest(base, Confidence.MEDIUM)
        return Classification("territory", value, conf, reasons, missing, detail)
    reasons.insert(0, Reason("territory.unknown", dict(measures), tuple(ev)))
    return Classification("territory", None, None, reasons, missing, detail)


def _t3_ruled_out(f: NetworkFacts) -> bool:
    """Members of 10+ staff are firms of the area: 20 or more per canton rules T3 out."""
    if not f.member_firms_10_plus or not f.cantons:
        return False
    per_canton = f.member_firms_10_plus / f.cantons
    margin = T3_RULE_OUT_MARGIN if "member_firms_10_plus" in f.approximate else 1.0
    return per_canton >= T3_MAX_FIRMS_10_PLUS_PER_CANTON * margin


def classify_fabric(f: NetworkFacts, territory: Classification) -> Classification:
    """P2, the density of the firm fabric: firms per canton, else the territory class."""
    cantons = f.cantons if f.cantons and f.cantons > 0 else None
    if cantons and f.area_firms is not None:
        per = f.area_firms / cantons
        value = (
            "high"
            if per > DENSE_FABRIC_FIRMS_PER_CANTON
            else "medium"
            if per >= MEDIUM_FABRIC_FIRMS_PER_CANTON
            else "low"
        )
        ev = f.cite("area_firms") + f.cite("cantons")
        reason = Reason("fabric.firms_per_canton", {"firms_per_canton": round(per, 1)}, tuple(ev))
        return Classification("P2", value, confidence_of(ev), [reason])
    if cantons and f.area_firms_10_plus is not None:
        per = f.area_firms_10_plus / cantons
        if per < MEDIUM_FABRIC_FIRMS_PER_CANTON:
            ev = f.cite("area_firms_10_plus") + f.cite("cantons")
            params: dict[str, str | int | float] = {"firms_10_plus_per_canton": round(per, 1)}
            reason = Reason("fabric.few_firms_10_plus", params, tuple(ev))
            return Classification("P2", "low", confidence_of(ev), [reason])
    by_class = {"T1": "high", "T2": "medium", "T3": "low"}
    if territory.value in by_class and territory.confidence is not None:
        reason = Reason("fabric.territory_class", {"klass": territory.value})
        return Classification("P2", by_class[territory.value], territory.confidence, [reason])
    extra = []
    if f.jobs_per_km2 is not None:
        params = {"jobs_per_km2": f.jobs_per_km2}
        extra.append(Reason("fabric.jobs_per_km2", params, tuple(f.cite("jobs_per_km2"))))
    missing = ["area_firms"] + ([] if cantons else ["cantons"])
    return Classification("P2", None, None, [Reason("fabric.unknown"), *extra], missing=missing)


def classify_branch_weight(f: NetworkFacts, family: Classification) -> Classification:
    """P3, the weight of a dominant branch: single branch, one dominant branch, or none."""
    if family.value == "B1":
        return Classification("P3", "single", family.confidence, [Reason("weight.single")])
    if f.dominant_branch_share is not None:
        ev = f.cite("dominant_branch_share")
        share = round(100 * f.dominant_branch_share)
        value = "dominant" if f.dominant_branch_share >= DOMINANT_BRANCH_SHARE else "none"
        reason = Reason(f"weight.share_{value}", {"percent": share}, tuple(ev))
        return Classification("P3", value, confidence_of(ev), [reason])
    if f.dominant_branch is not None:
        ev = f.cite("dominant_branch")
        value = "dominant" if f.dominant_branch else "none"
        reason = Reason(f"weight.stated_{value}", evidence=tuple(ev))
        return Classification("P3", value, confidence_of(ev), [reason])
    return Classification(
        "P3", None, None, [Reason("weight.unknown")], missing=["dominant_branch_share"]
    )


def classify_origin(f: NetworkFacts, family: Classification) -> Classification:
    """P4, the origin and the ties with other development bodies."""
    links = public_links(f)
    detail: dict[str, object] = {
        "links": [{"kind": link.kind.value, "body": link.body} for link in links]
    }
    reasons: list[Reason] = []
    if f.initiator is not None:
        ev = f.cite("initiator")
        reasons.append(Reason("origin.initiator", {"initiator": f.initiator.value}, tuple(ev)))
    evidence = f.cite("public_links")
    paired = len(evidence) == len(f.public_links)
    for i, link in enumerate(f.public_links):
        params: dict[str, str | int | float] = {"kind": link.kind.value, "body": link.body}
        cited = (evidence[i],) if paired else tuple(evidence)
        reasons.append(Reason("origin.link", params, cited))
    if f.independence_stated:
        ev = f.cite("independence_stated")
        reasons.append(Reason("origin.independence", evidence=tuple(ev)))
    if f.initiator is None:
        return Classification("P4", None, None, reasons, missing=["origin"], detail=detail)
    conf = confidence_of(f.cite("initiator"))
    return Classification("P4", f.initiator.value, conf, reasons, detail=detail)


def classify_ambition(f: NetworkFacts) -> Classification:
    """N1 conviviality, N2 defence of common interests, N3 professional development (III-C)."""
    order = [AmbitionLevel.N1, AmbitionLevel.N2, AmbitionLevel.N3]
    achieved = [s for s in f.activities if s.achieved]
    aimed = [s for s in f.activities if not s.achieved]

    def top(signals: list[ActivitySignal]) -> AmbitionLevel | None:
        levels = [ASPECT_LEVEL[s.aspect] for s in signals]
        return max(levels, key=order.index) if levels else None

    reached, wanted = top(achieved), top(aimed)
    reasons = [
        Reason(
            "ambition.done" if s.achieved else "ambition.aimed",
            {"aspect": s.aspect.value, "level": ASPECT_LEVEL[s.aspect].value},
            (s.evidence,),
        )
        for s in f.activities
    ]
    detail: dict[str, object] = {
        "achieved": reached.value if reached else None,
        "aimed": wanted.value if wanted else None,
        "aspects": sorted({s.aspect.value for s in f.activities}),
    }
    if reached is not None:
        if wanted is not None and order.index(wanted) > order.index(reached):
            reasons.append(Reason("ambition.aims_higher", {"level": wanted.value}))
        return Classification("ambition", reached.value, Confidence.MEDIUM, reasons, [], detail)
    if wanted is not None:
        reasons.append(Reason("ambition.only_aimed", {"level": wanted.value}))
        return Classification("ambition", wanted.value, Confidence.LOW, reasons, [], detail)
    missing = [
        name
        for name, known in (
            ("objectives", f.objectives_known),
            ("achievements", f.achievements_known),
        )
        if not known
    ]
    reasons.append(Reason("ambition.no_activity"))
    return Classification("ambition", None, None, reasons, missing, detail)


def classify(f: NetworkFacts) -> dict[str, Classification]:
    territory = classify_territory(f)
    family = classify_family(f, territory)
    return {
        "family": family,
        "P1": classify_extent(f),
        "P2": classify_fabric(f, territory),
        "P3": classify_branch_weight(f, family),
        "P4": classify_origin(f, family),
        "territory": territory,
        "ambition": classify_ambition(f),
    }
