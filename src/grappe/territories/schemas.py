"""Schemas of the territories' HTTP API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from grappe.core.schemas import Count, Country, Filters, Input, Key, Ref, Year, decimal, partial
from grappe.territories.models import Territory, TerritoryLevel
from grappe.territories.selectors import territory_density

TERRITORY = Ref("territory key", "key", lambda actor: Territory.objects.all())
TERRITORIES = Ref("territory key", "key", lambda actor: Territory.objects.all(), many=True)

# Names of model fields that the API shows nested, for the field names of error messages.
API_FIELD_NAMES = {
    "establishments_0_9": "establishments.0_9",
    "establishments_10_49": "establishments.10_49",
    "establishments_50_249": "establishments.50_249",
    "establishments_250_plus": "establishments.250_plus",
}

Band = Literal["0_9", "10_49", "50_249", "250_plus"]
BANDS: tuple[str, ...] = ("0_9", "10_49", "50_249", "250_plus")


class TerritoryIn(Input):
    model = Territory
    refs = {"parent": TERRITORY}

    key: str = Field(
        pattern=r"^[a-z_]+:[^/\s]+$",
        max_length=120,
        description="`<level>:<official code>` or `<level>:<slug>`, e.g. `departement:47`.",
    )
    level: TerritoryLevel
    code: str = Field("", max_length=20)
    name: str = Field(min_length=1, max_length=200)
    country: Country = "FR"
    parent: Key | None = Field(None, description="Territory key.")
    population: Count | None = None
    population_year: Year | None = None
    area_km2: decimal(12) | None = None
    cantons_count: Count | None = None
    establishments: dict[Band, Count | None] = Field(
        default_factory=dict, description="Establishments by size band; any band may be missing."
    )
    establishments_year: Year | None = None
    description: str = ""
    source: str = Field("", max_length=300)

    def to_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        for band, value in (data.pop("establishments", None) or {}).items():
            data[f"establishments_{band}"] = value
        return data


TerritoryPatch = partial(TerritoryIn)


class TerritoryFilters(Filters):
    refs = {"parent": TERRITORY}

    q: str = Field("", description="Words of the name or code, accents ignored.")
    level: TerritoryLevel | None = None
    parent: str | None = Field(None, description="Key of the parent territory.")


class TerritoryOut(Schema):
    key: str
    level: str
    code: str
    name: str
    country: str
    parent: str | None = Field(None, description="Key of the parent territory.")
    population: int | None
    population_year: int | None
    area_km2: Decimal | None
    cantons_count: int | None
    establishments: dict[str, int | None] = Field(default_factory=dict)
    establishments_year: int | None
    description: str
    source: str

    @staticmethod
    def resolve_parent(obj: Territory) -> str | None:
        return obj.parent.key if obj.parent is not None else None

    @staticmethod
    def resolve_establishments(obj: Territory) -> dict[str, int | None]:
        return {band: getattr(obj, f"establishments_{band}") for band in BANDS}


class DensityOut(Schema):
    density_class: str = Field(description="T1, T2, T3, between or unknown (AIMVER thresholds).")
    inhabitants_per_km2: float | None
    firms_per_canton: float | None
    firms_10_plus_per_canton: float | None
    missing: list[str]


class TerritoryDetailOut(TerritoryOut):
    density: DensityOut | None = None

    @staticmethod
    def resolve_density(obj: Territory) -> dict[str, Any]:
        result = territory_density(territory=obj)
        return {
            "density_class": str(result.klass),
            "inhabitants_per_km2": result.inhabitants_per_km2,
            "firms_per_canton": result.firms_per_canton,
            "firms_10_plus_per_canton": result.firms_10_plus_per_canton,
            "missing": list(result.missing),
        }
