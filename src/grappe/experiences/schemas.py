"""Schemas of the experiences API (inputs follow docs/experiences-format.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import ConfigDict

from grappe.core.schemas import Code as BranchCode
from grappe.core.schemas import Country, Input, Key, Slug, Year, decimal, partial
from grappe.directory.schemas import NETWORK
from grappe.experiences.enums import FigureKind, FigureName, OriginKind, Theme
from grappe.experiences.models import Experience
from grappe.experiences.selectors import Facet
from grappe.experiences.similar import SimilarItem
from grappe.territories.schemas import TERRITORY

Ref = Annotated[str, Field(pattern=r"^\S{1,80}$", description="Stable reference.")]
Text = Annotated[str, Field(max_length=20000)]


class PartnerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    share_percent: decimal(5, le=100) | None = Field(None, description="Funding share, in %.")
    note: str = Field("", max_length=300)


class FigureIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: FigureName
    kind: FigureKind
    value: Decimal = Field(ge=0, max_digits=16, decimal_places=2)
    currency: Literal["EUR", "FRF"] | None = Field(None, description="Amounts of money only.")
    year: Year | None = None
    source: str = Field("", max_length=300)
    note: str = Field("", max_length=300)


class ExperienceIn(Input):
    """An experience as in the data format; `themes`, `partners`, `figures` replace the stored."""

    model = Experience
    refs = {"network": NETWORK, "territory": TERRITORY}

    ref: Ref
    network: Slug | None = Field(None, description="Network slug.")
    territory: Key | None = Field(None, description="Territory key.")
    title_fr: str = Field("", max_length=300)
    title_en: str = Field("", max_length=300)
    country: Country = "FR"
    region: str = Field("", max_length=120)
    period_start: Year | None = None
    period_end: Year | None = None
    period_label: str = Field("", max_length=100)
    context_fr: Text = ""
    context_en: Text = ""
    objectives_fr: Text = ""
    objectives_en: Text = ""
    approach_fr: Text = ""
    approach_en: Text = ""
    strong_points_fr: Text = ""
    strong_points_en: Text = ""
    obstacles_fr: Text = ""
    obstacles_en: Text = ""
    themes: list[Theme] = Field(default_factory=list)
    keywords: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list
    )
    languages: list[Literal["fr", "en"]] = Field(
        default_factory=list, description="Languages the record holds (found when left empty)."
    )
    partners: list[PartnerIn] = Field(default_factory=list)
    figures: list[FigureIn] = Field(default_factory=list)
    density_class: Literal["T1", "T2", "T3", ""] = Field(
        "", description="Density class the source gives the territory (AIMVER study)."
    )
    source: str = Field("", max_length=300)
    published: bool = True

    def to_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        if "density_class" in data:
            data["declared_density_class"] = data.pop("density_class") or ""
        for name in ("partners", "figures"):
            if name in data and data[name] is not None:
                data[name] = [
                    {k: ("" if v is None and k == "currency" else v) for k, v in row.items()}
                    for row in data[name]
                ]
        return data


ExperiencePatch = partial(ExperienceIn)


class SearchFiltersIn(Schema):
    q: str = Field("", description="Words to find, accents ignored, French or English.")
    theme: list[Theme] = Field(default_factory=list, description="Themes (all must apply).")
    country: str = Field("", max_length=2)
    density_class: str = Field("", description="T1, T2, T3, between or unknown.")
    network_kind: str = ""
    branch: str = Field("", description="NAF/NACE code (codes below it count).")
    period: int | None = Field(None, description="First year of a decade, e.g. 1990.")
    network: str = Field("", description="Network slug.")
    territory: str = Field("", description="Territory key (territories inside count).")
    limit: int = Field(25, ge=1, le=200)
    offset: int = Field(0, ge=0)


class SituationIn(Schema):
    territory: str = Field("", description="Territory key; gives the density class.")
    density_class: Literal["T1", "T2", "T3", ""] = ""
    region: str = ""
    branch: list[BranchCode] = Field(default_factory=list, description="NAF/NACE codes.")
    firms: int | None = Field(None, ge=1, description="Number of firms.")
    size_band: Literal["0_9", "10_49", "50_249", "250_plus", ""] = ""
    origin: OriginKind | None = None
    theme: list[Theme] = Field(default_factory=list)
    text: str = Field("", max_length=5000, description="The situation in a few words.")
    limit: int = Field(10, ge=1, le=50)


class ExperienceOut(Schema):
    ref: str
    title: str = Field(description="In the reader's language when the record has it.")
    title_fr: str
    title_en: str
    network: str | None = Field(None, description="Network slug.")
    network_name: str | None = None
    territory: str | None = Field(None, description="Territory key.")
    country: str
    region: str
    period_start: int | None
    period_end: int | None
    period_label: str
    themes: list[str]
    keywords: list[str]
    languages: list[str]
    density_class: str
    url: str

    @staticmethod
    def resolve_network(obj: Experience) -> str | None:
        return obj.network.slug if obj.network_id else None

    @staticmethod
    def resolve_network_name(obj: Experience) -> str | None:
        return obj.network.name if obj.network_id else None

    @staticmethod
    def resolve_territory(obj: Experience) -> str | None:
        return obj.territory.key if obj.territory_id else None

    @staticmethod
    def resolve_themes(obj: Experience) -> list[str]:
        return obj.theme_list()

    @staticmethod
    def resolve_url(obj: Experience) -> str:
        return reverse("experience-detail", args=[obj.ref])


class SearchItemOut(ExperienceOut):
    score: int = Field(description="Relevance (0 without a query).")


class PartnerOut(Schema):
    name: str
    share_percent: Decimal | None
    note: str


class FigureOut(Schema):
    name: str
    kind: str
    value: Decimal
    currency: str
    year: int | None
    source: str
    note: str


class ExperienceDetailOut(ExperienceOut):
    context_fr: str
    context_en: str
    objectives_fr: str
    objectives_en: str
    approach_fr: str
    approach_en: str
    strong_points_fr: str
    strong_points_en: str
    obstacles_fr: str
    obstacles_en: str
    partners: list[PartnerOut]
    figures: list[FigureOut]
    declared_density_class: str
    firms: int | None
    employees: int | None
    origin_kind: str
    source: str
    published: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_partners(obj: Experience) -> list[Any]:
        return list(obj.partners.all())

    @staticmethod
    def resolve_figures(obj: Experience) -> list[Any]:
        return list(obj.figures.all())


class FacetOptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    options: list[FacetOptionOut]

    @staticmethod
    def from_facet(facet: Facet) -> dict[str, Any]:
        return {
            "name": facet.name,
            "label": facet.label,
            "options": [o.__dict__ for o in facet.options],
        }


class SearchOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[SearchItemOut]
    facets: list[FacetOut]


class ReasonOut(Schema):
    kind: str
    points: int
    items: list[str]
    text: str = Field(description="The reason in the reader's language.")


class SimilarOut(Schema):
    experience: ExperienceOut
    score: int
    reasons: list[ReasonOut]

    @staticmethod
    def from_item(item: SimilarItem) -> dict[str, Any]:
        return {
            "experience": item.experience,
            "score": item.score,
            "reasons": [
                {"kind": r.kind.value, "points": r.points, "items": list(r.items), "text": text}
                for r, text in zip(item.reasons, item.explanations, strict=True)
            ],
        }
