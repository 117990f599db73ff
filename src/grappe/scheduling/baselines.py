"""The two baselines the engine is compared with (same output form as `solve`).

- first come, first served: the requests in arrival (file) order, each into the earliest slot
  free for both sides (and with a free table), as on the paper sheets of a stand; a pair
  already met is skipped.
- one-shot CP-SAT: the full time-indexed model handed to CP-SAT as it is, no warm start, same
  time limit. CP-SAT's own bound is kept in the figures (`cpsat_bound`) but the schedule's
  `upper_bound` is the certified LP bound, so all three are measured against the same limit.
"""

from __future__ import annotations

import time

from grappe.scheduling.bound import upper_bound as lp_bound
from grappe.scheduling.cpsat import solve_cpsat
from grappe.scheduling.figures import schedule_from_pairs
from grappe.scheduling.model import Instance, Schedule
from grappe.scheduling.search import Board


def first_come_first_served(instance: Instance, *, with_bound: bool = True) -> Schedule:
    """Each request in arrival order into the earliest slot free for both sides."""
    t0 = time.perf_counter()
    prob = instance.problem
    board = Board(prob, dict(prob.locked))
    for first in prob.request_pair:
        for e in prob.group_units[prob.pair_group[first]]:
            if board.slot[e] >= 0:
                continue
            free = board.free_slots(e)
            if free:
                board.place(e, (free & -free).bit_length() - 1)
    seconds = time.perf_counter() - t0
    bound = lp_bound(prob, relaxed=True).value if with_bound else None
    return schedule_from_pairs(
        instance,
        board.meetings(),
        bound,
        {"method": "first come, first served", "seconds": seconds},
    )


def cpsat_one_shot(
    instance: Instance, time_limit: float = 10.0, *, workers: int = 2, with_bound: bool = True
) -> Schedule:
    """The whole time-indexed model in CP-SAT, no warm start, stopped at `time_limit`."""
    prob = instance.problem
    res = solve_cpsat(prob, dict(prob.locked), time_limit, workers=workers)
    bound = lp_bound(prob, relaxed=True).value if with_bound else None
    if res.proven:  # CP-SAT proved this optimum: it is a bound too
        value = sum(prob.pair_w[e] for e in res.meetings)
        bound = value if bound is None else min(bound, value)
    return schedule_from_pairs(
        instance,
        res.meetings or dict(prob.locked),
        bound,
        {
            "method": "one-shot CP-SAT",
            "status": res.status,
            "seconds": round(res.seconds, 3),
            "variables": res.variables,
            "cpsat_bound": res.cpsat_bound,
        },
    )
