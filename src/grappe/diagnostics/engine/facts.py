"""What the diagnosis needs to know about a network: plain data, each fact optional.

`NetworkFacts` is filled by `grappe.diagnostics.selectors` from a directory record (structured
fields first, careful reading of the sheet's text second) or by the questionnaire. `None` always
means "not known"; the engine then says which facts were missing instead of guessing.
`evidence` tells, for each fact it names, where the value came from (a field, a quote).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Branches(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"


class Initiator(StrEnum):
    """Who started the network (the study's parameter P4)."""

    ENTREPRENEUR = "entrepreneur"  # one or several heads of firms
    ELECTED_OFFICIAL = "elected_official"  # a mayor, a member of parliament, a councillor
    PUBLIC_BODY = "public_body"  # a local authority, an intercommunal body, a state service
    CHAMBER = "chamber"  # a chamber of commerce (or of trades)
    DEVELOPMENT_AGENCY = "development_agency"  # an expansion committee, a development agency
    PROFESSIONAL_BODY = "professional_body"  # a trade union, an engineers' association
    OTHER = "other"


# Initiators that make a network "connected to a public body" (class B3).
PUBLIC_INITIATORS = frozenset(
    {
        Initiator.ELECTED_OFFICIAL,
        Initiator.PUBLIC_BODY,
        Initiator.CHAMBER,
        Initiator.DEVELOPMENT_AGENCY,
    }
)


class LinkKind(StrEnum):
    """How a network is tied to a public body (a chamber of commerce counts as one)."""

    INITIATED = "initiated"  # the public body started it or took part in its founding
    HOSTED = "hosted"  # secretariat, logistics or premises provided by the public body
    STEERED = "steered"  # the public body steers, chairs or controls it
    SUPPORTED = "supported"  # declared, lasting support of the public body
    FUNDED = "funded"  # more than half of the budget is public money
    PUBLIC_STATUS = "public_status"  # the network itself is a public body


@dataclass(frozen=True)
class PublicLink:
    kind: LinkKind
    body: str = ""  # e.g. "town of Sablé", "CCI de Rennes"


class Extent(StrEnum):
    """Extent of the geographic perimeter (parameter P1)."""

    SMALL = "small"  # a town, a canton, up to five cantons
    INTERMEDIATE = "intermediate"  # six cantons or more: an arrondissement, a "pays"
    LARGE = "large"  # a département, a region or more


class AmbitionLevel(StrEnum):
    N1 = "N1"  # conviviality and information exchange
    N2 = "N2"  # defence of common interests
    N3 = "N3"  # professional development


class Aspect(StrEnum):
    """What an activity of the network is about, and the ambition level it shows."""

    CONVIVIALITY = "conviviality"
    INFORMATION = "information"
    PHYSICAL_ENVIRONMENT = "physical_environment"
    HUMAN_ENVIRONMENT = "human_environment"
    ADMINISTRATIVE_ENVIRONMENT = "administrative_environment"
    IMAGE = "image"
    MANAGEMENT_PROGRESS = "management_progress"
    BUSINESS_COOPERATION = "business_cooperation"


ASPECT_LEVEL: dict[Aspect, AmbitionLevel] = {
    Aspect.CONVIVIALITY: AmbitionLevel.N1,
    Aspect.INFORMATION: AmbitionLevel.N1,
    Aspect.PHYSICAL_ENVIRONMENT: AmbitionLevel.N2,
    Aspect.HUMAN_ENVIRONMENT: AmbitionLevel.N2,
    Aspect.ADMINISTRATIVE_ENVIRONMENT: AmbitionLevel.N2,
    Aspect.IMAGE: AmbitionLevel.N2,
    Aspect.MANAGEMENT_PROGRESS: AmbitionLevel.N3,
    Aspect.BUSINESS_COOPERATION: AmbitionLevel.N3,
}


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: a field of the record (or a questionnaire answer), and a quote."""

    source: str  # a field name ("branch_scope", "objectives"…) or "questionnaire"
    quote: str = ""  # the words of the text the fact was read from, if any
    value: str = ""  # the structured value, if any


@dataclass(frozen=True)
class ActivitySignal:
    """One activity (done or aimed at) and the aspect it shows."""

    aspect: Aspect
    achieved: bool  # True: among achievements; False: among objectives only
    evidence: Evidence


@dataclass
class NetworkFacts:
    name: str = ""
    founding: bool = False  # a club being founded: no history yet
    reference_year: int | None = None  # the year the facts describe
    founded_year: int | None = None

    # Branches (B1 against B2/B3, parameter P3)
    branch_scope: Branches | None = None
    branch_codes: tuple[str, ...] = ()
    dominant_branch_share: float | None = None  # share (0-1) of the largest branch
    dominant_branch: bool | None = None  # the source says one branch dominates

    # Members
    member_firms: int | None = None
    members_total: int | None = None  # all members, firms and others
    member_employees: int | None = None
    member_size_min: int | None = None  # staff of the smallest member firm
    member_size_max: int | None = None  # staff of the largest member firm
    sizes_disparate: bool | None = None  # the source says sizes are too different
    participation_share: float | None = None  # members / firms of 10+ staff of the area (0-1)
    member_firms_10_plus: int | None = None

    # Territory (P1, P2, class T)
    cantons: int | None = None
    extent: Extent | None = None  # when the number of cantons is not known
    population: int | None = None
    area_km2: float | None = None
    stated_inhabitants_per_km2: float | None = None  # a density the source states
    area_firms: int | None = None  # establishments of all sizes in the perimeter
    area_firms_10_plus: int | None = None  # establishments of 10+ staff in the perimeter
    jobs_per_km2: float | None = None

    # Origin and ties with public bodies (P4, B2 against B3)
    initiator: Initiator | None = None
    public_links: tuple[PublicLink, ...] = ()
    ties_known: bool = False  # origin, relations or financing were described at all
    independence_stated: bool | None = None  # the source says it keeps away from institutions
    firms_minority: bool | None = None  # firms are a minority of members or of the board

    # Steering
    motor_individual: bool | None = None  # someone drove the founding
    business_leader_at_helm: bool | None = None  # a head of firm chairs or drives it
    president_active: bool | None = None  # False: no president, or the president failed
    core_team: bool | None = None  # a small committed team of heads of firms

    # Means
    staff_fte: float | None = None
    budget_eur: Decimal | None = None
    dues_eur: Decimal | None = None  # per member and year
    no_budget: bool | None = None  # the source says: no budget, no dues
    public_funding_share: float | None = None  # 0-1
    logistics_support: bool | None = None  # secretariat/logistics by a well-equipped body

    # Relations
    political_distance: bool | None = None  # keeps party politics at a distance
    political_entanglement: bool | None = None  # led or pulled by politicians, or strays there
    local_cooperation: bool | None = None  # cooperates with the local authorities
    development_bodies_support: bool | None = None  # CCI, expansion committee, DRIRE help it
    position_clear: bool | None = None  # its place beside local institutions is well defined

    # Engagement and activity
    large_firms_engaged: bool | None = None
    outside_groups_engaged: bool | None = None
    concrete_projects: int | None = None  # concrete achievements (0: none yet)
    yearly_theme: bool | None = None
    employment_focus: bool | None = None
    activities: tuple[ActivitySignal, ...] = ()
    objectives_known: bool = False
    achievements_known: bool = False

    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    approximate: set[str] = field(default_factory=set)  # facts the source gives as "about …"

    def cite(self, name: str) -> list[Evidence]:
        """The evidence of one fact (an empty list if it was not recorded)."""
        return list(self.evidence.get(name, []))

    def note(self, name: str, evidence: Evidence) -> None:
        self.evidence.setdefault(name, []).append(evidence)
