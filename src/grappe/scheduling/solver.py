"""The scheduling engine: `solve`, `reoptimise`, `check_schedule`, `upper_bound`.

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
   where a swap of equal weight allows it, then meetings move to close idle gaps.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from grappe.scheduling.bound import BoundJob, BoundResult, best_bound, lp_columns
from grappe.scheduling.bound import upper_bound as lp_bound
from grappe.scheduling.cpsat import model_size, solve_cpsat
from grappe.scheduling.model import (
    Instance,
    Meeting,
    Problem,
    Schedule,
    _parse_meeting,
    check_meetings_rules,
)
from grappe.scheduling.search import (
    Board,
    Guide,
    Improver,
    greedy,
    idle_slots,
    pair_order,
    polish_fairness,
    polish_idle,
)

Progress = Callable[[float, float, float], None]

# Small events are handed whole to CP-SAT to prove optimality.
EXACT_MAX_VARIABLES = 8_000
BUILD_SECONDS_PER_VARIABLE = 6e-5  # measured on a loaded 2-core machine
# Time-indexed LPs up to this many columns are solved by interior point, larger ones by PDLP.
IPM_MAX_COLUMNS = 40_000
# Rounding restarts with the slot guide (each a full construction).
MAX_RESTARTS = 12
# Share of the time limit kept for the secondary objectives.
POLISH_SHARE = 0.08


def upper_bound(instance: Instance, time_limit: float = 60.0) -> float:
    """A certified upper bound on the value of any schedule of `instance` (locks included)."""
    return best_bound(instance.problem, None, time_limit).value


def solve(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    progress: Progress | None = None,
) -> Schedule:
    """The best schedule found within `time_limit` seconds, with a certified upper bound.

    Returns earlier when the value reaches the bound and idle gaps cannot be shortened any
    more. `progress(done, value, bound)` is called after each phase and at most every half
    second in between: `done` in [0, 1] is the share of the time limit used, `value` that of
    the schedule at hand, `bound` the best bound so far.
    """
    run = _Run(instance, time_limit, seed, progress)
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
    rise (never for the secondary objectives).

    A previous meeting whose request is gone, or which a change made impossible where it was
    (a participant no longer available, a lock taking its place), is released and listed in
    `stats["dropped"]` with the reason and the slot it got instead ("now", or None).
    `stats["moved"]` counts the other previous meetings that changed slot, and
    `stats["moved_frozen"]` those of them that were frozen (0 unless `allow_moves`).
    """
    run = _Run(instance, time_limit, seed, progress)
    prob = run.prob
    r_idx = instance.request_index
    s_idx = instance.slot_index
    board = run.new_board()
    locked_pairs = set(run.fixed)
    frozen_set = set(frozen)
    dropped: list[dict[str, str]] = []
    prev_slot: dict[int, int] = {}
    frozen_first: list[tuple[int, int, Meeting]] = []
    others: list[tuple[int, int, Meeting]] = []
    for m in previous.meetings:
        if m.request not in r_idx:
            dropped.append({"request": m.request, "reason": "the request no longer exists"})
            continue
        if m.slot not in s_idx:
            dropped.append({"request": m.request, "reason": f'slot "{m.slot}" no longer exists'})
            continue
        e = prob.request_pair[r_idx[m.request]]
        if e in prev_slot:
            continue  # both requests of a mutual pair listed: the pair meets once
        t = s_idx[m.slot]
        prev_slot[e] = t
        if e in locked_pairs:
            continue  # the instance's lock (request id, table) prevails
        run.request_of[e] = m.request
        if m.table is not None:
            run.prev_table[e] = (t, m.table)
        (frozen_first if m.request in frozen_set else others).append((e, t, m))
    broken: dict[int, dict[str, Any]] = {}
    for e, t, m in frozen_first + others:
        is_frozen = m.request in frozen_set
        if not board.free_slots(e) >> t & 1:
            # The change made this meeting impossible where it was: it is released (and may
            # be scheduled again elsewhere, like any pair).
            reason = _why_not(instance, board, e, t)
            broken[e] = {"request": m.request, "slot": m.slot, "reason": reason}
            continue
        board.place(e, t)
        if is_frozen:
            board.keep[e] = True
            if not allow_moves:
                board.movable[e] = False
                run.fixed[e] = t
    board.commit()
    schedule = run.optimise(board, construct=False, pinned=set(prev_slot))
    for e, info in broken.items():
        info["now"] = instance.slots[board.slot[e]].id if board.slot[e] >= 0 else None
        info["frozen"] = info["request"] in frozen_set
        dropped.append(info)
    valid = {e: t for e, t in prev_slot.items() if e not in broken and e not in locked_pairs}
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


def _why_not(instance: Instance, board: Board, e: int, t: int) -> str:
    prob = board.prob
    slot = instance.slots[t].id
    for p in (prob.pair_u[e], prob.pair_v[e]):
        if not prob.avail[p] >> t & 1:
            return f'participant "{instance.participants[p].id}" is no longer available in "{slot}"'
    for p in (prob.pair_u[e], prob.pair_v[e]):
        if board.full[p] >> t & 1:
            return f'participant "{instance.participants[p].id}" is fully booked in "{slot}"'
    return f'no free table in "{slot}"'


class _Run:
    """One optimisation run: the clock, the bound, and the phases."""

    def __init__(
        self, instance: Instance, time_limit: float, seed: int, progress: Progress | None
    ) -> None:
        self.t0 = time.perf_counter()
        self.time_limit = max(0.0, float(time_limit))
        self.deadline = self.t0 + self.time_limit
        self.instance = instance
        self.prob: Problem = instance.problem
        self.seed = seed
        self.progress = progress
        self.fixed: dict[int, int] = dict(self.prob.locked)
        self.request_of: dict[int, str] = {}
        # Tables to keep where possible: pair -> (slot, table).
        self.prev_table: dict[int, tuple[int, int]] = {}
        r_idx = instance.request_index
        for m in instance.locked:
            e = self.prob.request_pair[r_idx[m.request]]
            self.request_of[e] = m.request
            if m.table is not None:
                self.prev_table[e] = (instance.slot_index[m.slot], m.table)
        self.phases: list[dict[str, Any]] = []
        self.bound = math.inf
        self.bound_method = ""
        self.last_report = self.t0

    # ---------------------------------------------------------------------------------------

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def new_board(self, guide: Guide | None = None, seed: int | None = None) -> Board:
        return Board(self.prob, self.fixed, seed=self.seed if seed is None else seed, guide=guide)

    def phase(self, name: str, board: Board | None, **info: Any) -> None:
        value = board.value if board is not None else 0.0
        self.phases.append({"phase": name, "at": round(self.elapsed(), 3), "value": value} | info)
        if self.progress is not None:
            done = min(1.0, self.elapsed() / self.time_limit) if self.time_limit else 1.0
            self.last_report = time.perf_counter()
            self.progress(done, value, self.bound)

    def tick(self, board: Board) -> None:
        """Report progress between phases, at most every half second."""
        now = time.perf_counter()
        if self.progress is not None and now - self.last_report >= 0.5:
            self.last_report = now
            done = min(1.0, self.elapsed() / self.time_limit) if self.time_limit else 1.0
            self.progress(done, board.value, self.bound)

    def take_bound(self, r: BoundResult) -> None:
        if r.value < self.bound:
            self.bound = r.value
            self.bound_method = r.method

    def optimal(self, board: Board) -> bool:
        return board.value >= self.bound - 1e-9 * max(1.0, abs(self.bound))

    # ---------------------------------------------------------------------------------------

    def optimise(self, board: Board, construct: bool, pinned: Collection[int] = ()) -> Schedule:
        prob = self.prob
        # The bound is on schedules that keep what must stay: locks (and frozen meetings).
        fixed = dict(self.fixed)
        polish_at = self.deadline - POLISH_SHARE * self.time_limit

        # The time-indexed LP in the background, first of all: it is the longest step.
        # HiGHS releases the GIL (or runs in a child process, for PDLP), so it uses the other
        # core while the search goes on; it is stopped, at the latest, before returning.
        ti_job: BoundJob | None = None
        if prob.n_pairs and self.left() > 0.2:
            ti_limit = max(0.2, 0.85 * self.left())
            # Interior point gives a better rounding guide than PDLP (more accurate), but
            # takes 10-30 s at 2,000 participants, where PDLP takes 2-5 s.
            method = "ipm" if lp_columns(prob, fixed) <= IPM_MAX_COLUMNS else "pdlp"
            ti_job = BoundJob(prob, fixed, ti_limit, method)
        try:
            return self._optimise(board, construct, pinned, fixed, polish_at, ti_job)
        finally:
            if ti_job is not None:
                ti_job.stop()

    def _optimise(
        self,
        board: Board,
        construct: bool,
        pinned: Collection[int],
        fixed: dict[int, int],
        polish_at: float,
        ti_job: BoundJob | None,
    ) -> Schedule:
        prob = self.prob
        bm = lp_bound(prob, fixed, time_limit=max(1.0, self.left()), relaxed=True)
        self.take_bound(bm)
        self.phase("b-matching bound", board, bound=bm.value, seconds=round(bm.seconds, 3))
        weight_of = bm.pair_x.tolist() if bm.pair_x is not None else None

        greedy(board, pair_order(board, weight_of), 1, polish_at)
        self.phase("construction (b-matching guide)", board)

        # While the LP runs: improve the schedule at hand.
        improver = Improver(board, weight_of)
        while (
            ti_job is not None
            and ti_job.running()
            and not self.optimal(board)
            and time.perf_counter() < polish_at - 0.3
        ):
            improver.run(min(polish_at - 0.3, time.perf_counter() + 0.1))
            self.tick(board)
        if improver.passes:
            self.phase("improvement (waiting for the LP)", board, depth=improver.depth)
        # Once the value reaches the bound there is nothing to wait for: the LP is stopped.
        ti = None
        if ti_job is not None and not self.optimal(board):
            ti = ti_job.result(timeout=0.0)
        if ti_job is not None and ti is None:
            ti_job.stop()

        if ti is not None:
            self.take_bound(ti)
            self.phase("time-indexed bound", board, bound=ti.value, seconds=round(ti.seconds, 3))
            guide = _slot_guide(ti)
            if guide is not None and not self.optimal(board):
                g, best_x = guide
                # Round the LP again, now with its slots (the greedy falls back to plain
                # first fit if it runs out of time; the better schedule is kept); repeat with
                # other tie-breaks while it pays and there is time.
                restarts, misses, took = 0, 0, 0.0
                while (
                    construct
                    and not self.optimal(board)
                    and restarts < MAX_RESTARTS
                    and misses < 3
                    and time.perf_counter() + 1.5 * took < polish_at - 0.3
                ):
                    started = time.perf_counter()
                    other = self.new_board(guide=g, seed=self.seed + 1 + restarts)
                    greedy(other, pair_order(other, best_x), 1, polish_at)
                    took = time.perf_counter() - started
                    restarts += 1
                    if other.key() > board.key():
                        board, misses = other, 0
                        improver = Improver(board, best_x)
                    else:
                        misses += 1
                if restarts:
                    self.phase("construction (slot guide)", board, restarts=restarts)
                board.guide = g

        # Small events: CP-SAT on the whole model may prove optimality.
        size = model_size(prob, fixed)
        if not self.optimal(board) and size <= EXACT_MAX_VARIABLES:
            # Building the model in Python and CP-SAT's set-up are not under its time limit.
            overhead = 0.05 + size * BUILD_SECONDS_PER_VARIABLE
            budget = min(0.6 * (polish_at - time.perf_counter()), polish_at - time.perf_counter())
            if budget - overhead > 0.1:
                board = self.exact(board, budget - overhead)

        # Improvement: value-raising ejection chains, deeper with time.
        if improver.board is not board:
            improver = Improver(board, weight_of)
        while not self.optimal(board) and time.perf_counter() < polish_at - 0.05:
            improver.run(min(polish_at, time.perf_counter() + 0.5))
            self.phase("improvement", board, depth=improver.depth)

        # Secondary objectives with the time left (value never lowered).
        end = max(self.deadline, time.perf_counter() + 0.05)
        polish_fairness(board, end, lambda: self.tick(board))
        polish_idle(board, end, pinned, lambda: self.tick(board))
        self.phase("secondary objectives", board)
        return self.schedule(board)

    def exact(self, board: Board, seconds: float) -> Board:
        """CP-SAT on the full model with the board as hint; the better board."""
        prob = self.prob
        required = [e for e in range(prob.n_pairs) if board.keep[e] and board.movable[e]]
        # No hint from the board: on the 2001 fair's size, a hint held CP-SAT one unit below
        # the optimum for the whole budget, while a free search proved the optimum in 4 s. The
        # board is kept when CP-SAT does no better, so nothing is lost.
        cp = solve_cpsat(prob, dict(self.fixed), seconds, seed=self.seed, required=required)
        cp_value = math.fsum(prob.pair_w[e] for e in cp.meetings)
        if cp.meetings and cp_value > board.value + 1e-9:
            new = self.new_board(guide=board.guide)
            for e in required:
                new.keep[e] = True
            for e, t in cp.meetings.items():
                if e not in self.fixed:
                    new.place(e, t)
            new.commit()
            board = new
        if cp.proven and cp_value >= board.value - 1e-9 and cp_value < self.bound:
            # CP-SAT proved that nothing beats this value: it is the optimum, hence a bound.
            self.bound = cp_value
            self.bound_method = "CP-SAT optimality proof (time-indexed model)"
        self.phase("exact (CP-SAT)", board, status=cp.status, seconds=round(cp.seconds, 3))
        return board

    # ---------------------------------------------------------------------------------------

    def schedule(self, board: Board) -> Schedule:
        inst = self.instance
        prob = self.prob
        meetings_by_pair = board.meetings()
        tables = _assign_tables(inst, meetings_by_pair, self.prev_table)
        out: list[Meeting] = []
        for e, t in sorted(meetings_by_pair.items(), key=lambda it: (it[1], it[0])):
            rid = self.request_of.get(e) or inst.requests[prob.pair_request[e]].id
            out.append(Meeting(rid, inst.slots[t].id, tables.get(e)))
        value = math.fsum(prob.pair_w[e] for e in meetings_by_pair)
        bound = max(self.bound, value)  # (the bound is certified: this changes nothing)
        if bound - value <= 1e-9 * max(1.0, abs(bound)):
            # Within the floating-point margin the certified bound carries: proven optimal.
            bound = value
        stats = schedule_stats(inst, out)
        # When the final value was first reached (at the end of a phase: an upper estimate).
        reached = next((p["at"] for p in self.phases if p["value"] >= value - 1e-9), None)
        stats.update(
            seconds=round(self.elapsed(), 3),
            value_reached_at=reached,
            time_limit=self.time_limit,
            bound_method=self.bound_method,
            proven_optimal=value >= bound - 1e-9 * max(1.0, abs(bound)),
            search={
                "chains": board.stats.chains,
                "improvements": board.stats.improvements,
                "fairness_moves": board.stats.fairness_moves,
                "idle_moves": board.stats.idle_moves,
            },
            phases=self.phases,
        )
        return Schedule(tuple(out), value, bound, stats)


def _slot_guide(r: BoundResult) -> tuple[list[list[tuple[float, int]]], list[float]] | None:
    """Per pair, the slot classes the time-indexed LP uses, most first; and its largest share."""
    if r.lp is None or r.col_x is None:
        return None
    lp = r.lp
    guide: list[list[tuple[float, int]]] = [[] for _ in range(lp.n_pairs)]
    best = [0.0] * lp.n_pairs
    masks = lp.class_masks
    for e, k, x in zip(lp.col_pair.tolist(), lp.col_class.tolist(), r.col_x.tolist(), strict=True):
        if x > 0.02:
            guide[e].append((x, masks[k]))
            if x > best[e]:
                best[e] = x
    for g in guide:
        g.sort(key=lambda item: -item[0])
    return guide, best


def _assign_tables(
    inst: Instance, meetings: Mapping[int, int], wanted: Mapping[int, tuple[int, int]]
) -> dict[int, int]:
    """Table numbers 1..tables per slot: locked tables kept, then previous ones where free."""
    if inst.tables is None:
        return {}
    prob = inst.problem
    r_idx = inst.request_index
    locked = {prob.request_pair[r_idx[m.request]] for m in inst.locked if m.table is not None}
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


# -------------------------------------------------------------------------------------------
# Checking and figures


def check_schedule(instance: Instance, schedule: object) -> tuple[float, list[str]]:
    """The value of a schedule (JSON form) and every rule it breaks (empty list: feasible).

    Checked: ids exist, a pair meets at most once, capacities, availabilities, tables (count
    and numbers), locked meetings present in their slot (and at their table), and the stated
    "value" if any.
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
    placed: dict[int, Meeting] = {}
    for m in meetings:
        placed.setdefault(prob.request_pair[r_idx[m.request]], m)
    for i, lm in enumerate(instance.locked):
        e = prob.request_pair[r_idx[lm.request]]
        got = placed.get(e)
        where = f'locked[{i}] (request "{lm.request}")'
        if got is None:
            violations.append(f'{where}: missing from the schedule (must stay in "{lm.slot}")')
        elif got.slot != lm.slot:
            violations.append(f'{where}: moved to "{got.slot}" (must stay in "{lm.slot}")')
        elif lm.table is not None and got.table is not None and got.table != lm.table:
            violations.append(f"{where}: moved to table {got.table} (must stay at {lm.table})")
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


def schedule_stats(instance: Instance, meetings: Iterable[Meeting]) -> dict[str, Any]:
    """Fairness and compactness figures of a schedule (see docs/scheduling.md)."""
    prob = instance.problem
    r_idx = instance.request_index
    s_idx = instance.slot_index
    pairs: dict[int, int] = {}
    for m in meetings:
        pairs.setdefault(prob.request_pair[r_idx[m.request]], s_idx[m.slot])
    P = prob.n_participants
    count = [0] * P
    busy = [0] * P
    for e, t in pairs.items():
        for p in (prob.pair_u[e], prob.pair_v[e]):
            count[p] += 1
            busy[p] |= 1 << t
    wants = [False] * P
    for e in range(prob.n_pairs):
        wants[prob.pair_u[e]] = wants[prob.pair_v[e]] = True
    counts = [count[p] for p in range(P) if wants[p]]
    # Pairs asked for from both sides.
    directions: dict[int, set[str]] = {}
    for r in instance.requests:
        directions.setdefault(prob.request_pair[r_idx[r.id]], set()).add(r.source)
    mutual = [e for e, srcs in directions.items() if len(srcs) == 2]
    top = max(prob.pair_w, default=0.0)
    top_pairs = [e for e in range(prob.n_pairs) if prob.pair_w[e] == top]
    idle = [idle_slots(b) for b in busy if b]
    with_meetings = [c for c in counts if c]
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
        "idle_slots": sum(idle),
        "idle_slots_per_participant": round(sum(idle) / len(idle), 4) if idle else 0.0,
        "participants_with_idle": sum(1 for i in idle if i),
        "meetings_per_slot": {
            instance.slots[t].id: c for t, c in sorted(Counter(pairs.values()).items())
        },
    }


def _share(a: int, b: int) -> float:
    return round(a / b, 6) if b else 1.0


def meetings_from_pairs(
    instance: Instance, pairs: Mapping[int, int], request_of: Mapping[int, str] | None = None
) -> tuple[Meeting, ...]:
    """Meetings (request ids, slot ids) from a pair -> slot mapping."""
    prob = instance.problem
    out = []
    for e, t in sorted(pairs.items(), key=lambda it: (it[1], it[0])):
        rid = (request_of or {}).get(e) or instance.requests[prob.pair_request[e]].id
        out.append(Meeting(rid, instance.slots[t].id))
    return tuple(out)


def schedule_from_pairs(
    instance: Instance,
    pairs: Mapping[int, int],
    bound: float | None,
    extra: Mapping[str, Any] | None = None,
) -> Schedule:
    """A Schedule (with tables numbered and figures) from a pair -> slot mapping."""
    prob = instance.problem
    request_of: dict[int, str] = {}
    wanted: dict[int, tuple[int, int]] = {}
    r_idx = instance.request_index
    for m in instance.locked:
        e = prob.request_pair[r_idx[m.request]]
        request_of[e] = m.request
        if m.table is not None:
            wanted[e] = (instance.slot_index[m.slot], m.table)
    tables = _assign_tables(instance, pairs, wanted)
    meetings = tuple(
        Meeting(m.request, m.slot, tables.get(prob.request_pair[r_idx[m.request]]))
        for m in meetings_from_pairs(instance, pairs, request_of)
    )
    value = math.fsum(prob.pair_w[e] for e in pairs)
    stats = schedule_stats(instance, meetings)
    if extra:
        stats.update(extra)
    return Schedule(meetings, value, bound, stats)
