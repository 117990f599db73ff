"""Origin and ties with public bodies (P4, B2 against B3); money and logistics (III-D5)."""

from __future__ import annotations

import re
from decimal import Decimal

from grappe.diagnostics.engine.facts import Initiator, LinkKind, NetworkFacts, PublicLink
from grappe.diagnostics.reading.common import all_clauses, find, negated, structured
from grappe.diagnostics.reading.members import PUBLIC_KINDS
from grappe.diagnostics.reading.sheet import Sheet
from grappe.diagnostics.reading.text import NUMBER, Clause, cleaned, number
from grappe.diagnostics.reading.words import (
    ACTORS,
    HOSTING,
    INDEPENDENCE,
    INDEPENDENT_OF_PUBLIC,
    INITIATION,
    KEY_ROLE,
    PUBLIC_ACTOR,
    STEERING,
    STEERING_HEAD,
    SUPPORT_RECEIVED,
    VENUE,
)
from grappe.directory.money import Currency, Money

_TIE_FIELDS = ("relations_with_institutions", "governance", "staff_description", "origin")
_BY_PHRASE = re.compile(
    INITIATION.pattern
    + r"\s+(?:\w+\s+)?(?:jointly |together )?(?:by|with|within|alongside|under the impulse of|"
    r"at the initiative of|through|par|avec|au sein)\s+([^,;.:()]+)",
    re.IGNORECASE,
)
_AFTER_VERB = re.compile(r"\s*([^,;.:]+)")
_VERB = re.compile(r"\b(?:is|are|was|were|sits?|attends?|meets?|takes? part)\b", re.IGNORECASE)
_NO_BUDGET = re.compile(
    r"\bno budget|budget zero|zero budget|pas de budget|sans budget|budget nul", re.IGNORECASE
)
_NO_STAFF = re.compile(
    r"\bno (?:salaried|permanent|paid) (?:staff|team)|\bno permanent\b|volunteers only|"
    r"bénévol|pas de permanent",
    re.IGNORECASE,
)
_STAFF = re.compile(
    r"\b(one|a|an|two|three|\d+) (?:shared |senior |permanent |salaried )*(?:permanent|facilitator|"
    r"sales agent|engineer|project officers?|general secretary|administrative director|director"
    r"|staff member)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    rf"({NUMBER})(?:\s*(?:to|-|à)\s*({NUMBER}))?\s*(F|FRF|francs|€|EUR|euros)\b(?!\w)",
    re.IGNORECASE,
)
_IN_KIND = re.compile(r"in kind|logistics|secretariat|en nature", re.IGNORECASE)
_PARTNER_TIES = (
    (LinkKind.INITIATED, re.compile(r"initiator|launched|prompted|set up|founder|founded", re.I)),
    (LinkKind.STEERED, re.compile(r"steers|leads|chairs|tutelage|key role|controls|board", re.I)),
    (LinkKind.HOSTED, re.compile(r"secretariat|logistics|hosted the (?:association|club)", re.I)),
    (LinkKind.SUPPORTED, re.compile(r"support|backing|help", re.I)),
)


def actor(text: str) -> tuple[Initiator, str] | None:
    """The first actor the text names, and its kind."""
    best: tuple[int, Initiator, str] | None = None
    for kind, pattern in ACTORS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind, match.group(0))
    return None if best is None else (best[1], best[2])


def read_ties(sheet: Sheet, f: NetworkFacts) -> None:
    _initiator(sheet, f)
    links: list[tuple[PublicLink, Clause | None, str]] = []
    links += _initiated(sheet)
    links += _hosted_steered_supported(sheet)
    links += _partners(sheet, f)
    links += _funding(sheet, f)
    if sheet.legal_status == "public_body":
        links.append((PublicLink(LinkKind.PUBLIC_STATUS), None, "legal_status"))
    cancel = find(sheet, [*_TIE_FIELDS, "evaluation", "outlook"], INDEPENDENT_OF_PUBLIC)
    if cancel:
        # Support received does not make a network that says it is independent of public bodies
        # "connected" (class B3); hosting, steering or founding by one still does.
        links = [item for item in links if item[0].kind is not LinkKind.SUPPORTED]
    seen: set[tuple[LinkKind, str]] = set()
    kept = []
    for link, clause, source in links:
        key = (link.kind, link.body.lower())
        if key in seen:
            continue
        seen.add(key)
        kept.append(link)
        f.note(
            "public_links",
            clause.evidence(link.kind.value)
            if clause
            else structured(source, link.body or link.kind.value),
        )
    f.public_links = tuple(kept)
    independence = find(sheet, [*_TIE_FIELDS, "evaluation"], INDEPENDENCE)
    if independence:
        f.independence_stated = True
        f.note("independence_stated", independence.evidence())
    known = [name for name in _TIE_FIELDS if cleaned(sheet.text(name))]
    if known or sheet.financing or any(m.kind in PUBLIC_KINDS for m in sheet.members):
        f.ties_known = True
        f.note("ties_known", structured("fields", ", ".join(known) or "financing"))


def _initiator(sheet: Sheet, f: NetworkFacts) -> None:
    for clause in all_clauses(sheet, ["origin", "founding_stages"]):
        found = actor(clause.text)
        if found:
            f.initiator = found[0]
            f.note("initiator", clause.evidence(found[1]))
            return
    founders = [m for m in sheet.members if m.membership_type == "founding"]
    if founders:
        kind = founders[0].kind
        f.initiator = Initiator.PUBLIC_BODY if kind in PUBLIC_KINDS else Initiator.ENTREPRENEUR
        f.note("initiator", structured("memberships", founders[0].name))


def _initiated(sheet: Sheet) -> list[tuple[PublicLink, Clause | None, str]]:
    found: list[tuple[PublicLink, Clause | None, str]] = []
    for clause in all_clauses(sheet, ["origin", "founding_stages"]):
        for match in _BY_PHRASE.finditer(clause.text):
            body = PUBLIC_ACTOR.search(match.group(1))
            if body and not negated(clause.text, match.start()):
                found.append((PublicLink(LinkKind.INITIATED, body.group(0)), clause, "origin"))
    return found


def _hosted_steered_supported(sheet: Sheet) -> list[tuple[PublicLink, Clause | None, str]]:
    found: list[tuple[PublicLink, Clause | None, str]] = []
    first_governance = True
    for clause in all_clauses(sheet, (*_TIE_FIELDS, "budget_description")):
        text = clause.text
        host = HOSTING.search(text)
        body = PUBLIC_ACTOR.search(text)
        if host and body and not VENUE.search(text) and not negated(text, host.start()):
            found.append((PublicLink(LinkKind.HOSTED, body.group(0)), clause, clause.source))
        steer = STEERING.search(text)
        if steer:
            phrase = _AFTER_VERB.match(text, steer.end())
            head = actor(phrase.group(1)) if phrase else None
            jointly = "jointly" in steer.group(0).lower()
            target = PUBLIC_ACTOR.search(phrase.group(1)) if phrase else None
            if target and (jointly or (head and PUBLIC_ACTOR.fullmatch(head[1]))):
                found.append((PublicLink(LinkKind.STEERED, target.group(0)), clause, clause.source))
        if clause.source == "governance" and first_governance and not _VERB.search(text):
            # "The president of the development agency": the leader named as the steering.
            start = STEERING_HEAD.match(text)
            target = PUBLIC_ACTOR.match(text, start.end()) if start else None
            if target is None and start:
                target = PUBLIC_ACTOR.search(text[start.end() : start.end() + 40])
            if target:
                found.append((PublicLink(LinkKind.STEERED, target.group(0)), clause, "governance"))
        role = KEY_ROLE.search(text)
        body = PUBLIC_ACTOR.search(text[: role.start()]) if role else None
        if role and body:
            found.append((PublicLink(LinkKind.STEERED, body.group(0)), clause, clause.source))
        support = SUPPORT_RECEIVED.search(text)
        if support and not negated(text, support.start()):
            body = PUBLIC_ACTOR.search(support.group(0))
            name = body.group(0) if body else ""
            found.append((PublicLink(LinkKind.SUPPORTED, name), clause, clause.source))
        if clause.source == "governance":
            first_governance = False
    return found


def _partners(sheet: Sheet, f: NetworkFacts) -> list[tuple[PublicLink, Clause | None, str]]:
    found: list[tuple[PublicLink, Clause | None, str]] = []
    for member in sheet.members:
        if member.kind not in PUBLIC_KINDS:
            continue
        source = f"membership: {member.name}" + (f" ({member.note})" if member.note else "")
        if member.note and VENUE.search(member.note):
            continue  # hosting some meetings is a venue, not a tie
        kinds = [kind for kind, pattern in _PARTNER_TIES if pattern.search(member.note)]
        for kind in kinds or [LinkKind.SUPPORTED]:
            found.append((PublicLink(kind, member.name), None, source))
        if LinkKind.HOSTED in kinds:
            f.logistics_support = True
            f.note("logistics_support", structured("memberships", source))
    return found


def _funding(sheet: Sheet, f: NetworkFacts) -> list[tuple[PublicLink, Clause | None, str]]:
    """Public share of the money (in-kind logistics apart); its hosting and support rows."""
    found: list[tuple[PublicLink, Clause | None, str]] = []
    money_rows = []
    for row in sheet.financing:
        text = f"{row.funder} {row.note}"
        if _IN_KIND.search(row.note):
            f.logistics_support = True
            f.note("logistics_support", structured("financing", text.strip()))
            if row.kind == "public" or PUBLIC_ACTOR.search(row.funder):
                found.append(
                    (PublicLink(LinkKind.HOSTED, row.funder), None, f"financing: {text.strip()}")
                )
            continue
        money_rows.append(row)
        if row.kind == "public" and re.search(r"\bsupport\b|running costs", row.note, re.I):
            found.append(
                (PublicLink(LinkKind.SUPPORTED, row.funder), None, f"financing: {text.strip()}")
            )
    shares = [r.share_percent for r in money_rows if r.share_percent is not None]
    public_known = sum(r.share_percent or 0 for r in money_rows if r.kind == "public")
    share: float | None = None
    if shares and (sum(shares) >= 99 or public_known > 50):
        share = public_known / 100
    elif money_rows and all(r.kind == "public" for r in money_rows):
        share = 1.0
    elif money_rows and not any(r.kind == "public" for r in money_rows):
        share = 0.0  # the record's sources of money include no public one
    if share is not None:
        f.public_funding_share = share
        detail = "; ".join(
            f"{r.kind} {r.share_percent or '?'} % {r.funder}".strip() for r in money_rows
        )
        f.note("public_funding_share", structured("financing", detail))
        if share > 0.5:
            funders = ", ".join(r.funder for r in money_rows if r.kind == "public" and r.funder)
            found.append((PublicLink(LinkKind.FUNDED, funders), None, "financing"))
    return found


def read_means(sheet: Sheet, f: NetworkFacts) -> None:
    if sheet.staff_fte is not None:
        f.staff_fte = sheet.staff_fte
        f.note("staff_fte", structured("staff_fte", sheet.staff_fte))
    else:
        for clause in all_clauses(sheet, ["staff_description"]):
            if _NO_STAFF.search(clause.text):
                f.staff_fte = 0.0
            else:
                match = _STAFF.search(clause.text)
                value = number(match.group(1)) if match else None
                if value is None and match:
                    value = 1.0
                if value is None:
                    continue
                f.staff_fte = value
            f.note("staff_fte", clause.evidence())
            break
    if sheet.budget_eur is not None:
        f.budget_eur = sheet.budget_eur
        f.note("budget_eur", structured("budget", f"{sheet.budget_eur} EUR"))
    if sheet.dues_eur is not None:
        f.dues_eur = sheet.dues_eur
        f.note("dues_eur", structured("dues", f"{sheet.dues_eur} EUR"))
    else:
        texts = [
            sheet.text("dues_description"),
            *(r.note for r in sheet.financing if r.kind == "dues"),
        ]
        for text in texts:
            match = _MONEY.search(text)
            if match:
                low, high = number(match.group(1)), number(match.group(2) or match.group(1))
                if low is None or high is None:
                    continue
                currency = (
                    Currency.EUR
                    if match.group(3).lower() in ("€", "eur", "euros")
                    else Currency.FRF
                )
                amount = Money(Decimal(str((low + high) / 2)), currency).in_euros().amount
                f.dues_eur = amount
                f.note("dues_eur", structured("dues", f"{text.strip()} ({amount} EUR)"))
                break
    no_budget = find(sheet, ["budget_description", "staff_description", "needs"], _NO_BUDGET)
    note = next((r.note for r in sheet.financing if _NO_BUDGET.search(r.note)), "")
    if no_budget or note or f.budget_eur == 0:
        f.no_budget = True
        f.note(
            "no_budget", no_budget.evidence() if no_budget else structured("financing", note or "0")
        )
    for clause in all_clauses(sheet, ["staff_description", "budget_description", "governance"]):
        host = HOSTING.search(clause.text)
        provided = host and re.search(r"provided|assured|by|through", clause.text)
        if host and provided and not negated(clause.text, host.start()):
            f.logistics_support = True
            f.note("logistics_support", clause.evidence())
            break
