"""The engine: feasibility of every output, optimality on small cases, the bound."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from grappe.scheduling import (
    Instance,
    check_schedule,
    cpsat_one_shot,
    first_come_first_served,
    parse_instance,
    solve,
    upper_bound,
)
from grappe.scheduling.bound import build_lp, certified_dual_bound, solve_lp
from grappe.scheduling.generate import generate
from grappe.scheduling.tests.helpers import brute_force_optimum, instances, random_instance_json

SMALL = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def assert_feasible(inst: Instance, schedule_json: dict[str, object]) -> float:
    value, violations = check_schedule(inst, schedule_json)
    assert violations == []
    return value


@SMALL
@given(instances())
def test_solve_is_feasible_and_optimal_on_small_instances(inst: Instance) -> None:
    s = solve(inst, time_limit=2.0)
    value = assert_feasible(inst, s.to_json())
    assert value == pytest.approx(s.value)
    best = brute_force_optimum(inst)
    assert s.value == pytest.approx(best)
    assert s.upper_bound is not None
    assert s.upper_bound >= best - 1e-6  # the bound never below a found value
    # Small models go to CP-SAT, which proves optimality: the gap closes.
    assert s.stats["proven_optimal"]
    assert s.gap == pytest.approx(0.0)


@SMALL
@given(instances())
def test_baselines_are_feasible(inst: Instance) -> None:
    best = brute_force_optimum(inst)
    for s in (first_come_first_served(inst), cpsat_one_shot(inst, 2.0)):
        value = assert_feasible(inst, s.to_json())
        assert value <= best + 1e-9
        assert s.upper_bound is not None and s.upper_bound >= best - 1e-6


@SMALL
@given(instances(max_slots=5, max_parts=7))
def test_bound_is_never_below_the_optimum(inst: Instance) -> None:
    assert upper_bound(inst) >= brute_force_optimum(inst) - 1e-6


def test_certified_bound_holds_for_any_dual_vector() -> None:
    inst = generate("uniform-hard", 80, seed=2)
    lp = build_lp(inst.problem)
    _y, _x, lp_value, _ = solve_lp(lp, 30, "simplex")
    assert lp_value is not None
    rng = np.random.default_rng(0)
    for scale in (0.0, 0.1, 1.0, 5.0):
        y = rng.normal(0.0, scale, lp.n_rows)
        assert certified_dual_bound(lp, y) >= lp_value - 1e-6


def test_optimal_on_random_small_instances_against_exhaustive_search() -> None:
    rng = random.Random(11)
    for _ in range(25):
        inst = parse_instance(random_instance_json(rng, n_slots=3, n_parts=6, n_requests=7))
        s = solve(inst, time_limit=2.0)
        assert_feasible(inst, s.to_json())
        assert s.value == pytest.approx(brute_force_optimum(inst))


def test_fair_2001_size_is_proven_optimal_quickly() -> None:
    inst = generate("fair2001", seed=0)
    assert 300 <= len(inst.requests) <= 400
    s = solve(inst, time_limit=10.0)
    assert_feasible(inst, s.to_json())
    assert s.stats["proven_optimal"]
    assert s.value == s.upper_bound
    # The value is proven optimal at once; the rest of the time goes to compactness.
    assert s.stats["value_reached_at"] < 2.0
    c = s.stats["compactness"]
    assert c["breaks"] == s.stats["breaks"] <= c["breaks_before"]


@pytest.mark.parametrize("family", ["uniform-hard", "fair", "brokerage"])
def test_generated_families_close_to_bound_and_better_than_baselines(family: str) -> None:
    inst = generate(family, 150, seed=4)
    s = solve(inst, time_limit=3.0)
    assert_feasible(inst, s.to_json())
    assert s.upper_bound is not None
    assert s.value >= 0.97 * s.upper_bound
    fcfs = first_come_first_served(inst)
    assert_feasible(inst, fcfs.to_json())
    assert s.value > fcfs.value


def test_tables_are_numbered_and_locked_tables_kept() -> None:
    data = random_instance_json(random.Random(5), n_slots=2, n_parts=8, n_requests=14)
    data["tables"] = 3
    data.pop("locked", None)
    inst = parse_instance(data)
    first = solve(inst, time_limit=1.0)
    m = first.meetings[0]
    data["locked"] = [{"request": m.request, "slot": m.slot, "table": 3}]
    inst = parse_instance(data)
    s = solve(inst, time_limit=1.0)
    assert_feasible(inst, s.to_json())
    by_slot: dict[str, set[int]] = {}
    for meeting in s.meetings:
        assert meeting.table is not None and 1 <= meeting.table <= 3
        assert meeting.table not in by_slot.setdefault(meeting.slot, set())
        by_slot[meeting.slot].add(meeting.table)
    locked = [x for x in s.meetings if x.request == m.request]
    assert locked and locked[0].slot == m.slot and locked[0].table == 3


def test_locked_meetings_stay() -> None:
    inst = generate("brokerage", 80, seed=1)
    free = solve(inst, time_limit=1.0)
    # Lock a few meetings somewhere else than the solver put them, where it is allowed.
    from grappe.scheduling import Meeting
    from grappe.scheduling.model import check_meetings_rules

    locks: list[Meeting] = []
    for m in free.meetings[:40]:
        for slot in inst.slots:
            candidate = Meeting(m.request, slot.id)
            if slot.id != m.slot and not check_meetings_rules(inst, [*locks, candidate]):
                locks.append(candidate)
                break
        if len(locks) == 5:
            break
    inst = inst.replace(locked=tuple(locks))
    s = solve(inst, time_limit=1.0)
    assert_feasible(inst, s.to_json())
    where = {m.request: m.slot for m in s.meetings}
    assert all(where.get(m.request) == m.slot for m in locks)


def test_check_reports_violations() -> None:
    inst = parse_instance(
        {
            "slots": [{"id": "s1"}, {"id": "s2"}],
            "participants": [{"id": "a"}, {"id": "b", "available": ["s1"]}, {"id": "c"}],
            "requests": [
                {"id": "r1", "from": "a", "to": "b"},
                {"id": "r2", "from": "a", "to": "c"},
                {"id": "r3", "from": "c", "to": "a"},
            ],
            "tables": 1,
            "locked": [{"request": "r2", "slot": "s2"}],
        }
    )
    value, violations = check_schedule(
        inst,
        {
            "meetings": [
                {"request": "r1", "slot": "s2"},
                {"request": "r3", "slot": "s2"},
                {"request": "r2", "slot": "s1"},
                {"request": "r9", "slot": "s1"},
            ],
            "value": 7,
        },
    )
    text = "\n".join(violations)
    assert 'participant "b" is not available in "s2"' in text
    assert 'meetings[2] (request "r2"): "a" and "c" already meet (meetings[1])' in text
    assert 'meetings[3] (request "r9"): field "request": unknown request "r9"' in text
    assert 'participant "a" has more than 1 meeting(s) in "s2"' in text
    assert 'more than 1 meetings in "s2" (tables)' in text
    assert 'schedule: field "value": states 7' in text
    assert value == 2.0  # pairs (a, b) and (a, c), once each


def test_progress_is_reported() -> None:
    calls: list[tuple[float, float, float]] = []
    inst = generate("fair", 100, seed=2)
    s = solve(inst, time_limit=1.0, progress=lambda d, v, b: calls.append((d, v, b)))
    assert calls
    assert all(0.0 <= d <= 1.0 for d, _, _ in calls)
    assert calls[-1][1] == s.value
    assert all(b >= s.value - 1e-9 for _, _, b in calls)


def test_empty_and_degenerate_instances() -> None:
    inst = parse_instance({"slots": [{"id": "s"}], "participants": [{"id": "a"}], "requests": []})
    s = solve(inst, time_limit=0.5)
    assert s.meetings == () and s.value == 0 and s.upper_bound == 0 and s.gap == 0
    inst = parse_instance(
        {
            "slots": [{"id": "s"}],
            "participants": [{"id": "a"}, {"id": "b"}],
            "requests": [{"id": "r", "from": "a", "to": "b"}],
            "tables": 0,
        }
    )
    s = solve(inst, time_limit=0.5)
    assert s.meetings == () and s.upper_bound == 0
    s = solve(inst, time_limit=0.0)
    assert_feasible(inst, s.to_json())


def test_float_weights() -> None:
    rng = random.Random(8)
    for _ in range(10):
        inst = parse_instance(random_instance_json(rng, float_weights=True))
        s = solve(inst, time_limit=1.0)
        assert_feasible(inst, s.to_json())
        assert s.value == pytest.approx(brute_force_optimum(inst))
