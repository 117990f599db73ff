"""Small helpers shared by the readers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from grappe.diagnostics.engine.facts import Evidence
from grappe.diagnostics.reading.sheet import Sheet
from grappe.diagnostics.reading.text import Clause, clauses
from grappe.diagnostics.reading.words import NEGATION


def structured(source: str, value: object) -> Evidence:
    """Evidence of a structured value (a field, a figure, a membership), not of a reading."""
    return Evidence(source, value=str(value))


def all_clauses(sheet: Sheet, fields: Iterable[str]) -> Iterator[Clause]:
    for name in fields:
        yield from clauses(name, sheet.text(name))


def find(sheet: Sheet, fields: Iterable[str], pattern: re.Pattern[str]) -> Clause | None:
    """The first clause where the pattern appears and is not negated before it."""
    for clause in all_clauses(sheet, fields):
        match = pattern.search(clause.text)
        if match and not negated(clause.text, match.start()):
            return clause
    return None


def negated(text: str, position: int) -> bool:
    """A negation word in the few words before `position` ("no support from…")."""
    window = text[max(0, position - 40) : position]
    return NEGATION.search(window) is not None
