"""Checking a schedule, and its figures: value, fairness, compactness (breaks and idle slots).

Definitions (docs/scheduling.md):

- a participant's **breaks**: the consecutive pairs of its meetings (in slot order) that are
  not in adjacent slots of the slot list; a run of empty slots counts once, whatever its
  length. Two meetings in one slot (capacity 2) are not a break.
- its **idle slots**: the empty slots between its first and its last meeting.
- the **breaks spread**: the largest difference between two participants' breaks, over the
  participants with at least one meeting (the fairness the `max_breaks_spread` bound caps).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grappe.scheduling.model import (
    Instance,
    Meeting,
    Schedule,
    _parse_meeting,
    check_meetings_rules,
)


def breaks(mask: int) -> int:
    """Breaks of a busy-slot mask: its runs of set bits, less one (0 for an empty mask)."""
    if not mask:
        return 0
    return (mask & ~(mask << 1)).bit_count() - 1


def idle_slots(mask: int) -> int:
    """Empty slots between the first and the last set bit of a busy-slot mask."""
    if not mask:
        return 0
    return mask.bit_length() - (mask & -mask).bit_length() + 1 - mask.bit_count()


@dataclass(frozen=True)
class Compactness:
    """Per participant (index order): meetings, breaks, idle slots; and the totals."""

    meetings: tuple[int, ...]
    breaks: tuple[int, ...]
    idle: tuple[int, ...]

    @property
    def total_breaks(self) -> int:
        return sum(self.breaks)

    @property
    def total_idle(self) -> int:
        return sum(self.idle)

    @property
    def spread(self) -> int:
        """Largest difference of breaks between two participants who have meetings."""
        among = [b for b, n in zip(self.breaks, self.meetings, strict=True) if n]
        return max(among) - min(among) if among else 0


def compactness(n_participants: int, placed: Iterable[tuple[int, int, int]]) -> Compactness:
    """Figures from (participant u, participant v, slot) triples of the placed meetings."""
    busy = [0] * n_participants
    count = [0] * n_participants
    for u, v, t in placed:
        for p in (u, v):
            busy[p] |= 1 << t
            count[p] += 1
    return Compactness(
        meetings=tuple(count),
        breaks=tuple(breaks(b) for b in busy),
        idle=tuple(idle_slots(b) for b in busy),
    )


def meeting_units(instance: Instance, meetings: Sequence[Meeting]) -> list[int]:
    """The unit (problem.py) each meeting takes, -1 past its pair's count."""
    r_idx = instance.request_index
    return instance.problem.units_for(r_idx[m.request] for m in meetings)


def check_schedule(instance: Instance, schedule: object) -> tuple[float, list[str]]:
    """The value of a schedule (JSON form) and every rule it breaks (empty list: feasible).

    Checked: ids exist, a pair meets at most `count` times (in distinct slots, among the slots
    its requests allow), capacities, availabilities, tables (count and numbers), locked
    meetings present in their slot (and at their table), mandatory requests met, and the
    stated "value" if any.
    """
    if not isinstance(schedule, dict):
        return 0.0, ["schedule: expected a JSON object"]
    raw = schedule.get("meetings")
    if not isinstance(raw, list):
        return 0.0, ['schedule: field "meetings": expected a list of meetings']
    violations: list[str] = []
    req_ids = set(instance.request_index)
    slot_ids = set(instance.slot_index)
    meetings: list[Meeting] = []
    positions: list[int] = []
    for i, item in enumerate(raw):
        m = _parse_meeting("meetings", i, item, req_ids, slot_ids, violations)
        if m is not None:
            meetings.append(m)
            positions.append(i)
    violations.extend(check_meetings_rules(instance, meetings, "meetings", positions))
    prob = instance.problem
    r_idx = instance.request_index
    units = meeting_units(instance, meetings)
    placed = {e: m for e, m in zip(units, meetings, strict=True) if e >= 0}
    by_group: dict[int, list[Meeting]] = {}
    for e, m in placed.items():
        by_group.setdefault(prob.pair_group[e], []).append(m)
    for i, lm in enumerate(instance.locked):
        got = by_group.get(prob.pair_group[prob.request_pair[r_idx[lm.request]]], [])
        where = f'locked[{i}] (request "{lm.request}")'
        same = [m for m in got if m.slot == lm.slot]
        if not got:
            violations.append(f'{where}: missing from the schedule (must stay in "{lm.slot}")')
        elif not same:
            violations.append(f'{where}: moved to "{got[0].slot}" (must stay in "{lm.slot}")')
        elif lm.table is not None and same[0].table is not None and same[0].table != lm.table:
            violations.append(f"{where}: moved to table {same[0].table} (must stay at {lm.table})")
    for i, r in enumerate(instance.requests):
        if r.mandatory:
            g = prob.pair_group[prob.request_pair[i]]
            met, wanted = len(by_group.get(g, [])), len(prob.group_units[g])
            if met < wanted:
                violations.append(
                    f'requests[{i}] (id "{r.id}"): mandatory, but met {met} of {wanted} time(s)'
                )
    value = math.fsum(prob.pair_w[e] for e in placed)
    stated = schedule.get("value")
    if stated is not None:
        if isinstance(stated, bool) or not isinstance(stated, int | float):
            violations.append(f'schedule: field "value": expected a number, got {stated!r}')
        elif abs(float(stated) - value) > 1e-6 * max(1.0, abs(value)):
            violations.append(
                f'schedule: field "value": states {stated}, the meetings are worth {value:g}'
            )
    return value, violations


def schedule_stats(instance: Instance, meetings: Sequence[Meeting]) -> dict[str, Any]:
    """Fairness and compactness figures of a schedule (see docs/scheduling.md)."""
    prob = instance.problem
    r_idx = instance.request_index
    s_idx = instance.slot_index
    units = meeting_units(instance, meetings)
    pairs = {e: s_idx[m.slot] for e, m in zip(units, meetings, strict=True) if e >= 0}
    P = prob.n_participants
    fig = compactness(P, ((prob.pair_u[e], prob.pair_v[e], t) for e, t in pairs.items()))
    wants = [False] * P
    for e in range(prob.n_pairs):
        wants[prob.pair_u[e]] = wants[prob.pair_v[e]] = True
    counts = [fig.meetings[p] for p in range(P) if wants[p]]
    # Pairs asked for from both sides.
    directions: dict[int, set[str]] = {}
    for r in instance.requests:
        directions.setdefault(prob.request_pair[r_idx[r.id]], set()).add(r.source)
    mutual = [e for e, srcs in directions.items() if len(srcs) == 2]
    top = max(prob.pair_w, default=0.0)
    top_pairs = [e for e in range(prob.n_pairs) if prob.pair_w[e] == top]
    with_meetings = [c for c in counts if c]
    n_met = sum(1 for n in fig.meetings if n)
    ids = [p.id for p in instance.participants]
    return {
        "meetings": len(pairs),
        "pairs": prob.n_pairs,
        "pairs_met_share": _share(len(pairs), prob.n_pairs),
        "participants_with_requests": len(counts),
        "participants_without_meeting": sum(1 for c in counts if not c),
        "share_without_meeting": _share(sum(1 for c in counts if not c), len(counts)),
        "min_meetings": min(counts, default=0),
        "median_meetings": statistics.median(counts) if counts else 0,
        "median_meetings_of_those_met": statistics.median(with_meetings) if with_meetings else 0,
        "mutual_pairs": len(mutual),
        "mutual_met_share": _share(sum(1 for e in mutual if e in pairs), len(mutual)),
        "top_priority_weight": top,
        "top_priority_pairs": len(top_pairs),
        "top_priority_met_share": _share(sum(1 for e in top_pairs if e in pairs), len(top_pairs)),
        "breaks": fig.total_breaks,
        "breaks_per_participant": round(fig.total_breaks / n_met, 4) if n_met else 0.0,
        "participants_with_breaks": sum(1 for b in fig.breaks if b),
        "max_breaks": max(fig.breaks, default=0),
        "breaks_spread": fig.spread,
        "idle_slots": fig.total_idle,
        "idle_slots_per_participant": round(fig.total_idle / n_met, 4) if n_met else 0.0,
        "participants_with_idle": sum(1 for i in fig.idle if i),
        "meetings_per_slot": {
            instance.slots[t].id: c for t, c in sorted(Counter(pairs.values()).items())
        },
        # What each participant's day looks like (those with meetings), for the platform.
        "participants": {
            ids[p]: {
                "meetings": fig.meetings[p],
                "breaks": fig.breaks[p],
                "idle_slots": fig.idle[p],
            }
            for p in range(P)
            if fig.meetings[p]
        },
    }


def _share(a: int, b: int) -> float:
    return round(a / b, 6) if b else 1.0


def assign_tables(
    inst: Instance, meetings: Mapping[int, int], wanted: Mapping[int, tuple[int, int]]
) -> dict[int, int]:
    """Table numbers 1..tables per slot: locked tables kept, then previous ones where free."""
    if inst.tables is None:
        return {}
    prob = inst.problem
    locked = {e for (e, _), m in zip(prob.locked, inst.locked, strict=True) if m.table is not None}
    by_slot: dict[int, list[int]] = {}
    for e, t in meetings.items():
        by_slot.setdefault(t, []).append(e)
    out: dict[int, int] = {}
    for t, pairs in by_slot.items():
        used: set[int] = set()
        rest: list[int] = []
        # Locked meetings first: their tables are binding (and distinct, parse_instance
        # checked); then meetings still in their previous slot keep their table.
        for e in sorted(pairs, key=lambda f: (f not in locked, f)):
            slot, k = wanted.get(e, (-1, 0))
            if slot == t and k not in used and 1 <= k <= inst.tables:
                out[e] = k
                used.add(k)
            else:
                rest.append(e)
        k = 1
        for e in rest:
            while k in used:
                k += 1
            out[e] = k
            used.add(k)
    return out


def locked_requests(instance: Instance) -> tuple[dict[int, str], dict[int, tuple[int, int]]]:
    """For the locked units: the request id each keeps, and its (slot, table) if a table."""
    request_of: dict[int, str] = {}
    wanted: dict[int, tuple[int, int]] = {}
    s_idx = instance.slot_index
    for (e, _), m in zip(instance.problem.locked, instance.locked, strict=True):
        request_of[e] = m.request
        if m.table is not None:
            wanted[e] = (s_idx[m.slot], m.table)
    return request_of, wanted


def meetings_of(
    instance: Instance,
    pairs: Mapping[int, int],
    request_of: Mapping[int, str],
    tables: Mapping[int, int],
) -> tuple[Meeting, ...]:
    """Meetings (request ids, slot ids, tables) from a unit -> slot mapping, by slot."""
    prob = instance.problem
    out = []
    for e, t in sorted(pairs.items(), key=lambda it: (it[1], it[0])):
        rid = request_of.get(e) or instance.requests[prob.pair_request[e]].id
        out.append(Meeting(rid, instance.slots[t].id, tables.get(e)))
    return tuple(out)


def schedule_from_pairs(
    instance: Instance,
    pairs: Mapping[int, int],
    bound: float | None,
    extra: Mapping[str, Any] | None = None,
) -> Schedule:
    """A Schedule (with tables numbered and figures) from a unit -> slot mapping."""
    prob = instance.problem
    request_of, wanted = locked_requests(instance)
    tables = assign_tables(instance, pairs, wanted)
    meetings = meetings_of(instance, pairs, request_of, tables)
    value = math.fsum(prob.pair_w[e] for e in pairs)
    stats = schedule_stats(instance, meetings)
    if extra:
        stats.update(extra)
    return Schedule(meetings, value, bound, stats)
