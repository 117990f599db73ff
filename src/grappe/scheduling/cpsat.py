"""The time-indexed model in CP-SAT: the one-shot baseline, and exact solving of small events.

x[e, t] = 1 if pair e meets in slot t (t among the slots both sides are available in):
at most one slot per pair, at most `capacity` meetings per participant and slot, at most
`tables` meetings per slot, meetings in `fixed` imposed. CP-SAT wants integer objective
coefficients: weights are scaled by the smallest power of ten that makes them integers; when
none up to 10^6 does, they are rounded and the optimality proof is not used as a bound.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from grappe.scheduling.problem import Problem
from grappe.scheduling.search import bits


@dataclass(frozen=True)
class CpResult:
    meetings: dict[int, int]  # pair -> slot (fixed ones included), empty if none found
    status: str
    proven: bool  # the optimum over all schedules keeping `fixed` was proven
    cpsat_bound: float  # CP-SAT's own objective bound (loose: never reported as *the* bound)
    seconds: float
    variables: int


def weight_scale(weights: list[float]) -> tuple[int, bool]:
    """The factor that makes the weights integers, and whether it is exact."""
    for k in range(7):
        scale = 10**k
        if all(abs(w * scale - round(w * scale)) < 1e-9 * max(1.0, abs(w)) for w in weights):
            return scale, True
    return 10**6, False


def model_size(prob: Problem, fixed: Mapping[int, int]) -> int:
    """Number of x[e, t] variables of the model (a cheap upper estimate)."""
    return sum(m.bit_count() for e, m in enumerate(prob.pair_mask) if e not in fixed)


def _add_sibling_rules(
    model: cp_model.CpModel,
    prob: Problem,
    x: Mapping[tuple[int, int], cp_model.IntVar],
    fixed: Mapping[int, int],
) -> None:
    """Units of one pair never share a slot; a unit meets only if the one before it does."""
    per_unit: dict[int, list[cp_model.IntVar]] = {}
    for (e, _), var in x.items():
        if len(prob.group_units[prob.pair_group[e]]) > 1:
            per_unit.setdefault(e, []).append(var)
    for units in prob.group_units:
        if len(units) < 2:
            continue
        taken = {fixed[e] for e in units if e in fixed}
        free = [e for e in units if e not in fixed]
        by_slot: dict[int, list[cp_model.IntVar]] = {}
        for e in free:
            for t in range(prob.n_slots):
                lit = x.get((e, t))
                if lit is None:
                    continue
                if t in taken:
                    model.add(lit == 0)
                else:
                    by_slot.setdefault(t, []).append(lit)
        for vs in by_slot.values():
            if len(vs) > 1:
                model.add_at_most_one(vs)
        # Symmetry: the units of a pair are interchangeable.
        for a, b in itertools.pairwise(free):
            if per_unit.get(b):
                model.add(sum(per_unit[b]) <= sum(per_unit.get(a, [])))


def solve_cpsat(
    prob: Problem,
    fixed: Mapping[int, int],
    time_limit: float,
    hint: Mapping[int, int] | None = None,
    workers: int = 2,
    seed: int = 0,
    required: Collection[int] = (),
) -> CpResult:
    """Solve the whole time-indexed model with CP-SAT (meant for small events).

    `required` pairs must meet (in some slot): published meetings allowed to move.
    """
    t0 = time.perf_counter()
    S = prob.n_slots
    cap_left = [[c] * S for c in prob.capacity]
    big = prob.n_pairs + 1
    tables_left = [prob.tables if prob.tables is not None else big] * S
    for e, t in fixed.items():
        cap_left[prob.pair_u[e]][t] -= 1
        cap_left[prob.pair_v[e]][t] -= 1
        tables_left[t] -= 1
    scale, exact = weight_scale(list(prob.pair_w))
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    per_pair: dict[int, list[cp_model.IntVar]] = {}
    per_part: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    per_slot: dict[int, list[cp_model.IntVar]] = {}
    terms: list[tuple[cp_model.IntVar, int]] = []
    for e in range(prob.n_pairs):
        if e in fixed:
            continue
        a, b = prob.pair_u[e], prob.pair_v[e]
        coef = round(prob.pair_w[e] * scale)
        for t in bits(prob.pair_mask[e]):
            if cap_left[a][t] <= 0 or cap_left[b][t] <= 0 or tables_left[t] <= 0:
                continue
            var = model.new_bool_var(f"x{e}_{t}")
            x[e, t] = var
            per_pair.setdefault(e, []).append(var)
            per_part.setdefault((a, t), []).append(var)
            per_part.setdefault((b, t), []).append(var)
            per_slot.setdefault(t, []).append(var)
            terms.append((var, coef))
    must = set(required)
    for e, vs in per_pair.items():
        if e in must:
            model.add_exactly_one(vs)
        elif len(vs) > 1:
            model.add_at_most_one(vs)
    if any(e not in per_pair and e not in fixed for e in must):
        model.add_bool_or([])  # a required pair has no slot left: infeasible
    _add_sibling_rules(model, prob, x, fixed)
    for (p, t), vs in per_part.items():
        if len(vs) > cap_left[p][t]:
            if cap_left[p][t] == 1:
                model.add_at_most_one(vs)
            else:
                model.add(sum(vs) <= cap_left[p][t])
    for t, vs in per_slot.items():
        if len(vs) > tables_left[t]:
            model.add(sum(vs) <= tables_left[t])
    if terms:
        model.maximize(
            cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms])
        )
    if hint:
        for (e, t), var in x.items():
            model.add_hint(var, hint.get(e) == t)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    meetings: dict[int, int] = {}
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        meetings = dict(fixed)
        for (e, t), var in x.items():
            if solver.boolean_value(var):
                meetings[e] = t
    fixed_value = math.fsum(prob.pair_w[e] for e in fixed)
    bound = solver.best_objective_bound / scale + fixed_value if x else fixed_value
    return CpResult(
        meetings=meetings,
        status=solver.status_name(status),
        proven=exact and status == cp_model.OPTIMAL,
        cpsat_bound=bound,
        seconds=time.perf_counter() - t0,
        variables=len(x),
    )


class _SlotModel:
    """x[e, t] variables around meetings that stay: capacities, tables, a pair's slots."""

    def __init__(self, prob: Problem, staying: Iterable[tuple[int, int]]) -> None:
        self.prob = prob
        self.model = cp_model.CpModel()
        S = prob.n_slots
        self.cap_left = [[c] * S for c in prob.capacity]
        self.tables_left = [prob.tables if prob.tables is not None else prob.n_pairs + 1] * S
        self.taken: dict[int, set[int]] = {}
        for e, t in staying:
            self.cap_left[prob.pair_u[e]][t] -= 1
            self.cap_left[prob.pair_v[e]][t] -= 1
            self.tables_left[t] -= 1
            self.taken.setdefault(prob.pair_group[e], set()).add(t)
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.per_part: dict[tuple[int, int], list[cp_model.IntVar]] = {}
        self._per_slot: dict[int, list[cp_model.IntVar]] = {}
        self._per_group_slot: dict[tuple[int, int], list[cp_model.IntVar]] = {}

    def add_unit(self, e: int, mask: int) -> list[cp_model.IntVar]:
        """A variable per slot of `mask` where unit e still fits; the list of them."""
        prob = self.prob
        a, b, g = prob.pair_u[e], prob.pair_v[e], prob.pair_group[e]
        out = []
        for t in bits(mask):
            if (
                self.cap_left[a][t] <= 0
                or self.cap_left[b][t] <= 0
                or self.tables_left[t] <= 0
                or t in self.taken.get(g, ())
            ):
                continue
            var = self.model.new_bool_var(f"x{e}_{t}")
            self.x[e, t] = var
            out.append(var)
            self.per_part.setdefault((a, t), []).append(var)
            self.per_part.setdefault((b, t), []).append(var)
            self._per_slot.setdefault(t, []).append(var)
            self._per_group_slot.setdefault((g, t), []).append(var)
        return out

    def add_limits(self) -> None:
        """Capacities, tables, and a pair's meetings in distinct slots."""
        model = self.model
        for (p, t), vs in self.per_part.items():
            room = self.cap_left[p][t]
            if len(vs) > room > 1:
                model.add(sum(vs) <= room)
            elif len(vs) > room:
                model.add_at_most_one(vs)
        for t, vs in self._per_slot.items():
            if len(vs) > self.tables_left[t]:
                model.add(sum(vs) <= self.tables_left[t])
        for vs in self._per_group_slot.values():
            if len(vs) > 1:
                model.add_at_most_one(vs)


# -------------------------------------------------------------------------------------------
# Compactness: the placed meetings stay, their slots change to lower breaks, then idle slots.


@dataclass(frozen=True)
class CompactCp:
    slots: dict[int, int]  # new slot of every movable unit (empty if nothing found)
    status: str
    proven: bool  # optimal for the model (the whole event when every unit could move)
    # Lower bounds the solver proved for the participants of the model: on the sum of their
    # breaks, and on their idle slots once their breaks are at that bound.
    breaks_bound: int
    idle_bound: int
    seconds: float
    variables: int


def compact_cpsat(
    prob: Problem,
    slot: list[int],
    movable: Collection[int],
    time_limit: float,
    *,
    allowed: Mapping[int, int] | None = None,
    max_spread: int | None = None,
    spread_floor: int = 0,
    hint: bool = True,
    workers: int = 2,
    seed: int = 0,
) -> CompactCp:
    """Re-slot the `movable` placed units (each within `allowed`, default its pair's slots) so
    that the participants they involve have the fewest breaks, then idle slots.

    `slot` gives every unit's slot (-1: not placed); the other placed units stay where they
    are. With `max_spread` d, the excess of breaks over d (the fairness bound) comes first:
    over the whole event when every placed unit is movable, else over `spread_floor` + d for
    each participant of the model (`spread_floor` being the fewest breaks anyone has).
    """
    t0 = time.perf_counter()
    S = prob.n_slots
    move = [e for e in movable if slot[e] >= 0]
    moving = set(move)
    parts = sorted({p for e in move for p in (prob.pair_u[e], prob.pair_v[e])})
    sm = _SlotModel(prob, ((e, t) for e, t in enumerate(slot) if t >= 0 and e not in moving))
    model = sm.model
    x, per_part = sm.x, sm.per_part
    for e in move:
        mask = prob.pair_mask[e] if allowed is None else allowed[e] & prob.pair_mask[e]
        # Where it is now is always possible.
        model.add_exactly_one(sm.add_unit(e, mask | 1 << slot[e]))
    sm.add_limits()
    fixed_busy = [[c < prob.capacity[p] for c in sm.cap_left[p]] for p in range(len(sm.cap_left))]

    # Busy, run starts (breaks + 1 per participant) and span (for idle slots).
    # (Any: OR-Tools' expression types do not mix with plain ints for mypy.)
    runs: list[Any] = []
    idle_terms: list[Any] = []
    run_count: dict[int, Any] = {}
    constant_runs = 0
    for p in parts:
        busy: list[Any] = []
        lits: list[list[cp_model.IntVar]] = []
        for t in range(S):
            vs = per_part.get((p, t), [])
            if fixed_busy[p][t]:
                busy.append(1)
                lits.append([])
            elif not vs:
                busy.append(0)
                lits.append([])
            elif prob.capacity[p] == 1:
                busy.append(sum(vs))
                lits.append(vs)
            else:
                y = model.new_bool_var(f"b{p}_{t}")
                for v in vs:
                    model.add_implication(v, y)
                model.add(y <= sum(vs))
                busy.append(y)
                lits.append([y])
        starts: list[Any] = []
        const = 0
        for t in range(S):
            here, before = busy[t], busy[t - 1] if t else 0
            if isinstance(here, int) and here == 0:
                continue
            if isinstance(here, int) and isinstance(before, int):
                const += here - before if here > before else 0
                continue
            if isinstance(before, int) and before == 1:
                continue  # busy just before: never a start
            s_var = model.new_bool_var(f"s{p}_{t}")
            model.add(s_var >= here - before)
            starts.append(s_var)
        constant_runs += const
        runs.extend(starts)
        run_count[p] = sum(starts) + const
        first = model.new_int_var(0, S - 1, f"f{p}")
        last = model.new_int_var(0, S - 1, f"l{p}")
        for t in range(S):
            if isinstance(busy[t], int):
                if busy[t]:
                    model.add(first <= t)
                    model.add(last >= t)
                continue
            for lit in lits[t]:
                model.add(first <= t).only_enforce_if(lit)
                model.add(last >= t).only_enforce_if(lit)
        idle = model.new_int_var(0, S, f"i{p}")
        model.add(idle == last - first + 1 - sum(b for b in busy))
        idle_terms.append(idle)
    n = len(parts)
    w_runs = n * S + 1  # more than any total of idle slots: breaks come first
    objective: Any = w_runs * sum(runs) + sum(idle_terms)
    excess: cp_model.IntVar | None = None
    if max_spread is not None and parts:
        w_excess = w_runs * (n * S + 1)
        if len(move) == sum(1 for t in slot if t >= 0):  # the whole event: the exact spread
            top = model.new_int_var(0, S, "maxb")
            low = model.new_int_var(0, S, "minb")
            for p in parts:
                model.add(top >= run_count[p] - 1)
                model.add(low <= run_count[p] - 1)
            excess = model.new_int_var(0, S, "excess")
            model.add(excess >= top - low - max_spread)
            objective = objective + w_excess * excess
        else:
            over = []
            for p in parts:
                o = model.new_int_var(0, S, f"o{p}")
                model.add(o >= run_count[p] - 1 - spread_floor - max_spread)
                over.append(o)
            objective = objective + w_excess * sum(over)
    model.minimize(objective)
    if hint:
        for (e, t), var in x.items():
            model.add_hint(var, slot[e] == t)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    found: dict[int, int] = {}
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for (e, t), var in x.items():
            if solver.boolean_value(var):
                found[e] = t
    breaks_bound, idle_bound = 0, 0
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and (
        excess is None or not found or solver.value(excess) == 0
    ):
        bound = math.ceil(solver.best_objective_bound - 1e-6)
        if max_spread is None or excess is not None:
            runs_bound = bound // w_runs + constant_runs
            breaks_bound = max(0, runs_bound - n)
            found_runs = sum(solver.value(r) for r in runs) + constant_runs if found else -1
            if found_runs == runs_bound:
                idle_bound = max(0, bound - w_runs * (runs_bound - constant_runs))
    return CompactCp(
        slots=found,
        status=solver.status_name(status),
        proven=status == cp_model.OPTIMAL,
        breaks_bound=breaks_bound,
        idle_bound=idle_bound,
        seconds=time.perf_counter() - t0,
        variables=len(x),
    )


@dataclass(frozen=True)
class RequiredCp:
    slots: dict[int, int]  # a slot for every required unit, empty if none found
    status: str
    # When infeasible: pairs (groups) of which not all can be placed together (an
    # unsatisfiable core, usually small; every pair if CP-SAT returned none).
    conflict: tuple[int, ...]


def place_required(
    prob: Problem, fixed: Mapping[int, int], units: Collection[int], time_limit: float
) -> RequiredCp:
    """Slots for all `units` together (with `fixed` imposed, nothing else placed)."""
    sm = _SlotModel(prob, fixed.items())
    model = sm.model
    literal: dict[int, cp_model.IntVar] = {}
    for e in units:
        g = prob.pair_group[e]
        if g not in literal:
            literal[g] = model.new_bool_var(f"place{g}")
        model.add(sum(sm.add_unit(e, prob.pair_mask[e])) == 1).only_enforce_if(literal[g])
    sm.add_limits()
    x = sm.x
    model.add_assumptions(list(literal.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    # Cores come back from a single worker only.
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        slots = {e: t for (e, t), var in x.items() if solver.boolean_value(var)}
        return RequiredCp(slots, solver.status_name(status), ())
    conflict: tuple[int, ...] = ()
    if status == cp_model.INFEASIBLE:
        core = set(solver.sufficient_assumptions_for_infeasibility())
        conflict = tuple(sorted(g for g, lit in literal.items() if lit.index in core))
        conflict = conflict or tuple(sorted(literal))
    return RequiredCp({}, solver.status_name(status), conflict)
