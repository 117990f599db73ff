"""Data model of a meeting-scheduling instance: slots, participants, requests, tables, locks.

Plain Python (no Django). `parse_instance` reads the JSON form documented in
docs/scheduling.md and checks it whole: every problem is reported with the record it is in
(`requests[3] (id "r4"): field "to": unknown participant "p99"`), and an `InstanceError`
carrying all of them is raised. `Problem` (problem.py) is the compiled, index-based form the
solvers use.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Literal

from grappe.scheduling.problem import Problem

Number = int | float
MutualRule = Literal["max", "sum"]


class InstanceError(ValueError):
    """The input is not a valid instance (or schedule); `errors` names every faulty record."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class MandatoryError(ValueError):
    """Mandatory requests that cannot all be placed; `requests` names them (ids).

    `proven` is True when no schedule at all places them together (with the locked meetings),
    False when none was found within the time limit.
    """

    def __init__(self, requests: Sequence[str], proven: bool, detail: str = "") -> None:
        self.requests = list(requests)
        self.proven = proven
        shown = ", ".join(f'"{r}"' for r in self.requests[:20])
        more = f" and {len(self.requests) - 20} more" if len(self.requests) > 20 else ""
        why = "cannot all be placed" if proven else "could not all be placed in the time limit"
        message = f"mandatory requests {why}: {shown}{more}"
        super().__init__(message + (f" ({detail})" if detail else ""))


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    name: str = ""
    capacity: int = 1
    # Slot ids the participant is available in; None means every slot.
    available: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Request:
    id: str
    source: str  # "from" in JSON
    target: str  # "to" in JSON
    weight: Number = 1
    # Slot ids the meeting may take (e.g. the morning); None means any slot.
    slots: frozenset[str] | None = None
    # How many times the pair is asked to meet (each meeting worth `weight`), in distinct slots.
    count: int = 1
    # The solve fails, naming the request, rather than leave a meeting of it out.
    mandatory: bool = False


@dataclass(frozen=True, slots=True)
class Meeting:
    request: str
    slot: str
    table: int | None = None


@dataclass(frozen=True)
class Instance:
    slots: tuple[Slot, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    tables: int | None = None
    locked: tuple[Meeting, ...] = ()
    # How the weights of a pair requested by both sides combine: the better one, or the sum.
    mutual: MutualRule = "max"
    # Fairness: the largest allowed difference between two participants' breaks (None: any).
    max_breaks_spread: int | None = None

    @cached_property
    def slot_index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.slots)}

    @cached_property
    def participant_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.participants)}

    @cached_property
    def request_index(self) -> dict[str, int]:
        return {r.id: i for i, r in enumerate(self.requests)}

    @cached_property
    def problem(self) -> Problem:
        return Problem.compile(self)

    def replace(self, **changes: Any) -> Instance:
        """A copy with some fields changed (cached indexes are rebuilt)."""
        fields: dict[str, Any] = {
            "slots": self.slots,
            "participants": self.participants,
            "requests": self.requests,
            "tables": self.tables,
            "locked": self.locked,
            "mutual": self.mutual,
            "max_breaks_spread": self.max_breaks_spread,
        }
        fields.update(changes)
        return Instance(**fields)


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    value: float
    upper_bound: float | None = None
    stats: Mapping[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        """Relative distance to the bound: (bound - value) / bound (0 = proven optimal)."""
        if self.upper_bound is None:
            return None
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.value) / self.upper_bound)

    def to_json(self) -> dict[str, Any]:
        meetings: list[dict[str, Any]] = []
        for m in self.meetings:
            item: dict[str, Any] = {"request": m.request, "slot": m.slot}
            if m.table is not None:
                item["table"] = m.table
            meetings.append(item)
        out: dict[str, Any] = {
            "meetings": meetings,
            "value": _plain_number(self.value),
            "upper_bound": None if self.upper_bound is None else _plain_number(self.upper_bound),
            "gap": self.gap,
        }
        if self.stats:
            out["stats"] = dict(self.stats)
        return out


def _plain_number(x: float) -> Number:
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


# --------------------------------------------------------------------------------------------
# Parsing and validation


def _describe(kind: str, i: int, rid: object) -> str:
    if isinstance(rid, str):
        return f'{kind}[{i}] (id "{rid}")'
    return f"{kind}[{i}]"


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: object) -> bool:
    return (_is_int(x) or isinstance(x, float)) and math.isfinite(float(x))  # type: ignore[arg-type]


def parse_instance(data: object) -> Instance:
    """Build and validate an instance from its JSON form; raise InstanceError on any problem."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise InstanceError(["instance: expected a JSON object"])
    known = {"slots", "participants", "requests", "tables", "locked", "mutual", "max_breaks_spread"}
    for key in data:
        if key not in known:
            errors.append(f'instance: unknown field "{key}"')

    slots: list[Slot] = []
    raw_slots = data.get("slots")
    if not isinstance(raw_slots, list):
        errors.append('instance: field "slots": expected a list of slots')
        raw_slots = []
    elif not raw_slots:
        errors.append('instance: field "slots": the slot list is empty')
    for i, rs in enumerate(raw_slots):
        where = _describe("slots", i, rs.get("id") if isinstance(rs, dict) else None)
        if not isinstance(rs, dict):
            errors.append(f"{where}: expected an object")
            continue
        sid = rs.get("id")
        if not isinstance(sid, str) or not sid:
            errors.append(f'{where}: field "id": expected a non-empty string')
            continue
        times: list[datetime | None] = []
        for name in ("start", "end"):
            raw = rs.get(name)
            if raw is None:
                times.append(None)
                continue
            try:
                if not isinstance(raw, str):
                    raise ValueError
                times.append(datetime.fromisoformat(raw))
            except ValueError:
                errors.append(f'{where}: field "{name}": expected an ISO date-time, got {raw!r}')
                times.append(None)
        for key in rs:
            if key not in {"id", "start", "end"}:
                errors.append(f'{where}: unknown field "{key}"')
        start, end = times
        if start is not None and end is not None and end <= start:
            errors.append(f'{where}: field "end": must be after "start"')
        slots.append(Slot(sid, start, end))
    _check_duplicates("slots", raw_slots, errors)
    for i in range(1, len(slots)):
        a, b = slots[i - 1].start, slots[i].start
        if a is not None and b is not None and b < a:
            errors.append(
                f'{_describe("slots", i, slots[i].id)}: field "start": slots must be listed in '
                f'chronological order (starts before "{slots[i - 1].id}")'
            )
    slot_ids = {s.id for s in slots}

    participants: list[Participant] = []
    raw_parts = data.get("participants")
    if not isinstance(raw_parts, list):
        errors.append('instance: field "participants": expected a list of participants')
        raw_parts = []
    for i, rp in enumerate(raw_parts):
        where = _describe("participants", i, rp.get("id") if isinstance(rp, dict) else None)
        if not isinstance(rp, dict):
            errors.append(f"{where}: expected an object")
            continue
        pid = rp.get("id")
        if not isinstance(pid, str) or not pid:
            errors.append(f'{where}: field "id": expected a non-empty string')
            continue
        name = rp.get("name", "")
        if not isinstance(name, str):
            errors.append(f'{where}: field "name": expected a string')
            name = ""
        cap = rp.get("capacity", 1)
        if not _is_int(cap) or cap < 1:
            errors.append(f'{where}: field "capacity": expected an integer >= 1, got {cap!r}')
            cap = 1
        available = _slot_list(rp, "available", where, slot_ids, errors)
        for key in rp:
            if key not in {"id", "name", "capacity", "available"}:
                errors.append(f'{where}: unknown field "{key}"')
        participants.append(Participant(pid, name, cap, available))
    _check_duplicates("participants", raw_parts, errors)
    part_ids = {p.id for p in participants}

    requests: list[Request] = []
    raw_reqs = data.get("requests", [])
    if not isinstance(raw_reqs, list):
        errors.append('instance: field "requests": expected a list of requests')
        raw_reqs = []
    for i, rr in enumerate(raw_reqs):
        where = _describe("requests", i, rr.get("id") if isinstance(rr, dict) else None)
        if not isinstance(rr, dict):
            errors.append(f"{where}: expected an object")
            continue
        rid = rr.get("id")
        if not isinstance(rid, str) or not rid:
            errors.append(f'{where}: field "id": expected a non-empty string')
            continue
        ends: list[str] = []
        for name in ("from", "to"):
            val = rr.get(name)
            if not isinstance(val, str):
                errors.append(f'{where}: field "{name}": expected a participant id')
            elif val not in part_ids:
                errors.append(f'{where}: field "{name}": unknown participant "{val}"')
            else:
                ends.append(val)
        weight = rr.get("weight", 1)
        if not _is_number(weight) or weight <= 0:
            errors.append(f'{where}: field "weight": expected a number > 0, got {weight!r}')
            weight = 1
        restricted = _slot_list(rr, "slots", where, slot_ids, errors)
        if restricted is not None and not restricted:
            errors.append(f'{where}: field "slots": the list is empty (no slot allowed)')
        count = rr.get("count", 1)
        if not _is_int(count) or count < 1:
            errors.append(f'{where}: field "count": expected an integer >= 1, got {count!r}')
            count = 1
        elif count > len(slot_ids) > 0:
            errors.append(
                f'{where}: field "count": {count} meetings, but there are only '
                f"{len(slot_ids)} slots"
            )
        mandatory = rr.get("mandatory", False)
        if not isinstance(mandatory, bool):
            errors.append(f'{where}: field "mandatory": expected true or false, got {mandatory!r}')
            mandatory = False
        for key in rr:
            if key not in REQUEST_FIELDS:
                errors.append(f'{where}: unknown field "{key}"')
        if len(ends) == 2:
            if ends[0] == ends[1]:
                errors.append(f'{where}: field "to": a request to oneself ("{ends[0]}")')
                continue
            requests.append(Request(rid, ends[0], ends[1], weight, restricted, count, mandatory))
    _check_duplicates("requests", raw_reqs, errors)

    tables = data.get("tables")
    if tables is not None and (not _is_int(tables) or tables < 0):
        errors.append(f'instance: field "tables": expected an integer >= 0, got {tables!r}')
        tables = None
    mutual = data.get("mutual", "max")
    if mutual not in ("max", "sum"):
        errors.append(f'instance: field "mutual": expected "max" or "sum", got {mutual!r}')
        mutual = "max"
    spread = data.get("max_breaks_spread")
    if spread is not None and (not _is_int(spread) or spread < 0):
        errors.append(
            f'instance: field "max_breaks_spread": expected an integer >= 0, got {spread!r}'
        )
        spread = None

    locked: list[tuple[int, Meeting]] = []
    raw_locked = data.get("locked", [])
    if not isinstance(raw_locked, list):
        errors.append('instance: field "locked": expected a list of meetings')
        raw_locked = []
    req_ids = {r.id for r in requests}
    for i, rl in enumerate(raw_locked):
        meeting = _parse_meeting("locked", i, rl, req_ids, slot_ids, errors)
        if meeting is not None:
            locked.append((i, meeting))

    if errors:
        raise InstanceError(errors)
    inst = Instance(
        slots=tuple(slots),
        participants=tuple(participants),
        requests=tuple(requests),
        tables=tables,
        locked=tuple(m for _, m in locked),
        mutual=mutual,
        max_breaks_spread=spread,
    )
    # Locked meetings must respect every rule.
    errors.extend(
        check_meetings_rules(inst, [m for _, m in locked], "locked", [i for i, _ in locked])
    )
    if errors:
        raise InstanceError(errors)
    return inst


REQUEST_FIELDS = {"id", "from", "to", "weight", "slots", "count", "mandatory"}


def _slot_list(
    record: dict[str, Any], name: str, where: str, slot_ids: set[str], errors: list[str]
) -> frozenset[str] | None:
    """A field holding a list of slot ids (None when absent); unknown ids are errors."""
    raw = record.get(name)
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        errors.append(f'{where}: field "{name}": expected a list of slot ids')
        return None
    for sid in raw:
        if sid not in slot_ids:
            errors.append(f'{where}: field "{name}": unknown slot "{sid}"')
    return frozenset(s for s in raw if s in slot_ids)


def _check_duplicates(kind: str, raw: Sequence[object], errors: list[str]) -> None:
    seen: dict[str, int] = {}
    for i, r in enumerate(raw):
        rid = r.get("id") if isinstance(r, dict) else None
        if not isinstance(rid, str) or not rid:
            continue
        if rid in seen:
            errors.append(
                f'{_describe(kind, i, rid)}: field "id": duplicate id (also {kind}[{seen[rid]}])'
            )
        else:
            seen[rid] = i


def _parse_meeting(
    kind: str,
    i: int,
    raw: object,
    req_ids: set[str],
    slot_ids: set[str],
    errors: list[str],
) -> Meeting | None:
    if not isinstance(raw, dict):
        errors.append(f"{kind}[{i}]: expected an object")
        return None
    rid = raw.get("request")
    where = f'{kind}[{i}] (request "{rid}")' if isinstance(rid, str) else f"{kind}[{i}]"
    ok = True
    if not isinstance(rid, str):
        errors.append(f'{where}: field "request": expected a request id')
        ok = False
    elif rid not in req_ids:
        errors.append(f'{where}: field "request": unknown request "{rid}"')
        ok = False
    sid = raw.get("slot")
    if not isinstance(sid, str):
        errors.append(f'{where}: field "slot": expected a slot id')
        ok = False
    elif sid not in slot_ids:
        errors.append(f'{where}: field "slot": unknown slot "{sid}"')
        ok = False
    table = raw.get("table")
    if table is not None and (not _is_int(table) or table < 1):
        errors.append(f'{where}: field "table": expected an integer >= 1, got {table!r}')
        ok = False
    for key in raw:
        if key not in {"request", "slot", "table"}:
            errors.append(f'{where}: unknown field "{key}"')
    if not ok:
        return None
    assert isinstance(rid, str) and isinstance(sid, str)
    return Meeting(rid, sid, table)


def check_meetings_rules(
    inst: Instance,
    meetings: Sequence[Meeting],
    kind: str = "meetings",
    positions: Sequence[int] | None = None,
) -> list[str]:
    """Every broken rule among `meetings` (ids already known), naming the meeting record."""
    errors: list[str] = []
    if positions is None:
        positions = range(len(meetings))
    s_idx = inst.slot_index
    p_idx = inst.participant_index
    r_idx = inst.request_index
    parts = inst.participants
    prob = inst.problem
    pair_seen: dict[tuple[int, int], list[tuple[int, int]]] = {}  # -> [(position, slot)]
    load: dict[tuple[int, int], int] = {}
    per_slot: dict[int, int] = {}
    table_used: dict[tuple[int, int], int] = {}
    for pos, m in zip(positions, meetings, strict=True):
        where = f'{kind}[{pos}] (request "{m.request}")'
        r = inst.requests[r_idx[m.request]]
        t = s_idx[m.slot]
        a, b = p_idx[r.source], p_idx[r.target]
        key = (a, b) if a < b else (b, a)
        first_unit = prob.request_pair[r_idx[m.request]]
        count = len(prob.group_units[prob.pair_group[first_unit]])
        seen = pair_seen.setdefault(key, [])
        earlier = ", ".join(f"{kind}[{i}]" for i, _ in seen)
        if len(seen) >= count:
            rule = "a pair meets at most once" if count == 1 else f"this pair meets {count} times"
            errors.append(
                f'{where}: "{r.source}" and "{r.target}" already meet ({earlier}): {rule}'
            )
            continue
        if any(u == t for _, u in seen):
            errors.append(
                f'{where}: "{r.source}" and "{r.target}" already meet in "{m.slot}" ({earlier})'
            )
            continue
        seen.append((pos, t))
        if not prob.pair_mask[first_unit] >> t & 1:
            restricting = [
                q.id
                for q in inst.requests
                if q.slots is not None
                and m.slot not in q.slots
                and {p_idx[q.source], p_idx[q.target]} == {a, b}
            ]
            if restricting:
                errors.append(
                    f'{where}: slot "{m.slot}" is not among the slots request '
                    f'"{restricting[0]}" allows'
                )
        for pi in (a, b):
            p = parts[pi]
            if p.available is not None and m.slot not in p.available:
                errors.append(f'{where}: participant "{p.id}" is not available in "{m.slot}"')
            load[(pi, t)] = load.get((pi, t), 0) + 1
            if load[(pi, t)] == p.capacity + 1:
                errors.append(
                    f'{where}: participant "{p.id}" has more than {p.capacity} '
                    f'meeting(s) in "{m.slot}" (capacity)'
                )
        per_slot[t] = per_slot.get(t, 0) + 1
        if inst.tables is not None and per_slot[t] == inst.tables + 1:
            errors.append(f'{where}: more than {inst.tables} meetings in "{m.slot}" (tables)')
        if m.table is not None:
            if inst.tables is not None and m.table > inst.tables:
                errors.append(f"{where}: table {m.table} does not exist ({inst.tables} tables)")
            if (t, m.table) in table_used:
                errors.append(
                    f'{where}: table {m.table} in "{m.slot}" is already taken '
                    f"({kind}[{table_used[(t, m.table)]}])"
                )
            else:
                table_used[(t, m.table)] = pos
    return errors


def parse_meetings(inst: Instance, data: object, kind: str = "meetings") -> list[Meeting]:
    """Read a schedule's meeting list (ids checked against the instance, rules not checked)."""
    if not isinstance(data, dict):
        raise InstanceError(["schedule: expected a JSON object"])
    raw = data.get("meetings")
    if not isinstance(raw, list):
        raise InstanceError(['schedule: field "meetings": expected a list of meetings'])
    errors: list[str] = []
    req_ids = set(inst.request_index)
    slot_ids = set(inst.slot_index)
    out: list[Meeting] = []
    for i, rm in enumerate(raw):
        m = _parse_meeting(kind, i, rm, req_ids, slot_ids, errors)
        if m is not None:
            out.append(m)
    if errors:
        raise InstanceError(errors)
    return out


def instance_to_json(inst: Instance) -> dict[str, Any]:
    """The JSON form of an instance (inverse of parse_instance)."""
    slots: list[dict[str, Any]] = []
    for s in inst.slots:
        item: dict[str, Any] = {"id": s.id}
        if s.start is not None:
            item["start"] = s.start.isoformat(timespec="minutes")
        if s.end is not None:
            item["end"] = s.end.isoformat(timespec="minutes")
        slots.append(item)
    order = inst.slot_index
    parts: list[dict[str, Any]] = []
    for p in inst.participants:
        pi: dict[str, Any] = {"id": p.id}
        if p.name:
            pi["name"] = p.name
        if p.capacity != 1:
            pi["capacity"] = p.capacity
        if p.available is not None:
            pi["available"] = sorted(p.available, key=order.__getitem__)
        parts.append(pi)
    reqs: list[dict[str, Any]] = []
    for r in inst.requests:
        ri: dict[str, Any] = {"id": r.id, "from": r.source, "to": r.target}
        if r.weight != 1:
            ri["weight"] = r.weight
        if r.slots is not None:
            ri["slots"] = sorted(r.slots, key=order.__getitem__)
        if r.count != 1:
            ri["count"] = r.count
        if r.mandatory:
            ri["mandatory"] = True
        reqs.append(ri)
    out: dict[str, Any] = {"slots": slots, "participants": parts, "requests": reqs}
    if inst.tables is not None:
        out["tables"] = inst.tables
    if inst.locked:
        out["locked"] = [
            {"request": m.request, "slot": m.slot}
            | ({"table": m.table} if m.table is not None else {})
            for m in inst.locked
        ]
    if inst.mutual != "max":
        out["mutual"] = inst.mutual
    if inst.max_breaks_spread is not None:
        out["max_breaks_spread"] = inst.max_breaks_spread
    return out


def meetings_value(inst: Instance, meetings: Iterable[Meeting]) -> float:
    """Sum of the weights of the meetings (a pair counted at most `count` times)."""
    prob = inst.problem
    r_idx = inst.request_index
    units = prob.units_for(r_idx[m.request] for m in meetings)
    return float(sum(prob.pair_w[e] for e in set(units) if e >= 0))
