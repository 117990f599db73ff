"""The perimeter: its territories' figures first, then what the perimeter's description states.

When the description names a smaller area than the territory the record points to (a cantonal
club filed under its département), the territory's population, area and firm counts describe a
wider area than the network's: they are not used for the density class.
"""

from __future__ import annotations

import math
import re

from grappe.diagnostics.engine.facts import Evidence, Extent, NetworkFacts
from grappe.diagnostics.reading.common import all_clauses, structured
from grappe.diagnostics.reading.sheet import Sheet, TerritoryData
from grappe.diagnostics.reading.text import NUMBER, Clause, clauses, count_before, number

# A département held some twenty to forty cantons before 2015 (seventeen or more since).
FEWER_CANTONS_THAN_A_DEPARTEMENT = 10
_SMALL_LEVELS = {"commune", "canton"}
_LARGE_LEVELS = {"departement", "region", "country"}
_ONE_CANTON = re.compile(r"\b(?:a|the|its|one) canton\b|\bcanton of\b|\bcanton de\b", re.IGNORECASE)
_DENSITY = re.compile(
    rf"({NUMBER})\s*(?:inhabitants|inhab\.?|hab\.?|habitants)\s*(?:per|/|au)\s*km", re.IGNORECASE
)
_POPULATION = re.compile(
    rf"({NUMBER})\s*(?:inhabitants|habitants)(?!\s*(?:per|/|au)\s*km)", re.IGNORECASE
)
_RECTANGLE = re.compile(rf"({NUMBER})\s*km\s*(?:by|x|×|sur)\s*({NUMBER})\s*km", re.IGNORECASE)
_JOBS_DENSITY = re.compile(
    rf"(?:more than |over |plus de )?({NUMBER})\s*(?:jobs|emplois)\s*(?:per|/|au)\s*km",
    re.IGNORECASE,
)
_AREA_FIRMS_10 = re.compile(
    rf"(?:some |about )?({NUMBER})\s+(?:firms|entreprises)\s+(?:with|of|de)\s+(?:more than|plus "
    r"de)\s+10\s+(?:employees|staff|salariés|personnes)",
    re.IGNORECASE,
)
_LARGE_TEXT = re.compile(r"\bdépartement\b|\bregion\b|\brégion\b", re.IGNORECASE)
_SMALL_TEXT = re.compile(
    r"\btown of\b|industrial zone|immediate surroundings|\bcanton\b|\bville\b", re.IGNORECASE
)


def _sum(values: list[int | None]) -> int | None:
    return None if not values or any(v is None for v in values) else sum(v for v in values if v)


def _cantons_of(t: TerritoryData) -> int | None:
    return 1 if t.level == "canton" else t.cantons_count


def read_territory(sheet: Sheet, f: NetworkFacts) -> None:
    ts = sheet.territories
    stated = _stated_cantons(sheet)
    territory_cantons = _sum([_cantons_of(t) for t in ts])
    levels = {t.level for t in ts}
    wider = stated is not None and (
        (territory_cantons is not None and stated[0] < territory_cantons)
        or (bool(levels & _LARGE_LEVELS) and stated[0] < FEWER_CANTONS_THAN_A_DEPARTEMENT)
    )
    if stated is not None and (territory_cantons is None or wider):
        f.cantons = stated[0]
        f.note("cantons", stated[1])
    elif territory_cantons is not None:
        f.cantons = territory_cantons
        f.note("cantons", structured("perimeter", _keys(ts)))
    if ts and not wider:
        _figures(ts, f)
    _extent(sheet, f, wider=wider)
    _stated_figures(sheet, f)


def _keys(ts: tuple[TerritoryData, ...]) -> str:
    return ", ".join(t.key for t in ts)


def _stated_cantons(sheet: Sheet) -> tuple[int, Evidence] | None:
    for clause in clauses("perimeter_description", sheet.text("perimeter_description")):
        found = count_before("cantons?", clause.text)
        if found:
            return math.floor(sum(found) / 2 + 0.5), clause.evidence()
        if _ONE_CANTON.search(clause.text):
            return 1, clause.evidence()
    return None


def _figures(ts: tuple[TerritoryData, ...], f: NetworkFacts) -> None:
    source = structured("perimeter", _keys(ts))
    population = _sum([t.population for t in ts])
    if population is not None:
        f.population = population
        years = sorted({t.population_year for t in ts if t.population_year})
        value = f"{_keys(ts)}: {population}" + (f" ({years[-1]})" if years else "")
        f.note("population", structured("perimeter", value))
    areas = [t.area_km2 for t in ts]
    if areas and all(a is not None for a in areas):
        f.area_km2 = float(sum(a for a in areas if a is not None))
        f.note("area_km2", source)
    firms = _sum([t.firms for t in ts])
    if firms is not None:
        f.area_firms = firms
        f.note("area_firms", source)
    firms_10 = _sum([t.firms_10_plus for t in ts])
    if firms_10 is not None:
        f.area_firms_10_plus = firms_10
        f.note("area_firms_10_plus", source)


def _extent(sheet: Sheet, f: NetworkFacts, *, wider: bool) -> None:
    levels = {t.level for t in sheet.territories}
    if levels and not wider:
        if levels & _LARGE_LEVELS:
            f.extent = Extent.LARGE
        elif levels <= _SMALL_LEVELS:
            f.extent = Extent.SMALL
        if f.extent is not None:
            f.note("extent", structured("perimeter", _keys(sheet.territories)))
            return
    for clause in clauses("perimeter_description", sheet.text("perimeter_description")):
        if _LARGE_TEXT.search(clause.text) and not wider:
            f.extent = Extent.LARGE
        elif _SMALL_TEXT.search(clause.text):
            f.extent = Extent.SMALL
        if f.extent is not None:
            f.note("extent", clause.evidence())
            return


def _stated_figures(sheet: Sheet, f: NetworkFacts) -> None:
    """Figures the descriptions state, for what the territories' fields leave unknown."""
    texts: list[Clause] = list(all_clauses(sheet, ["perimeter_description"]))
    if len(sheet.territories) == 1:
        texts += list(clauses("territory", sheet.territories[0].description))
    for clause in texts:
        density = _DENSITY.search(clause.text)
        value = number(density.group(1)) if density else None
        if value is not None and f.stated_inhabitants_per_km2 is None:
            f.stated_inhabitants_per_km2 = value
            f.note("stated_inhabitants_per_km2", clause.evidence())
        population = _POPULATION.search(clause.text)
        value = number(population.group(1)) if population else None
        if value is not None and f.population is None:
            f.population = int(value)
            f.note("population", clause.evidence())
        rectangle = _RECTANGLE.search(clause.text)
        if rectangle and f.area_km2 is None:
            a, b = number(rectangle.group(1)), number(rectangle.group(2))
            if a is not None and b is not None:
                f.area_km2 = a * b
                f.note("area_km2", clause.evidence())
        jobs = _JOBS_DENSITY.search(clause.text)
        value = number(jobs.group(1)) if jobs else None
        if value is not None and f.jobs_per_km2 is None:
            f.jobs_per_km2 = value
            f.note("jobs_per_km2", clause.evidence())
        firms = _AREA_FIRMS_10.search(clause.text)
        value = number(firms.group(1)) if firms else None
        if value is not None and f.area_firms_10_plus is None and clause.source == "territory":
            f.area_firms_10_plus = int(value)
            f.note("area_firms_10_plus", clause.evidence())
