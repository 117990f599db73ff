"""Density class of a territory by the AIMVER study's thresholds (plain Python, no Django).

The study (DATAR, 1997-98) sorts the areas of its clubs into three classes:

- T1, dense industrial fabric: more than 80 inhabitants/km² and more than 50 firms per canton;
- T2, diffuse industry: 40 to 80 inhabitants/km² and 20 to 50 firms per canton;
- T3, low density: fewer than 30 inhabitants/km² and fewer than 20 firms of 10+ staff per canton.

The classes leave gaps (30-40 inhabitants/km² is in none, T3 counts only firms of 10+ staff):
such cases are reported as "between classes", never forced into one, and missing data is
reported as "unknown" with what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class DensityClass(StrEnum):
    T1 = "T1"
    T2 = "T2"
    T3 = "T3"
    BETWEEN = "between"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DensityFacts:
    """What the classification needs; None where the figure is unknown."""

    population: int | None
    area_km2: Decimal | float | None
    firms: int | None
    firms_10_plus: int | None
    cantons: int | None


@dataclass(frozen=True)
class Criterion:
    """One threshold test: which class it belongs to, what it measures and whether it holds."""

    klass: DensityClass
    measure: str  # "inhabitants_per_km2", "firms_per_canton", "firms_10_plus_per_canton"
    value: float | None
    low: float | None
    high: float | None
    holds: bool | None


@dataclass(frozen=True)
class DensityResult:
    klass: DensityClass
    inhabitants_per_km2: float | None
    firms_per_canton: float | None
    firms_10_plus_per_canton: float | None
    criteria: list[Criterion] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    candidates: list[DensityClass] = field(default_factory=list)


# (class, measure, low bound exclusive/inclusive handled below, high bound)
_T1 = (
    (DensityClass.T1, "inhabitants_per_km2", 80.0, None),
    (DensityClass.T1, "firms_per_canton", 50.0, None),
)
_T2 = (
    (DensityClass.T2, "inhabitants_per_km2", 40.0, 80.0),
    (DensityClass.T2, "firms_per_canton", 20.0, 50.0),
)
_T3 = (
    (DensityClass.T3, "inhabitants_per_km2", None, 30.0),
    (DensityClass.T3, "firms_10_plus_per_canton", None, 20.0),
)


def _holds(klass: DensityClass, value: float, low: float | None, high: float | None) -> bool:
    if klass is DensityClass.T1:  # strictly more than
        return low is not None and value > low
    if klass is DensityClass.T3:  # strictly fewer than
        return high is not None and value < high
    assert low is not None and high is not None
    return low <= value <= high


def classify_density(facts: DensityFacts) -> DensityResult:
    """Return the density class of a territory with every criterion and what is missing."""
    missing: list[str] = []
    density: float | None = None
    if facts.population is None:
        missing.append("population")
    if facts.area_km2 is None or float(facts.area_km2) <= 0:
        missing.append("area_km2")
    if not missing:
        assert facts.population is not None and facts.area_km2 is not None
        density = facts.population / float(facts.area_km2)
    cantons = facts.cantons if facts.cantons and facts.cantons > 0 else None
    if cantons is None:
        missing.append("cantons")
    firms_pc = facts.firms / cantons if cantons and facts.firms is not None else None
    if facts.firms is None:
        missing.append("firms")
    firms10_pc = (
        facts.firms_10_plus / cantons if cantons and facts.firms_10_plus is not None else None
    )
    if facts.firms_10_plus is None:
        missing.append("firms_10_plus")
    values = {
        "inhabitants_per_km2": density,
        "firms_per_canton": firms_pc,
        "firms_10_plus_per_canton": firms10_pc,
    }
    criteria: list[Criterion] = []
    met: list[DensityClass] = []
    possible: list[DensityClass] = []
    for group in (_T1, _T2, _T3):
        results: list[bool | None] = []
        for klass, measure, low, high in group:
            value = values[measure]
            holds = None if value is None else _holds(klass, value, low, high)
            criteria.append(Criterion(klass, measure, value, low, high, holds))
            results.append(holds)
        klass = group[0][0]
        if all(r is True for r in results):
            met.append(klass)
        elif not any(r is False for r in results):
            possible.append(klass)  # nothing rules it out, something is unknown
    if met:
        klass = met[0]
        candidates = met
    elif possible:
        klass = DensityClass.UNKNOWN
        candidates = possible
    elif density is None and firms_pc is None and firms10_pc is None:
        klass = DensityClass.UNKNOWN
        candidates = []
    else:
        klass = DensityClass.BETWEEN
        candidates = []
    return DensityResult(
        klass=klass,
        inhabitants_per_km2=density,
        firms_per_canton=firms_pc,
        firms_10_plus_per_canton=firms10_pc,
        criteria=criteria,
        missing=missing,
        candidates=candidates,
    )
