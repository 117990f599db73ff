"""The scheduling engine: `solve`, `reoptimise`, `compact`, `check_schedule`, `upper_bound`.

Method (details and figures in docs/scheduling.md):

1. Bound and guide. The time-indexed LP (per participant *and slot*) starts at once in a
   background thread (HiGHS releases the GIL, so it uses the second core): interior point on
   small events, PDLP on large ones. Meanwhile the b-matching LP (one row per participant for
   the whole day) is solved by the simplex method in a fraction of a second. Both give
   certified upper bounds (dual repaired to feasibility, weak duality); their primal
   solutions say which meetings to choose and, for the time-indexed one, in which slots.
2. Construction: pairs heaviest first, the LP's favourites first among equals, each into the
   slot class the LP prefers, next to the participants' other meetings; when no slot is free,
   an ejection chain moves a blocking meeting elsewhere (Kempe-style repair of the edge
   colouring). First with the b-matching guide, improved while the time-indexed LP runs; then
   again, a few times with other tie-breaks, with the LP's slots; the best schedule is kept.
3. Improvement until the time limit or the bound: deeper ejection chains that may drop
   lighter meetings when the value rises; small events go whole to CP-SAT,
   which may prove optimality.
4. Secondary objectives, never at the cost of value: participants without any meeting get one
   where a swap of equal weight allows it; then the compactness phase (compact.py) moves the
   meetings, never adding or dropping one, to lower breaks, then idle slots, until the time
   limit or a proof of optimality.

Mandatory requests are placed first, together, or the run fails naming them (MandatoryError).
The phases themselves are in run.py.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Any

from grappe.scheduling.bound import best_bound
from grappe.scheduling.bound import upper_bound as lp_bound
from grappe.scheduling.figures import (
    check_schedule,
    meeting_units,
    schedule_from_pairs,
    schedule_stats,
)
from grappe.scheduling.model import Instance, InstanceError, Meeting, Schedule
from grappe.scheduling.run import Progress, Run
from grappe.scheduling.search import Board

__all__ = [
    "Progress",
    "check_schedule",
    "compact",
    "reoptimise",
    "schedule_from_pairs",
    "schedule_stats",
    "solve",
    "upper_bound",
]


def upper_bound(instance: Instance, time_limit: float = 60.0) -> float:
    """A certified upper bound on the value of any schedule of `instance` (locks included)."""
    return best_bound(instance.problem, None, time_limit).value


def solve(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    progress: Progress | None = None,
    compactness_first: bool = False,
) -> Schedule:
    """The best schedule found within `time_limit` seconds, with a certified upper bound.

    The value comes first, then breaks, then idle slots (stats["compactness"] gives each with
    its lower bound). With `compactness_first`, every request is mandatory (for events where
    every requested meeting must take place anyway): the run fails with MandatoryError if
    they cannot all be placed, and is then all about compactness.

    Returns earlier only when a bound proves the schedule optimal (value, then breaks and idle
    slots). `progress(done, value, bound)` is called after each phase and at most every half
    second in between: `done` in [0, 1] is the share of the time limit used, `value` that of
    the schedule at hand, `bound` the best bound so far.
    """
    if compactness_first:
        instance = instance.replace(
            requests=tuple(replace(r, mandatory=True) for r in instance.requests)
        )
    run = Run(instance, time_limit, seed, progress)
    run.place_mandatory()
    board = run.new_board()
    return run.optimise(board, construct=True)


def reoptimise(
    instance: Instance,
    previous: Schedule,
    *,
    frozen: Collection[str] = frozenset(),
    allow_moves: bool = False,
    time_limit: float = 10.0,
    seed: int = 0,
    progress: Progress | None = None,
) -> Schedule:
    """Re-optimise after changes (late requests, cancellations, availability changes).

    The meetings of `previous` whose request ids are in `frozen` (published or confirmed)
    stay in their slot; with `allow_moves=True` they may change slot but are never dropped.
    Other previous meetings are the starting point and move only when that lets the value
    rise (never for compactness: only new meetings move for it).

    A previous meeting whose request is gone, or which a change made impossible where it was
    (a participant no longer available, a lock taking its place), is released and listed in
    `stats["dropped"]` with the reason and the slot it got instead ("now", or None).
    `stats["moved"]` counts the other previous meetings that changed slot, and
    `stats["moved_frozen"]` those of them that were frozen (0 unless `allow_moves`).
    """
    run = Run(instance, time_limit, seed, progress)
    board = run.new_board()
    frozen_set = set(frozen)
    dropped: list[dict[str, Any]] = []
    prev_slot, broken = _place_previous(run, board, previous.meetings, frozen_set, allow_moves)
    for info in broken.values():
        if "slot" not in info:
            dropped.append(info)
    broken = {e: info for e, info in broken.items() if "slot" in info}
    run.place_mandatory(board)
    schedule = run.optimise(board, construct=False, pinned=set(prev_slot))
    for e, info in broken.items():
        info["now"] = instance.slots[board.slot[e]].id if board.slot[e] >= 0 else None
        info["frozen"] = info["request"] in frozen_set
        dropped.append(info)
    locked_units = {e for e, _ in run.prob.locked}
    valid = {e: t for e, t in prev_slot.items() if e not in broken and e not in locked_units}
    stats = dict(schedule.stats)
    stats.update(
        kept=sum(1 for e, t in valid.items() if board.slot[e] == t),
        moved=sum(1 for e, t in valid.items() if 0 <= board.slot[e] != t),
        moved_frozen=sum(
            1
            for e, t in valid.items()
            if run.request_of.get(e) in frozen_set and 0 <= board.slot[e] != t
        ),
        previous_meetings_lost=sum(1 for e in valid if board.slot[e] < 0),
        dropped=dropped,
    )
    return Schedule(schedule.meetings, schedule.value, schedule.upper_bound, stats)


def compact(
    instance: Instance,
    schedule: Schedule,
    *,
    frozen: Collection[str] = frozenset(),
    time_limit: float = 10.0,
    seed: int = 0,
    progress: Progress | None = None,
) -> Schedule:
    """Only the compactness phase: the meetings of `schedule`, in slots with fewer breaks.

    The same meetings are kept (so the value), the instance's locked meetings and those whose
    request ids are in `frozen` stay in their slot; the others may move. Raises InstanceError
    if `schedule` breaks a rule of `instance`.
    """
    value, violations = check_schedule(instance, schedule.to_json() | {"value": None})
    if violations:
        raise InstanceError(violations)
    run = Run(instance, time_limit, seed, progress)
    board = run.new_board()
    prev_slot, broken = _place_previous(run, board, schedule.meetings, set(frozen), False)
    if broken:  # (check_schedule passed: cannot happen)
        raise InstanceError([str(info) for info in broken.values()])
    stay = {e for e, t in prev_slot.items() if run.request_of.get(e) in set(frozen)}
    if schedule.upper_bound is not None:
        run.bound, run.bound_method = schedule.upper_bound, "given with the schedule"
    else:
        run.take_bound(lp_bound(run.prob, dict(run.fixed), relaxed=True))
    run.phase("schedule read", board)
    run.compact(board, stay)
    out = run.schedule(board)
    return Schedule(out.meetings, out.value, out.upper_bound, dict(out.stats) | {"value_in": value})


def _place_previous(
    run: Run,
    board: Board,
    meetings: Sequence[Meeting],
    frozen: set[str],
    allow_moves: bool,
) -> tuple[dict[int, int], dict[int, dict[str, Any]]]:
    """Put the previous meetings on the board (frozen ones first); (unit -> previous slot of
    the placed and broken ones, unit or -k -> what was released and why)."""
    instance = run.instance
    prob = run.prob
    r_idx = instance.request_index
    s_idx = instance.slot_index
    released: dict[int, dict[str, Any]] = {}
    known: list[Meeting] = []
    for m in meetings:
        if m.request not in r_idx:
            released[-1 - len(released)] = {
                "request": m.request,
                "reason": "the request no longer exists",
            }
        elif m.slot not in s_idx:
            released[-1 - len(released)] = {
                "request": m.request,
                "reason": f'slot "{m.slot}" no longer exists',
            }
        else:
            known.append(m)
    # A locked meeting is already on the board (the instance's lock prevails): the previous
    # meeting at the same pair and slot is that one; the others take the pair's other units.
    locked_at = {(prob.pair_group[e], t): e for e, t in prob.locked}
    free_units: list[Meeting] = []
    prev_slot: dict[int, int] = {}
    for m in known:
        g = prob.pair_group[prob.request_pair[r_idx[m.request]]]
        e = locked_at.pop((g, s_idx[m.slot]), None)
        if e is not None:
            prev_slot[e] = s_idx[m.slot]
        else:
            free_units.append(m)
    units = meeting_units(instance, free_units)
    taken = {e for e, _ in prob.locked}
    order: list[tuple[int, Meeting]] = []
    for e, m in zip(units, free_units, strict=True):
        group = prob.group_units[prob.pair_group[e]] if e >= 0 else ()
        spare = [f for f in group if f not in taken]
        if not spare:
            continue  # both requests of a mutual pair listed, or more meetings than asked
        f = spare[0]
        taken.add(f)
        order.append((f, m))
    order.sort(key=lambda item: item[1].request not in frozen)
    for e, m in order:
        t = s_idx[m.slot]
        prev_slot[e] = t
        run.request_of[e] = m.request
        if m.table is not None:
            run.prev_table[e] = (t, m.table)
        if not board.free_slots(e) >> t & 1:
            # The change made this meeting impossible where it was: it is released (and may
            # be scheduled again elsewhere, like any pair).
            released[e] = {
                "request": m.request,
                "slot": m.slot,
                "reason": _why_not(run, board, e, t),
            }
            continue
        board.place(e, t)
        if m.request in frozen:
            board.keep[e] = True
            if not allow_moves:
                board.movable[e] = False
                run.fixed[e] = t
    board.commit()
    return prev_slot, released


def _why_not(run: Run, board: Board, e: int, t: int) -> str:
    instance = run.instance
    prob = board.prob
    slot = instance.slots[t].id
    for p in (prob.pair_u[e], prob.pair_v[e]):
        if not prob.avail[p] >> t & 1:
            return f'participant "{instance.participants[p].id}" is no longer available in "{slot}"'
    if not prob.pair_mask[e] >> t & 1:
        return f'the request no longer allows "{slot}"'
    for p in (prob.pair_u[e], prob.pair_v[e]):
        if board.full[p] >> t & 1:
            return f'participant "{instance.participants[p].id}" is fully booked in "{slot}"'
    if board.group_busy[board.group[e]] >> t & 1:
        return f'the pair already meets in "{slot}"'
    return f'no free table in "{slot}"'
