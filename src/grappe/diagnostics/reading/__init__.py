"""From a network's record to the facts the diagnosis needs (plain Python, no Django).

Structured fields come first (branch scope, reported figures, money, financing shares, the
perimeter's territory figures, memberships); where only free text exists, the reader looks for
narrow patterns clause by clause and quotes the words it relied on. It never fills a fact it did
not find: a missing fact stays `None`, and the engine says so. Sentences that give the study's
own classification are dropped first (see `reading.text.STUDY_LABEL`).
"""

from __future__ import annotations

from grappe.diagnostics.engine.facts import NetworkFacts
from grappe.diagnostics.reading.common import structured
from grappe.diagnostics.reading.members import read_branches, read_members
from grappe.diagnostics.reading.relations import read_activity, read_relations, read_steering
from grappe.diagnostics.reading.sheet import FinancingRow, MemberData, Sheet, TerritoryData
from grappe.diagnostics.reading.territory import read_territory
from grappe.diagnostics.reading.ties import read_means, read_ties

__all__ = ["FinancingRow", "MemberData", "Sheet", "TerritoryData", "build_facts"]


def build_facts(sheet: Sheet) -> NetworkFacts:
    facts = NetworkFacts(
        name=sheet.name, reference_year=sheet.year, founded_year=sheet.founded_year
    )
    if sheet.founded_year is not None:
        facts.note("founded_year", structured("founded_year", sheet.founded_year))
    read_branches(sheet, facts)
    read_members(sheet, facts)
    read_territory(sheet, facts)
    read_ties(sheet, facts)
    read_means(sheet, facts)
    read_steering(sheet, facts)
    read_relations(sheet, facts)
    read_activity(sheet, facts)
    return facts
