"""The NAF rév. 2 / NACE Rev. 2 nomenclature and its NAICS concordance, from the committed files.

Plain functions over `activities/data/naf_rev2.json.gz` and `activities/data/nace_naics.json.gz`
(built by `tools/build_reference_data.py`; see `activities/data/SOURCES.md`). No Django: usable
from import validation, scripts and tests alike. The files are read once, on first use.

Codes are written as the nomenclature writes them: section `C`, division `25`, group `25.6`,
class `25.62`, NAF sub-class `25.62A`.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
NAF_FILE = DATA_DIR / "naf_rev2.json.gz"
NAICS_FILE = DATA_DIR / "nace_naics.json.gz"

LEVELS = ("section", "division", "group", "class", "subclass")


@dataclass(frozen=True)
class Code:
    code: str
    level: str  # one of LEVELS
    parent: str  # "" for a section
    label_fr: str
    label_en: str  # "" for most NAF sub-classes, which have no official English label


@cache
def codes() -> dict[str, Code]:
    """Every code of the nomenclature, in nomenclature order (sections first)."""
    with gzip.open(NAF_FILE, "rt", encoding="utf-8") as f:
        payload = json.load(f)
    columns = payload["columns"]
    if columns != ["code", "level", "parent", "label_fr", "label_en"]:
        raise ValueError(f"{NAF_FILE.name}: unexpected columns {columns}")
    return {row[0]: Code(*row) for row in payload["codes"]}


@cache
def _concordance() -> dict[str, object]:
    with gzip.open(NAICS_FILE, "rt", encoding="utf-8") as f:
        data: dict[str, object] = json.load(f)
    return data


def is_valid_code(code: str) -> bool:
    """Whether `code` (surrounding spaces ignored) is a code of the nomenclature, at any level."""
    return isinstance(code, str) and code.strip() in codes()


_LOOSE = re.compile(r"^(\d{2})\.?(\d)?(\d)?([A-Z])?$")


def normalise_code(code: str) -> str | None:
    """The canonical form of a loosely written code ('2562a', '25 62 A', 'c' → '25.62A', 'C'), or
    None when it is no code of the nomenclature."""
    if not isinstance(code, str):
        return None
    compact = re.sub(r"[\s.]", "", code).upper()
    if not compact:
        return None
    if compact.isalpha() and len(compact) == 1:
        return compact if compact in codes() else None
    match = _LOOSE.match(compact)
    if not match:
        return None
    division, group, klass, letter = match.groups()
    if letter and not klass:
        return None
    canonical = division
    if group:
        canonical += "." + group + (klass or "") + (letter or "")
    return canonical if canonical in codes() else None


def get(code: str) -> Code | None:
    return codes().get(code.strip()) if isinstance(code, str) else None


def activity_label(code: str, lang: str = "fr") -> str | None:
    """The label of `code` in `lang` ("fr" or "en"); English falls back to French where there is
    no English label (most NAF sub-classes). None for an unknown code."""
    entry = get(code)
    if entry is None:
        return None
    if lang.lower().startswith("en") and entry.label_en:
        return entry.label_en
    return entry.label_fr


def ancestors(code: str) -> list[str]:
    """The codes above `code`, nearest first: '25.62A' → ['25.62', '25.6', '25', 'C']."""
    table = codes()
    chain: list[str] = []
    entry = table.get(code.strip()) if isinstance(code, str) else None
    while entry is not None and entry.parent:
        chain.append(entry.parent)
        entry = table.get(entry.parent)
    return chain


def children(code: str) -> list[str]:
    """The codes directly below `code`, in order."""
    return [c.code for c in codes().values() if c.parent == code]


def nace_class(code: str) -> str | None:
    """The NACE Rev. 2 class of a NAF class or sub-class ('25.62A' → '25.62'); None above."""
    entry = get(code)
    if entry is None:
        return None
    if entry.level == "subclass":
        return entry.parent
    return entry.code if entry.level == "class" else None


def naics_for(code: str) -> list[str]:
    """NAICS 2017 codes corresponding to a NAF/NACE code, sorted.

    A sub-class takes its class's codes; a group, division or section the union of its classes'.
    The concordance goes through ISIC Rev. 4, so it is many-to-many and broad (see SOURCES.md).
    """
    entry = get(code)
    if entry is None:
        return []
    table: dict[str, list[str]] = _concordance()["nace_to_naics"]  # type: ignore[assignment]
    if entry.level in ("class", "subclass"):
        return list(table.get(nace_class(entry.code) or "", []))
    prefix_codes = _classes_below(entry.code)
    return sorted({n for c in prefix_codes for n in table.get(c, [])})


def naics_title(naics_code: str) -> str | None:
    titles: dict[str, str] = _concordance()["naics_titles"]  # type: ignore[assignment]
    return titles.get(naics_code)


def _classes_below(code: str) -> list[str]:
    found: list[str] = []
    frontier = [code]
    while frontier:
        below = [c for parent in frontier for c in children(parent)]
        found.extend(c for c in below if codes()[c].level == "class")
        frontier = [c for c in below if codes()[c].level not in ("class", "subclass")]
    return found
