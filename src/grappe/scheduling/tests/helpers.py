"""Small random instances and an exhaustive solver to check the engine against."""

from __future__ import annotations

import itertools
import random
from typing import Any

from hypothesis import strategies as st

from grappe.scheduling.model import Instance, Meeting, check_meetings_rules, parse_instance


def random_instance_json(
    rng: random.Random,
    n_slots: int = 3,
    n_parts: int = 5,
    n_requests: int = 6,
    tables: bool = True,
    locked: bool = True,
    float_weights: bool = False,
) -> dict[str, Any]:
    """A small random instance in JSON form (valid: locked meetings respect the rules)."""
    slots = [{"id": f"s{t}"} for t in range(n_slots)]
    parts: list[dict[str, Any]] = []
    for i in range(n_parts):
        p: dict[str, Any] = {"id": f"p{i}", "capacity": rng.choice([1, 1, 1, 2])}
        if rng.random() < 0.5:
            p["available"] = [s["id"] for s in slots if rng.random() < 0.7]
        parts.append(p)
    reqs: list[dict[str, Any]] = []
    for k in range(n_requests):
        a, b = rng.sample(range(n_parts), 2)
        w: float = rng.choice([1, 1, 2, 3])
        if float_weights:
            w = round(rng.uniform(0.1, 3.0), 2)
        reqs.append({"id": f"r{k}", "from": f"p{a}", "to": f"p{b}", "weight": w})
    data: dict[str, Any] = {"slots": slots, "participants": parts, "requests": reqs}
    if tables and rng.random() < 0.5:
        data["tables"] = rng.randint(0, 3)
    if locked and reqs and rng.random() < 0.5:
        inst = parse_instance(data)
        chosen: list[Meeting] = []
        for r in rng.sample(reqs, min(2, len(reqs))):
            m = Meeting(r["id"], rng.choice(slots)["id"])
            if not check_meetings_rules(inst, [*chosen, m]):
                chosen.append(m)
        if chosen:
            data["locked"] = [{"request": m.request, "slot": m.slot} for m in chosen]
    return data


@st.composite
def instances(draw: st.DrawFn, max_slots: int = 4, max_parts: int = 6) -> Instance:
    """Hypothesis strategy: a small valid instance."""
    seed = draw(st.integers(0, 2**32 - 1))
    n_slots = draw(st.integers(1, max_slots))
    n_parts = draw(st.integers(2, max_parts))
    n_requests = draw(st.integers(0, 10))
    floats = draw(st.booleans())
    rng = random.Random(seed)
    return parse_instance(
        random_instance_json(rng, n_slots, n_parts, n_requests, float_weights=floats)
    )


def brute_force_optimum(inst: Instance) -> float:
    """The best value over every assignment of the pairs to a slot or to no meeting."""
    prob = inst.problem
    fixed = dict(prob.locked)
    free = [e for e in range(prob.n_pairs) if e not in fixed and prob.common(e)]
    options = [[-1, *(t for t in range(prob.n_slots) if prob.common(e) >> t & 1)] for e in free]
    best = -1.0
    S = prob.n_slots
    tables = prob.tables if prob.tables is not None else 10**9
    for choice in itertools.product(*options):
        load: dict[tuple[int, int], int] = {}
        count = [0] * S
        value = 0.0
        ok = True
        for e, t in [*fixed.items(), *zip(free, choice, strict=True)]:
            if t < 0:
                continue
            value += prob.pair_w[e]
            count[t] += 1
            if count[t] > tables:
                ok = False
                break
            for p in (prob.pair_u[e], prob.pair_v[e]):
                load[p, t] = load.get((p, t), 0) + 1
                if load[p, t] > prob.capacity[p]:
                    ok = False
            if not ok:
                break
        if ok and value > best:
            best = value
    return best
