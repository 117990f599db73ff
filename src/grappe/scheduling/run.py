"""One optimisation run: the clock, the bounds, and the phases (called by solver.py).

1. Mandatory requests first: placed together (ejection chains, then CP-SAT, which names the
   requests that cannot all be placed).
2. Value: LP-guided construction, ejection chains, CP-SAT on small events (details in the
   module docstring of solver.py), until the value reaches its certified bound or
   `VALUE_SHARE` of the time limit has gone.
3. Participants with requests and no meeting get one where the value allows.
4. Compactness (compact.py) with the rest of the time, until the time limit or a proof.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection
from typing import Any

from grappe.scheduling.bound import BoundJob, BoundResult, lp_columns
from grappe.scheduling.bound import upper_bound as lp_bound
from grappe.scheduling.compact import WHOLE_MAX_VARIABLES, Compactor, individual_bound
from grappe.scheduling.cpsat import model_size, place_required, solve_cpsat
from grappe.scheduling.figures import assign_tables, locked_requests, meetings_of, schedule_stats
from grappe.scheduling.model import Instance, MandatoryError, Schedule
from grappe.scheduling.problem import Problem
from grappe.scheduling.search import Board, Guide, Improver, greedy, pair_order, polish_fairness

Progress = Callable[[float, float, float], None]

# Small events are handed whole to CP-SAT to prove optimality.
EXACT_MAX_VARIABLES = 8_000
BUILD_SECONDS_PER_VARIABLE = 6e-5  # measured on a loaded 2-core machine
# Time-indexed LPs up to this many columns are solved by interior point, larger ones by PDLP.
IPM_MAX_COLUMNS = 40_000
# Rounding restarts with the slot guide (each a full construction).
MAX_RESTARTS = 12
# The value phase ends by this share of the time limit (earlier once proven optimal); the
# compactness phase has the rest.
VALUE_SHARE = 0.6
# Share of the compactness phase given to simulated annealing, before CP-SAT on the whole
# event (small events) or on neighbourhoods (large ones).
ANNEAL_SHARE_SMALL, ANNEAL_SHARE_LARGE = 0.6, 0.9


class Run:
    """One optimisation run of an instance."""

    def __init__(
        self, instance: Instance, time_limit: float, seed: int, progress: Progress | None
    ) -> None:
        self.t0 = time.perf_counter()
        self.time_limit = max(0.0, float(time_limit))
        self.deadline = self.t0 + self.time_limit
        self.value_deadline = self.t0 + VALUE_SHARE * self.time_limit
        self.instance = instance
        self.prob: Problem = instance.problem
        self.seed = seed
        self.progress = progress
        self.fixed: dict[int, int] = dict(self.prob.locked)
        # Meetings that must be placed (mandatory), where they were first placed together.
        self.required: dict[int, int] = {}
        self.request_of, self.prev_table = locked_requests(instance)
        self.phases: list[dict[str, Any]] = []
        self.bound = math.inf
        self.bound_method = ""
        self.last_report = self.t0
        self.compactness: dict[str, Any] = {}

    # ---------------------------------------------------------------------------------------

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def new_board(
        self, guide: Guide | None = None, seed: int | None = None, required: bool = True
    ) -> Board:
        """A board with the locked meetings, and the mandatory ones where first placed."""
        board = Board(self.prob, self.fixed, seed=self.seed if seed is None else seed, guide=guide)
        for e in self.required:
            board.keep[e] = True
            if required and board.free_slots(e) >> self.required[e] & 1:
                board.place(e, self.required[e])
        board.commit()
        return board

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
    # Mandatory requests

    def place_mandatory(self, board: Board | None = None) -> None:
        """Find slots where every mandatory meeting fits at once (given the locks, and on
        `board` the meetings that must stay); raise MandatoryError naming those that cannot."""
        prob = self.prob
        units = [e for e in range(prob.n_pairs) if prob.pair_mandatory[e] and e not in self.fixed]
        if board is not None:
            units = [e for e in units if board.slot[e] < 0 or board.movable[e]]
        if not units:
            return
        stay = dict(self.fixed)
        if board is not None:
            stay.update({e: t for e, t in enumerate(board.slot) if t >= 0 and not board.movable[e]})
        trial = Board(prob, stay, seed=self.seed)
        for e in units:
            trial.keep[e] = True
        for e in sorted(units, key=lambda f: (prob.pair_mask[f].bit_count(), f)):
            if trial.slot[e] < 0:
                trial.insert(e, 3)
                trial.commit()
        missing = [e for e in units if trial.slot[e] < 0]
        if missing:
            seconds = max(0.5, 0.3 * self.left())
            cp = place_required(prob, stay, units, seconds)
            self.phase("mandatory (CP-SAT)", None, status=cp.status, seconds=seconds)
            if not cp.slots:
                groups = cp.conflict or tuple(sorted({prob.pair_group[e] for e in missing}))
                raise MandatoryError(
                    self._requests_of(groups),
                    proven=cp.status == "INFEASIBLE",
                    detail="with the locked meetings" if self.fixed else "",
                )
            self.required = dict(cp.slots)
        else:
            self.required = {e: trial.slot[e] for e in units}
        if board is not None:
            self._force_required(board)

    def _requests_of(self, groups: Collection[int]) -> list[str]:
        prob = self.prob
        wanted = set(groups)
        return [
            r.id
            for i, r in enumerate(self.instance.requests)
            if r.mandatory and prob.pair_group[prob.request_pair[i]] in wanted
        ]

    def _force_required(self, board: Board) -> None:
        """Put the mandatory meetings on `board` where they were found to fit together,
        moving the others out of their way (they may come back during the value phase)."""
        for e, t in self.required.items():
            board.keep[e] = True
            if board.slot[e] == t:
                continue
            if board.slot[e] >= 0:
                board.remove(e)
            if not board.free_slots(e) >> t & 1:
                prob = self.prob
                S = board.S
                blockers = {
                    f
                    for p in (prob.pair_u[e], prob.pair_v[e])
                    for f in board.at[p * S + t]
                    if board.movable[f] and f not in self.required
                }
                if board.tables_full >> t & 1 and not blockers:
                    blockers = {
                        next(
                            f
                            for f in board.in_slot[t]
                            if board.movable[f] and f not in self.required
                        )
                    }
                for f in blockers:
                    board.remove(f)
                for f in prob.siblings(e):
                    if board.slot[f] == t and f not in self.required:
                        board.remove(f)
            board.place(e, t)
        board.commit()

    # ---------------------------------------------------------------------------------------
    # The phases

    def optimise(self, board: Board, construct: bool, pinned: Collection[int] = ()) -> Schedule:
        prob = self.prob
        # The bound is on schedules that keep what must stay: locks (and frozen meetings).
        fixed = dict(self.fixed)
        # The time-indexed LP in the background, first of all: it is the longest step.
        # HiGHS releases the GIL (or runs in a child process, for PDLP), so it uses the other
        # core while the search goes on; it is stopped, at the latest, when the value phase
        # ends (CP-SAT then has both cores).
        ti_job: BoundJob | None = None
        if prob.n_pairs and self.value_deadline - time.perf_counter() > 0.2:
            ti_limit = max(0.2, 0.85 * (self.value_deadline - time.perf_counter()))
            # Interior point gives a better rounding guide than PDLP (more accurate), but
            # takes 10-30 s at 2,000 participants, where PDLP takes 2-5 s.
            method = "ipm" if lp_columns(prob, fixed) <= IPM_MAX_COLUMNS else "pdlp"
            ti_job = BoundJob(prob, fixed, ti_limit, method)
        try:
            board = self.value_phase(board, construct, fixed, ti_job)
        finally:
            if ti_job is not None:
                ti_job.stop()
        # Participants without any meeting get one where the value allows.
        polish_fairness(
            board, min(self.deadline, time.perf_counter() + 0.05 * self.time_limit),
            lambda: self.tick(board),
        )  # fmt: skip
        self.phase("participants without meeting", board)
        self.compact(board, pinned)
        return self.schedule(board)

    def value_phase(
        self, board: Board, construct: bool, fixed: dict[int, int], ti_job: BoundJob | None
    ) -> Board:
        prob = self.prob
        end = self.value_deadline
        bm = lp_bound(prob, fixed, time_limit=max(1.0, self.left()), relaxed=True)
        self.take_bound(bm)
        self.phase("b-matching bound", board, bound=bm.value, seconds=round(bm.seconds, 3))
        weight_of = bm.pair_x.tolist() if bm.pair_x is not None else None

        greedy(board, pair_order(board, weight_of), 1, end)
        self.phase("construction (b-matching guide)", board)

        # While the LP runs: improve the schedule at hand.
        improver = Improver(board, weight_of)
        while (
            ti_job is not None
            and ti_job.running()
            and not self.optimal(board)
            and time.perf_counter() < end - 0.3
        ):
            improver.run(min(end - 0.3, time.perf_counter() + 0.1))
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
                    and time.perf_counter() + 1.5 * took < end - 0.3
                ):
                    started = time.perf_counter()
                    other = self.new_board(guide=g, seed=self.seed + 1 + restarts)
                    greedy(other, pair_order(other, best_x), 1, end)
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
            budget = min(0.6 * (end - time.perf_counter()), end - time.perf_counter())
            if budget - overhead > 0.1:
                board = self.exact(board, budget - overhead)

        # Improvement: value-raising ejection chains, deeper with time.
        if improver.board is not board:
            improver = Improver(board, weight_of)
        while not self.optimal(board) and time.perf_counter() < end - 0.05:
            improver.run(min(end, time.perf_counter() + 0.5))
            self.phase("improvement", board, depth=improver.depth)
        return board

    def exact(self, board: Board, seconds: float) -> Board:
        """CP-SAT on the full model; the better board."""
        prob = self.prob
        required = [e for e in range(prob.n_pairs) if board.keep[e] and board.movable[e]]
        # No hint from the board: on the 2001 fair's size, a hint held CP-SAT one unit below
        # the optimum for the whole budget, while a free search proved the optimum in 4 s. The
        # board is kept when CP-SAT does no better, so nothing is lost.
        cp = solve_cpsat(prob, dict(self.fixed), seconds, seed=self.seed, required=required)
        cp_value = math.fsum(prob.pair_w[e] for e in cp.meetings)
        if cp.meetings and cp_value > board.value + 1e-9:
            new = self.new_board(guide=board.guide, required=False)
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

    def compact(self, board: Board, pinned: Collection[int] = ()) -> None:
        """The compactness phase on `board` until the time limit or a proof (compact.py)."""
        comp = Compactor(
            board, stay=pinned, max_spread=self.instance.max_breaks_spread, seed=self.seed
        )
        before = comp.key()
        lower = individual_bound(board, comp.can_move)
        fixed_only = sum(
            comp.brk[p]
            for p in range(len(comp.brk))
            if comp.present[p]
            and not any(comp.can_move[e] for t in range(board.S) for e in board.at[p * board.S + t])
        )
        if lower + fixed_only > comp.lower_bound:
            comp.lower_bound = lower + fixed_only
            comp.bound_method = "participants alone (meetings' slots force a gap)"
        # Cheap moves first, then simulated annealing (relocations and Kempe chains): they give
        # CP-SAT a good start; then CP-SAT on the whole event when it is small, on
        # neighbourhoods of it when it is large.
        comp.descend(min(self.deadline, time.perf_counter() + 0.1 * max(0.0, self.left())))
        self.phase("compactness (moves)", board, breaks=comp.total_breaks)
        units = comp.movable_units()
        size = comp.model_size(units)
        small = size <= WHOLE_MAX_VARIABLES
        share = ANNEAL_SHARE_SMALL if small else ANNEAL_SHARE_LARGE
        if not comp.optimal() and units:
            comp.anneal(time.perf_counter() + share * max(0.0, self.left()))
            self.phase("compactness (annealing)", board, breaks=comp.total_breaks)
        if not comp.optimal() and units and small:
            # The hint can hold CP-SAT back (it did for the value): half the time with it,
            # the rest without, unless the first half proved the optimum.
            overhead = 0.05 + size * 2 * BUILD_SECONDS_PER_VARIABLE
            seconds = self.left() - overhead
            if seconds > 0.2:
                first = comp.whole(seconds / 2, hint=True, seed=self.seed)
                self.phase("compactness (CP-SAT, hint)", board, status=first.status)
                seconds = self.left() - overhead
                if not comp.optimal() and seconds > 0.2:
                    second = comp.whole(seconds, hint=False, seed=self.seed + 1)
                    self.phase("compactness (CP-SAT, no hint)", board, status=second.status)
        elif not comp.optimal() and units:
            comp.lns(self.deadline, seed=self.seed)
            self.phase("compactness (neighbourhoods)", board, breaks=comp.total_breaks)
        if not comp.optimal() and self.left() > 0.05:
            comp.descend(self.deadline)
        after = comp.key()
        excess = comp.excess()
        self.compactness = {
            "breaks_before": before[1],
            "idle_slots_before": before[2],
            "breaks": after[1],
            "breaks_lower_bound": comp.lower_bound,
            "breaks_gap": _gap(after[1], comp.lower_bound),
            "idle_slots": after[2],
            "idle_slots_lower_bound": comp.idle_lower_bound if comp.optimal() else 0,
            "idle_slots_gap": _gap(after[2], comp.idle_lower_bound if comp.optimal() else 0),
            "lower_bound_method": comp.bound_method,
            "breaks_spread": comp.spread(),
            "max_breaks_spread": comp.max_spread,
            "fairness_met": None if comp.max_spread is None else excess == 0,
            "proven_optimal": comp.optimal(),
            "moves": comp.stats.moves,
            "kempe_chains": comp.stats.kempe_chains,
            "slot_swaps": comp.stats.slot_swaps,
            "neighbourhoods": comp.stats.neighbourhoods,
            "neighbourhoods_improved": comp.stats.neighbourhoods_improved,
            "cpsat_whole_status": comp.stats.cpsat_whole,
            "cpsat_seconds": round(comp.stats.cpsat_seconds, 3),
        }
        self.phase("compactness", board, breaks=after[1], idle_slots=after[2])

    # ---------------------------------------------------------------------------------------

    def schedule(self, board: Board) -> Schedule:
        inst = self.instance
        prob = self.prob
        meetings_by_unit = board.meetings()
        tables = assign_tables(inst, meetings_by_unit, self.prev_table)
        out = meetings_of(inst, meetings_by_unit, self.request_of, tables)
        value = math.fsum(prob.pair_w[e] for e in meetings_by_unit)
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
            compactness=self.compactness,
            search={
                "chains": board.stats.chains,
                "improvements": board.stats.improvements,
                "fairness_moves": board.stats.fairness_moves,
            },
            phases=self.phases,
        )
        return Schedule(out, value, bound, stats)


def _gap(found: int, bound: int) -> float:
    """(found - bound) / found for a minimised count (0 = proven optimal)."""
    return 0.0 if found <= bound or found == 0 else round((found - bound) / found, 6)


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
