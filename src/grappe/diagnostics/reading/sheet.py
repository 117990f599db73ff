"""A network's record as plain data: what `grappe.diagnostics.selectors` hands to the reader.

Plain Python, no Django: the reader and its tests need no database. Money is already in euros.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# The text fields of a network record (the AIMVER sheet's fields), in reading order.
TEXT_FIELDS = (
    "origin",
    "founding_stages",
    "perimeter_description",
    "branches_description",
    "composition",
    "governance",
    "staff_description",
    "budget_description",
    "dues_description",
    "relations_with_institutions",
    "objectives",
    "achievements",
    "evaluation",
    "outlook",
    "needs",
)


@dataclass(frozen=True)
class TerritoryData:
    key: str
    level: str
    name: str = ""
    population: int | None = None
    population_year: int | None = None
    area_km2: float | None = None
    cantons_count: int | None = None
    firms: int | None = None
    firms_10_plus: int | None = None
    description: str = ""


@dataclass(frozen=True)
class FinancingRow:
    kind: str  # dues, services, public, private, other
    funder: str = ""
    share_percent: float | None = None
    amount_eur: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class MemberData:
    """One current membership: the organisation and the terms of its membership."""

    name: str
    kind: str  # organisation kind: company, public_body, chamber…
    employees: int | None = None
    activity: str = ""  # NAF/NACE code
    membership_type: str = "full"
    role: str = "member"
    note: str = ""


@dataclass
class Sheet:
    name: str
    year: int  # the year the record describes (reported year, else this year)
    founded_year: int | None = None
    reported_members: int | None = None
    reported_employees: int | None = None
    legal_status: str = "unknown"
    branch_scope: str = "unknown"
    branch_codes: tuple[str, ...] = ()
    staff_fte: float | None = None
    budget_eur: Decimal | None = None
    dues_eur: Decimal | None = None
    texts: dict[str, str] = field(default_factory=dict)
    financing: tuple[FinancingRow, ...] = ()
    territories: tuple[TerritoryData, ...] = ()
    members: tuple[MemberData, ...] = ()

    def text(self, name: str) -> str:
        return self.texts.get(name, "") or ""
