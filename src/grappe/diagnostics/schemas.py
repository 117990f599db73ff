"""API schemas of the diagnosis: what `presentation.present()` gives, and the questionnaire."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from grappe.diagnostics.engine.facts import Aspect, Initiator, LinkKind
from grappe.directory.money import Currency, Money


class EvidenceOut(Schema):
    source: str = Field(description="Field of the record, or 'questionnaire'.")
    source_label: str
    quote: str = Field(description="Words of the record the fact was read from, if any.")
    value: str = Field(description="Structured value, if any.")


class ReasonOut(Schema):
    code: str
    params: dict[str, Any]
    text: str
    evidence: list[EvidenceOut]


class MissingOut(Schema):
    code: str
    label: str


class ClassOut(Schema):
    axis: Literal["family", "P1", "P2", "P3", "P4", "territory", "ambition"]
    label: str
    value: str | None = Field(description="None when the facts do not decide.")
    value_label: str
    mode: str | None = Field(None, description="For B3: 'autonomous' or 'incorporated'.")
    candidates: list[str] = Field(description="Classes still possible when value is None.")
    confidence: Literal["high", "medium", "low"] | None
    confidence_label: str
    reasons: list[ReasonOut]
    missing: list[MissingOut]


class CheckOut(Schema):
    rule: str
    title: str
    why: str
    section: str = Field(description="Section of the AIMVER study.")
    verdict: Literal["met", "not_met", "unknown"]
    verdict_label: str
    reasons: list[ReasonOut]
    missing: list[MissingOut]


class FindingOut(Schema):
    id: str
    section: str
    title: str
    text: str
    because: str


class StepOut(Schema):
    id: str
    section: str
    title: str
    text: str
    reasons: list[ReasonOut]


class DimensionOut(Schema):
    dimension: str
    label: str
    met: int
    not_met: int
    unknown: int
    total: int
    score: float
    possible: float


class PictureOut(Schema):
    axes: list[DimensionOut]


class DiagnosisOut(Schema):
    name: str
    classes: list[ClassOut]
    checks: list[CheckOut] = Field(description="Rules of vitality.")
    stunting: list[CheckOut] = Field(description="Factors of stunting.")
    findings: list[FindingOut]
    recommendations: list[StepOut]
    eligibility: list[CheckOut] = Field(description="Call-for-projects eligibility rules.")
    picture: PictureOut
    counts: dict[str, int]


class SimilarOut(Schema):
    slug: str
    name: str
    score: int
    reasons: list[list[str]] = Field(description="[code, value] pairs.")


class SimilarExperienceOut(Schema):
    ref: str
    title: str
    score: int
    explanations: list[str]


class NetworkDiagnosisOut(DiagnosisOut):
    slug: str
    similar_networks: list[SimilarOut]
    similar_experiences: list[SimilarExperienceOut]


class SummaryOut(Schema):
    slug: str
    name: str
    family: str | None
    territory: str | None
    ambition: str | None
    extent: str | None
    firms: int | None
    met: int
    not_met: int
    unknown: int


class SummaryFilters(Schema):
    territory: str = Field("", description="Territory key: networks of that territory only.")


class MoneyIn(Schema):
    amount: Decimal = Field(ge=0)
    currency: Currency = Currency.EUR

    def euros(self) -> str:
        return str(Money(self.amount, self.currency).in_euros().amount)


class LinkIn(Schema):
    kind: LinkKind
    body: str = ""


class QuestionnaireIn(Schema):
    """A network described by its answers; every answer but the name may be left out.

    Yes/no answers are booleans (leave them out for "don't know"); shares go from 0 to 1.
    """

    name: str = Field(min_length=1, max_length=200)
    founding: bool = False
    founded_year: int | None = None
    branch_scope: Literal["single", "multiple"] | None = None
    branch_codes: list[str] = Field(default_factory=list, description="NAF/NACE codes.")
    dominant_branch_share: float | None = Field(None, ge=0, le=1)
    member_firms: int | None = Field(None, ge=0)
    members_total: int | None = Field(None, ge=0)
    member_size_min: int | None = Field(None, ge=0)
    member_size_max: int | None = Field(None, ge=0)
    member_firms_10_plus: int | None = Field(None, ge=0)
    participation_share: float | None = Field(None, ge=0, le=1)
    large_firms_engaged: bool | None = None
    outside_groups_engaged: bool | None = None
    perimeter: list[str] = Field(default_factory=list, description="Territory keys.")
    cantons: int | None = Field(None, ge=1)
    population: int | None = Field(None, ge=0)
    area_km2: float | None = Field(None, ge=0)
    area_firms: int | None = Field(None, ge=0)
    area_firms_10_plus: int | None = Field(None, ge=0)
    initiator: Initiator | None = None
    public_links: list[LinkIn] | None = Field(
        None, description="Ties with public bodies; an empty list means none."
    )
    motor_individual: bool | None = None
    business_leader_at_helm: bool | None = None
    president_active: bool | None = None
    core_team: bool | None = None
    staff_fte: float | None = Field(None, ge=0)
    budget: MoneyIn | None = None
    dues: MoneyIn | None = None
    public_funding_share: float | None = Field(None, ge=0, le=1)
    logistics_support: bool | None = None
    political_distance: bool | None = None
    local_cooperation: bool | None = None
    development_bodies_support: bool | None = None
    position_clear: bool | None = None
    activities_done: list[Aspect] = Field(default_factory=list)
    activities_aimed: list[Aspect] = Field(default_factory=list)
    concrete_projects: int | None = Field(None, ge=0)
    yearly_theme: bool | None = None
    employment_focus: bool | None = None

    def answers(self) -> dict[str, Any]:
        data = self.model_dump(exclude={"budget", "dues", "public_links"}, exclude_none=True)
        data = {k: (v.value if hasattr(v, "value") else v) for k, v in data.items()}
        for key in ("activities_done", "activities_aimed"):
            data[key] = [a.value if hasattr(a, "value") else a for a in getattr(self, key)]
        if self.budget is not None:
            data["budget_eur"] = self.budget.euros()
        if self.dues is not None:
            data["dues_eur"] = self.dues.euros()
        if self.public_links is not None:
            data["public_links"] = [
                {"kind": link.kind.value, "body": link.body} for link in self.public_links
            ]
        return data


class SavedOut(Schema):
    slug: str
    name: str
    url: str
