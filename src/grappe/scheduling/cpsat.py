"""The time-indexed model in CP-SAT: the one-shot baseline, and exact solving of small events.

x[e, t] = 1 if pair e meets in slot t (t among the slots both sides are available in):
at most one slot per pair, at most `capacity` meetings per participant and slot, at most
`tables` meetings per slot, meetings in `fixed` imposed. CP-SAT wants integer objective
coefficients: weights are scaled by the smallest power of ten that makes them integers; when
none up to 10^6 does, they are rounded and the optimality proof is not used as a bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from grappe.scheduling.model import Problem
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
    avail = prob.avail
    return sum(
        (avail[a] & avail[b]).bit_count()
        for e, (a, b) in enumerate(zip(prob.pair_u, prob.pair_v, strict=True))
        if e not in fixed
    )


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
        for t in bits(prob.avail[a] & prob.avail[b]):
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
