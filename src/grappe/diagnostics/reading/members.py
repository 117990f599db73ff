"""Branches and members: scope, dominant branch, counts, sizes, share of the area's firms."""

from __future__ import annotations

import re
from collections import Counter

from grappe.diagnostics.engine.facts import Branches, NetworkFacts
from grappe.diagnostics.engine.typology import branch_family
from grappe.diagnostics.reading.common import all_clauses, find, structured
from grappe.diagnostics.reading.sheet import Sheet
from grappe.diagnostics.reading.text import APPROXIMATE, NUMBER, count_before, number
from grappe.diagnostics.reading.words import (
    DISPARATE,
    DOMINANT,
    FIRMS_MINORITY,
    NO_DOMINANT,
    SCOPE_MULTIPLE,
    SIMILAR,
)

PUBLIC_KINDS = frozenset({"public_body", "chamber"})
# Enough members with a known activity to weigh the branches from the memberships.
MIN_MEMBERS_FOR_SHARES = 5

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_FIRMS = r"(?:firms|companies|SMEs|entreprises|heads of firms|business owners|industrialists)"
_SIZES = re.compile(
    rf"(?:of|with|from)?\s*({NUMBER})\s*(?:to|-|–|à)\s*({NUMBER})\s+(?:staff|employees|people"
    r"|salariés|personnes)",
    re.IGNORECASE,
)
_SIZES_BRACKET = re.compile(rf"\(from ({NUMBER}) to ({NUMBER})\)", re.IGNORECASE)
_TEN_PLUS = re.compile(
    rf"({NUMBER})(?:\s*(?:to|-)\s*{NUMBER})?\s+{_FIRMS}[^.;]{{0,25}}?(?:with|of) more than 10 "
    r"(?:staff|employees|people|salariés)",
    re.IGNORECASE,
)
_OTHERS = re.compile(
    rf"({NUMBER}) {_FIRMS}[^.;]*?\bplus (?:some |about )?({NUMBER}) (?:[a-z]+ ){{0,2}}"
    r"(?:figures|bodies|organisations|players|notables|individuals|members)",
    re.IGNORECASE,
)
_SHARE_WORDS = {
    "a third": 1 / 3,
    "one third": 1 / 3,
    "half": 0.5,
    "two thirds": 2 / 3,
    "three quarters": 0.75,
    "a quarter": 0.25,
    "almost all": 0.9,
    "nearly all": 0.9,
}
_SHARE = re.compile(
    r"(\d+ ?%|" + "|".join(_SHARE_WORDS) + r") (?:of )?(?:the |such |the area's |the zone's )?"
    r"(?:firms|entreprises)",
    re.IGNORECASE,
)


def read_branches(sheet: Sheet, f: NetworkFacts) -> None:
    if sheet.branch_scope in (Branches.SINGLE, Branches.MULTIPLE):
        f.branch_scope = Branches(sheet.branch_scope)
        f.note("branch_scope", structured("branch_scope", sheet.branch_scope))
    else:
        clause = find(sheet, ["branches_description"], SCOPE_MULTIPLE)
        if clause:
            f.branch_scope = Branches.MULTIPLE
            f.note("branch_scope", clause.evidence())
    if sheet.branch_codes:
        f.branch_codes = sheet.branch_codes
        f.note("branch_codes", structured("branches", ", ".join(sheet.branch_codes)))
    _dominant_branch(sheet, f)


def _dominant_branch(sheet: Sheet, f: NetworkFacts) -> None:
    codes = [m.activity for m in sheet.members if m.kind == "company" and m.activity]
    if len(codes) >= MIN_MEMBERS_FOR_SHARES:
        families = Counter(branch_family(code) or code for code in codes)
        family, n = families.most_common(1)[0]
        f.dominant_branch_share = n / len(codes)
        f.note("dominant_branch_share", structured("memberships", f"{family}: {n}/{len(codes)}"))
        return
    for part in all_clauses(sheet, ["branches_description"]):
        shares = [float(p) for p in _PERCENT.findall(part.sentence)]
        if len(shares) >= 2:  # a breakdown by branch
            f.dominant_branch_share = max(shares) / 100
            f.note("dominant_branch_share", part.evidence())
            return
    clause = find(sheet, ["branches_description", "evaluation"], NO_DOMINANT)
    if clause:
        f.dominant_branch = False
        f.note("dominant_branch", clause.evidence())
        return
    clause = find(sheet, ["branches_description"], DOMINANT)
    if clause:
        f.dominant_branch = True
        f.note("dominant_branch", clause.evidence())
        return
    clause = find(sheet, ["branches_description"], SCOPE_MULTIPLE)
    if clause:
        f.dominant_branch = False
        f.note("dominant_branch", clause.evidence())


def read_members(sheet: Sheet, f: NetworkFacts) -> None:
    firms = [
        m for m in sheet.members if m.kind not in PUBLIC_KINDS and m.membership_type != "partner"
    ]
    if sheet.reported_members is not None:
        f.member_firms = sheet.reported_members
        f.note("member_firms", structured("reported.members", sheet.reported_members))
    elif firms:
        f.member_firms = len(firms)
        f.note("member_firms", structured("memberships", len(firms)))
    else:
        for part in all_clauses(sheet, ["composition"]):
            counted = count_before(_FIRMS, part.text)
            if counted:
                f.member_firms = round(sum(counted) / 2)
                f.note("member_firms", part.evidence())
                break
    if sheet.reported_employees is not None:
        f.member_employees = sheet.reported_employees
        f.note("member_employees", structured("reported.employees", sheet.reported_employees))
    for part in all_clauses(sheet, ["composition"]):
        found = count_before("members", part.text)
        others = _OTHERS.search(part.text)
        if others:
            n_firms, n_others = number(others.group(1)), number(others.group(2))
            if n_firms is not None and n_others is not None:
                f.members_total = int(n_firms + n_others)
                if f.member_firms is None:
                    f.member_firms = int(n_firms)
                f.note("members_total", part.evidence())
                break
        if found and f.member_firms is not None and found[0] > f.member_firms:
            f.members_total = int(found[0])
            f.note("members_total", part.evidence())
            break
    clause = find(sheet, ["composition"], FIRMS_MINORITY)
    if clause:
        f.firms_minority = True
        f.note("firms_minority", clause.evidence())
    _sizes(sheet, f, complete=len(firms) == (sheet.reported_members or len(firms)))
    _participation(sheet, f)


def _sizes(sheet: Sheet, f: NetworkFacts, *, complete: bool) -> None:
    for part in all_clauses(sheet, ["composition"]):
        match = _SIZES.search(part.text) or _SIZES_BRACKET.search(part.text)
        low = number(match.group(1)) if match else None
        high = number(match.group(2)) if match else None
        if low is not None and high is not None and high > low:
            f.member_size_min, f.member_size_max = int(low), int(high)
            f.note("member_size_min", part.evidence())
            f.note("member_size_max", part.evidence())
            break
    staffed = [m.employees for m in sheet.members if m.kind == "company" and m.employees]
    if f.member_size_min is None and complete and len(staffed) >= 2:
        f.member_size_min, f.member_size_max = min(staffed), max(staffed)
        f.note("member_size_min", structured("memberships", f"{min(staffed)}-{max(staffed)}"))
    clause = find(sheet, ["composition", "evaluation", "needs", "outlook"], DISPARATE)
    if clause:
        f.sizes_disparate = True
        f.note("sizes_disparate", clause.evidence())
    else:
        clause = find(sheet, ["composition"], SIMILAR)
        if clause:
            f.sizes_disparate = False
            f.note("sizes_disparate", clause.evidence())
    for part in all_clauses(sheet, ["composition"]):
        match = _TEN_PLUS.search(part.text)
        value = number(match.group(1)) if match else None
        if match and value is not None:
            f.member_firms_10_plus = int(value)
            f.note("member_firms_10_plus", part.evidence())
            if APPROXIMATE.search(part.text[max(0, match.start() - 12) : match.end()]):
                f.approximate.add("member_firms_10_plus")
            break
    all_ten_plus = f.member_size_min is not None and f.member_size_min >= 10
    if f.member_firms_10_plus is None and all_ten_plus and f.member_firms is not None:
        f.member_firms_10_plus = f.member_firms
        for evidence in f.cite("member_size_min")[:1]:
            f.note("member_firms_10_plus", evidence)
            if APPROXIMATE.search(evidence.quote):
                f.approximate.add("member_firms_10_plus")


def _participation(sheet: Sheet, f: NetworkFacts) -> None:
    for clause in all_clauses(sheet, ["composition"]):
        match = _SHARE.search(clause.text)
        if not match:
            continue
        word = match.group(1).lower()
        share = float(word.rstrip("% ")) / 100 if word[0].isdigit() else _SHARE_WORDS[word]
        f.participation_share = share
        f.note("participation_share", clause.evidence())
        return
