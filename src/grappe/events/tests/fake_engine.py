"""A tiny greedy stand-in for grappe.scheduling with the same calls, for pipeline tests.

It places pairs by decreasing weight in the first slot that fits, keeping locked meetings; its
"upper bound" is the weight of every pair. The real engine is tested on its own and, through
the service, in test_scheduling.py.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from grappe.scheduling.model import Instance, Meeting, Schedule

calls: list[str] = []


def solve(
    instance: Instance, *, time_limit: float = 10.0, seed: int = 0, progress: Any = None
) -> Schedule:
    calls.append("solve")
    prob = instance.problem
    load: dict[tuple[int, int], int] = defaultdict(int)
    per_slot: dict[int, int] = defaultdict(int)
    placed: dict[int, int] = {}
    for pair, slot in prob.locked:
        placed[pair] = slot
    for pair, slot in placed.items():
        load[(prob.pair_u[pair], slot)] += 1
        load[(prob.pair_v[pair], slot)] += 1
        per_slot[slot] += 1
    order = sorted(range(prob.n_pairs), key=lambda e: -prob.pair_w[e])
    for e in order:
        if e in placed:
            continue
        u, v = prob.pair_u[e], prob.pair_v[e]
        for t in range(prob.n_slots):
            if not prob.common(e) >> t & 1:
                continue
            if load[(u, t)] >= prob.capacity[u] or load[(v, t)] >= prob.capacity[v]:
                continue
            if prob.tables is not None and per_slot[t] >= prob.tables:
                continue
            placed[e] = t
            load[(u, t)] += 1
            load[(v, t)] += 1
            per_slot[t] += 1
            break
        if progress is not None:
            progress({"value": sum(prob.pair_w[p] for p in placed)})
    meetings = tuple(
        Meeting(instance.requests[prob.pair_request[e]].id, instance.slots[t].id)
        for e, t in placed.items()
    )
    return Schedule(
        meetings=meetings,
        value=float(sum(prob.pair_w[e] for e in placed)),
        upper_bound=float(sum(prob.pair_w)),
        stats={"method": "fake greedy"},
    )


def reoptimise(
    instance: Instance,
    previous: Schedule,
    *,
    frozen: set[str],
    allow_moves: bool = False,
    time_limit: float = 10.0,
) -> Schedule:
    calls.append("reoptimise")
    assert {m.request for m in instance.locked} <= frozen
    return solve(instance, time_limit=time_limit)
