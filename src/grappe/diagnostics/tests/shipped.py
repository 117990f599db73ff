"""The shipped AIMVER network records in a test database: imported the way `grappe import` does.

The seed files refer to official territories (départements, regions) and NAF/NACE codes that the
reference load would create; only those few are created here, with keys and names but no
figures, so that the diagnosis relies on what the seed files themselves say.
"""

from __future__ import annotations

import json
from pathlib import Path

from grappe.activities import nomenclature
from grappe.activities.models import Activity
from grappe.datafiles.importer import import_files
from grappe.territories.models import Territory, TerritoryLevel

SEED = Path(__file__).resolve().parents[2] / "directory" / "data" / "seed"
FILES = [SEED / "territories.json", SEED / "aimver.json"]


def _missing_references() -> tuple[set[str], set[str]]:
    data = [json.loads(p.read_text(encoding="utf-8")) for p in FILES]
    defined = {t["key"] for d in data for t in d.get("territories", [])}
    keys: set[str] = set()
    codes: set[str] = set()
    for d in data:
        for t in d.get("territories", []):
            keys.add(t.get("parent") or "")
        for n in d.get("networks", []):
            keys.update(n.get("perimeter", []))
            codes.update(n.get("branches", []))
        for o in d.get("organisations", []):
            keys.add(o.get("territory") or "")
            codes.add(o.get("activity") or "")
    return {k for k in keys if k and k not in defined}, {c for c in codes if c}


def import_shipped() -> None:
    keys, codes = _missing_references()
    for key in sorted(keys):
        level, code = key.split(":", 1)
        parent = None
        if level == TerritoryLevel.DEPARTEMENT:
            parent = Territory.objects.get_or_create(
                key="country:FR", defaults={"level": "country", "code": "FR", "name": "France"}
            )[0]
        Territory.objects.get_or_create(
            key=key, defaults={"level": level, "code": code, "name": key, "parent": parent}
        )
    for code in sorted(codes):
        Activity.objects.get_or_create(
            code=code,
            defaults={"level": nomenclature.get(code).level, "label_fr": code, "label_en": code},
        )
    import_files(FILES)
