"""Load the reference geography and the NAF/NACE nomenclature into the database.

`reference_load()` reads the files committed in `territories/data/` and `directory/data/` (built
by `tools/build_reference_data.py`, described in their SOURCES.md) and upserts:

- `country:FR` (France), the root;
- régions `region:<code>` (parent: France), départements `departement:<code>` (parent: région);
- EPCI à fiscalité propre `intercommunality:<SIREN>` (parent: the département holding most of
  their population);
- cantons `canton:<code>` (parent: département);
- communes `commune:<INSEE code>` (parent: département);
- every NAF rév. 2 code as an `Activity` (sub-class → class → group → division → section).

Rows are matched by key (territories) or code (activities) and updated in place, so running it
again changes nothing; only the reference fields are written (a territory's establishments,
description and so on are kept). Rows no longer in the files are left alone and counted as
`stale`. Everything runs in one transaction.

The commune → canton and commune → EPCI relations have no field in the model yet: they are
available from the data files through `commune_cantons()`, `canton_communes()` and
`commune_intercommunality()`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from grappe.activities import nomenclature
from grappe.activities.models import Activity
from grappe.core.search import normalise
from grappe.territories.models import Territory, TerritoryLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 500

Progress = Callable[[str, int, int], None]

# The fields reference_load owns on a territory; everything else is the users'.
TERRITORY_FIELDS = (
    "level",
    "code",
    "name",
    "country",
    "parent_id",
    "population",
    "population_year",
    "area_km2",
    "cantons_count",
    "source",
    "search_text",
)
ACTIVITY_FIELDS = ("level", "label_fr", "label_en", "parent_id")


# ------------------------------------------------------------------------------------------
# reading the committed files


def _read_csv(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    raw = path.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


@cache
def _meta() -> dict[str, Any]:
    return json.loads((DATA_DIR / "meta.json").read_text(encoding="utf-8"))


@cache
def _communes() -> tuple[dict[str, str], ...]:
    return tuple(_read_csv("communes.csv.gz"))


def _int(value: str) -> int | None:
    return int(value) if value else None


def _area(value: str) -> Decimal | None:
    return Decimal(value) if value else None


# ------------------------------------------------------------------------------------------
# relations kept in the files only


def commune_cantons(code: str) -> list[tuple[str, float]]:
    """Cantons of a commune with the share of its population estimated in each (1.0 when whole).

    Several for a town split between cantons (see territories/data/SOURCES.md); empty for
    communes without canton (Paris, Métropole de Lyon, Martinique, Guyane).
    """
    return _canton_index()[0].get(code, [])


def canton_communes(code: str) -> list[str]:
    """INSEE codes of the communes lying wholly or partly in a canton."""
    return _canton_index()[1].get(code, [])


def commune_intercommunality(code: str) -> str | None:
    """SIREN of the EPCI à fiscalité propre a commune belongs to (None for a few islands)."""
    return _epci_index().get(code)


@cache
def _canton_index() -> tuple[dict[str, list[tuple[str, float]]], dict[str, list[str]]]:
    by_commune: dict[str, list[tuple[str, float]]] = {}
    by_canton: dict[str, list[str]] = {}
    for row in _communes():
        if row["cantons"]:
            shares = []
            for part in row["cantons"].split(";"):
                canton, share = part.split(":")
                shares.append((canton, float(share)))
        elif row["canton"]:
            shares = [(row["canton"], 1.0)]
        else:
            shares = []
        by_commune[row["code"]] = shares
        for canton, _share in shares:
            by_canton.setdefault(canton, []).append(row["code"])
    return by_commune, by_canton


@cache
def _epci_index() -> dict[str, str]:
    return {row["code"]: row["epci"] for row in _communes() if row["epci"]}


# ------------------------------------------------------------------------------------------
# the rows to load


@dataclass
class _Row:
    key: str
    level: str
    code: str
    name: str
    parent_key: str | None
    population: int | None
    population_year: int | None
    area_km2: Decimal | None
    cantons_count: int | None
    source: str


def _geography_rows() -> list[list[_Row]]:
    """The territories, one list per level, parents before children."""
    meta = _meta()
    year = int(meta["population_year"])
    sources = meta["source_text"]
    default_source = sources["default"]
    regions = _read_csv("regions.csv")
    departements = _read_csv("departements.csv")
    dep_year = {d["code"]: _int(d["population_year"]) or year for d in departements}
    region_years: dict[str, set[int]] = {}
    for d in departements:
        region_years.setdefault(d["region"], set()).add(dep_year[d["code"]])

    def region_year(code: str) -> int:
        years = region_years.get(code, {year})
        return years.pop() if len(years) == 1 else year

    country = _Row(
        key="country:FR",
        level=TerritoryLevel.COUNTRY,
        code="FR",
        name="France",
        parent_key=None,
        population=sum(int(r["population"]) for r in regions),
        population_year=year,
        area_km2=sum((Decimal(r["area_km2"]) for r in regions), Decimal("0")),
        cantons_count=sum(int(r["cantons_count"] or 0) for r in regions) or None,
        source=default_source,
    )
    region_rows = [
        _Row(
            key=f"region:{r['code']}",
            level=TerritoryLevel.REGION,
            code=r["code"],
            name=r["name"],
            parent_key=country.key,
            population=_int(r["population"]),
            population_year=region_year(r["code"]),
            area_km2=_area(r["area_km2"]),
            cantons_count=_int(r["cantons_count"]),
            source=default_source,
        )
        for r in regions
    ]
    departement_rows = [
        _Row(
            key=f"departement:{d['code']}",
            level=TerritoryLevel.DEPARTEMENT,
            code=d["code"],
            name=d["name"],
            parent_key=f"region:{d['region']}",
            population=_int(d["population"]),
            population_year=dep_year[d["code"]],
            area_km2=_area(d["area_km2"]),
            cantons_count=_int(d["cantons_count"]),
            source=default_source,
        )
        for d in departements
    ]
    epci_rows = [
        _Row(
            key=f"intercommunality:{e['siren']}",
            level=TerritoryLevel.INTERCOMMUNALITY,
            code=e["siren"],
            name=e["name"],
            parent_key=f"departement:{e['departement']}",
            population=_int(e["population"]),
            population_year=dep_year.get(e["departement"], year),
            area_km2=_area(e["area_km2"]),
            cantons_count=None,
            source=sources["intercommunality"],
        )
        for e in _read_csv("epci.csv")
    ]
    canton_rows = [
        _Row(
            key=f"canton:{c['code']}",
            level=TerritoryLevel.CANTON,
            code=c["code"],
            name=c["name"],
            parent_key=f"departement:{c['departement']}",
            population=_int(c["population"]),
            population_year=dep_year.get(c["departement"], year),
            area_km2=_area(c["area_km2"]),
            cantons_count=1,
            source=sources["canton"],
        )
        for c in _read_csv("cantons.csv")
    ]
    commune_rows = [
        _Row(
            key=f"commune:{c['code']}",
            level=TerritoryLevel.COMMUNE,
            code=c["code"],
            name=c["name"],
            parent_key=f"departement:{c['departement']}",
            population=_int(c["population"]),
            population_year=dep_year.get(c["departement"], year),
            area_km2=_area(c["area_km2"]),
            cantons_count=None,
            source=default_source,
        )
        for c in _communes()
    ]
    return [[country], region_rows, departement_rows, epci_rows, canton_rows, commune_rows]


# ------------------------------------------------------------------------------------------
# loading


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _report(progress: Progress | None, step: str, done: int, total: int) -> None:
    if progress is not None:
        progress(step, done, total)


def _upsert_territories(
    step: str, rows: list[_Row], ids: dict[str, int], progress: Progress | None, now: Any
) -> dict[str, int]:
    """Create or update `rows`; adds their ids to `ids` (key → id). Returns the counts."""
    total = len(rows)
    _report(progress, step, 0, total)
    prefixes = {r.key.split(":", 1)[0] + ":" for r in rows}
    existing: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for prefix in sorted(prefixes):
        found = Territory.objects.filter(key__startswith=prefix).values_list(
            "key", "pk", *TERRITORY_FIELDS
        )
        for key, pk, *current in found.iterator(chunk_size=5000):
            existing[key] = (pk, tuple(current))

    to_create: list[Territory] = []
    to_update: list[Territory] = []
    for row in rows:
        values = {
            "level": str(row.level),
            "code": row.code,
            "name": row.name,
            "country": "FR",
            "parent_id": ids[row.parent_key] if row.parent_key else None,
            "population": row.population,
            "population_year": row.population_year,
            "area_km2": row.area_km2,
            "cantons_count": row.cantons_count,
            "source": row.source[:300],
        }
        values["search_text"] = _search_text(row.key, values)
        found_row = existing.get(row.key)
        if found_row is None:
            to_create.append(Territory(key=row.key, **values))
            continue
        pk, current = found_row
        ids[row.key] = pk
        if tuple(values[f] for f in TERRITORY_FIELDS) != current:
            to_update.append(Territory(pk=pk, key=row.key, updated_at=now, **values))

    done = total - len(to_create) - len(to_update)
    for chunk in _chunks(to_create, BATCH):
        Territory.objects.bulk_create(chunk)
        done += len(chunk)
        _report(progress, step, done, total)
    missing_pk = [t.key for t in to_create if t.pk is None]
    if missing_pk:  # a backend that does not return ids from bulk inserts
        for chunk in _chunks(missing_pk, BATCH):
            ids.update(Territory.objects.filter(key__in=chunk).values_list("key", "pk"))
    ids.update((t.key, t.pk) for t in to_create if t.pk is not None)
    for chunk in _chunks(to_update, BATCH):
        Territory.objects.bulk_update(chunk, [*_plain(TERRITORY_FIELDS), "updated_at"])
        done += len(chunk)
        _report(progress, step, done, total)
    _report(progress, step, total, total)
    unchanged = total - len(to_create) - len(to_update)
    return {"created": len(to_create), "updated": len(to_update), "unchanged": unchanged}


def _search_text(key: str, values: dict[str, Any]) -> str:
    """What `grappe.core.search.search_text_for` gives for this territory, without a model
    instance (the same fields, in the same order)."""
    fields = {**values, "key": key}
    return normalise(
        " ".join(str(fields[name]) for name in Territory.search_fields if fields[name])
    )


def _plain(fields: Iterable[str]) -> list[str]:
    """Model field names for attribute names ('parent_id' → 'parent')."""
    return [f[:-3] if f.endswith("_id") else f for f in fields]


def _upsert_activities(progress: Progress | None) -> dict[str, int]:
    step = "activities"
    entries = list(nomenclature.codes().values())
    total = len(entries)
    _report(progress, step, 0, total)
    existing = {a.code: a for a in Activity.objects.all()}
    to_create: list[Activity] = []
    to_update: list[Activity] = []
    for entry in entries:
        values = {
            "level": entry.level,
            "label_fr": entry.label_fr[:300],
            "label_en": entry.label_en[:300],
            "parent_id": entry.parent or None,
        }
        activity = existing.get(entry.code)
        if activity is None:
            to_create.append(Activity(code=entry.code, **values))
            continue
        before = tuple(getattr(activity, f) for f in ACTIVITY_FIELDS)
        for name, value in values.items():
            setattr(activity, name, value)
        if tuple(getattr(activity, f) for f in ACTIVITY_FIELDS) != before:
            to_update.append(activity)
    done = total - len(to_create) - len(to_update)
    # Parents first: the entries come in nomenclature order, but sort by level to be sure.
    order = {level: rank for rank, level in enumerate(nomenclature.LEVELS)}
    to_create.sort(key=lambda a: (order[a.level], a.code))
    for chunk in _chunks(to_create, BATCH):
        Activity.objects.bulk_create(chunk)
        done += len(chunk)
        _report(progress, step, done, total)
    for chunk in _chunks(to_update, BATCH):
        Activity.objects.bulk_update(chunk, _plain(ACTIVITY_FIELDS))
        done += len(chunk)
        _report(progress, step, done, total)
    _report(progress, step, total, total)
    unchanged = total - len(to_create) - len(to_update)
    return {"created": len(to_create), "updated": len(to_update), "unchanged": unchanged}


LEVEL_STEPS = ("country", "regions", "departements", "intercommunalities", "cantons", "communes")


def reference_load(
    *, progress: Progress | None = None, down_to: str = "communes"
) -> dict[str, Any]:
    """Load the reference geography and nomenclature; idempotent. Returns counts per step:
    `{step: {"total", "created", "updated", "unchanged"}, ..., "stale": n}`.

    `down_to` (a step of LEVEL_STEPS) stops the geography at that level, e.g. "departements"
    for tests that need no commune; stale territories are only counted on a whole load."""
    steps = LEVEL_STEPS[: LEVEL_STEPS.index(down_to) + 1]
    levels = _geography_rows()[: len(steps)]
    counts: dict[str, Any] = {}
    now = timezone.now()
    with transaction.atomic():
        ids: dict[str, int] = {}
        for step, rows in zip(steps, levels, strict=True):
            result = _upsert_territories(step, rows, ids, progress, now)
            counts[step] = {"total": len(rows), **result}
        result = _upsert_activities(progress)
        counts["activities"] = {"total": len(nomenclature.codes()), **result}
        if steps == LEVEL_STEPS:
            counts["stale"] = _stale_count({r.key for rows in levels for r in rows})
    return counts


def _stale_count(keys: set[str]) -> int:
    """Territories at a reference level whose key is no longer in the files (kept, not deleted:
    organisations and perimeters may point at them)."""
    reference_levels = [
        TerritoryLevel.REGION,
        TerritoryLevel.DEPARTEMENT,
        TerritoryLevel.INTERCOMMUNALITY,
        TerritoryLevel.CANTON,
        TerritoryLevel.COMMUNE,
    ]
    found = Territory.objects.filter(level__in=reference_levels, country="FR").values_list(
        "key", flat=True
    )
    return sum(1 for key in found.iterator(chunk_size=2000) if key not in keys)
