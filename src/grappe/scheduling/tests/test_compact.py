"""Compactness: breaks and idle slots as defined, and a phase that never costs value or a rule."""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grappe.scheduling import (
    Instance,
    Meeting,
    Schedule,
    breaks,
    check_schedule,
    compact,
    first_come_first_served,
    idle_slots,
    parse_instance,
    reoptimise,
    schedule_stats,
    solve,
)
from grappe.scheduling.compact import Compactor
from grappe.scheduling.generate import planted_forum
from grappe.scheduling.search import Board
from grappe.scheduling.tests.helpers import random_instance_json

SMALL = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@pytest.mark.parametrize(
    ("slots", "n_breaks", "n_idle"),
    [
        ("", 0, 0),
        ("x", 0, 0),
        ("xx", 0, 0),
        ("x.x", 1, 1),
        ("x...x", 1, 3),  # a run of empty slots is one break, whatever its length
        ("x.x.x", 2, 2),
        ("..xx.xx..", 1, 1),
        ("x..xx.x", 2, 3),
    ],
)
def test_breaks_and_idle_slots_of_a_day(slots: str, n_breaks: int, n_idle: int) -> None:
    mask = sum(1 << t for t, c in enumerate(slots) if c == "x")
    assert breaks(mask) == n_breaks
    assert idle_slots(mask) == n_idle


def _day() -> Instance:
    # a meets b in s1, c in s3, d in s4 (a: 1 break, 1 idle slot); e has two delegates and
    # meets b and c both in s2 (no break: one slot), then d in s5 (1 break, 2 idle slots).
    return parse_instance(
        {
            "slots": [{"id": f"s{t}"} for t in range(1, 6)],
            "participants": [{"id": p} for p in "abcd"] + [{"id": "e", "capacity": 2}],
            "requests": [
                {"id": "ab", "from": "a", "to": "b"},
                {"id": "ac", "from": "a", "to": "c"},
                {"id": "ad", "from": "a", "to": "d"},
                {"id": "eb", "from": "e", "to": "b"},
                {"id": "ec", "from": "e", "to": "c"},
                {"id": "ed", "from": "e", "to": "d"},
            ],
        }
    )


def test_schedule_figures_per_participant() -> None:
    inst = _day()
    meetings = [
        Meeting("ab", "s1"),
        Meeting("ac", "s3"),
        Meeting("ad", "s4"),
        Meeting("eb", "s2"),
        Meeting("ec", "s2"),
        Meeting("ed", "s5"),
    ]
    stats = schedule_stats(inst, meetings)
    per = stats["participants"]
    assert per["a"] == {"meetings": 3, "breaks": 1, "idle_slots": 1}
    assert per["e"] == {"meetings": 3, "breaks": 1, "idle_slots": 2}
    assert per["b"] == {"meetings": 2, "breaks": 0, "idle_slots": 0}  # s1, s2
    assert per["c"] == {"meetings": 2, "breaks": 0, "idle_slots": 0}  # s2, s3
    assert per["d"] == {"meetings": 2, "breaks": 0, "idle_slots": 0}  # s4, s5
    assert stats["breaks"] == 2 and stats["idle_slots"] == 3
    assert stats["breaks_spread"] == 1 and stats["max_breaks"] == 1


def test_compaction_closes_the_gaps_of_the_hand_made_day() -> None:
    inst = _day()
    spread = Schedule(
        (
            Meeting("ab", "s1"),
            Meeting("ac", "s3"),
            Meeting("ad", "s5"),
            Meeting("eb", "s2"),
            Meeting("ec", "s4"),
            Meeting("ed", "s1"),
        ),
        6.0,
    )
    before = schedule_stats(inst, spread.meetings)["breaks"]
    out = compact(inst, spread, time_limit=2.0)
    assert before > 0
    assert check_schedule(inst, out.to_json())[1] == []
    assert out.stats["breaks"] == 0 and out.stats["idle_slots"] == 0
    assert out.stats["compactness"]["proven_optimal"]  # no breaks: nothing can be better
    assert out.stats["seconds"] < 1.5  # a proof ends the run early


def _multiset(s: Schedule) -> Counter[str]:
    return Counter(m.request for m in s.meetings)


@SMALL
@given(st.integers(0, 2**32 - 1), st.integers(2, 6), st.booleans())
def test_compaction_keeps_value_meetings_and_rules(seed: int, n_slots: int, lock: bool) -> None:
    rng = random.Random(seed)
    inst = parse_instance(
        random_instance_json(rng, n_slots=n_slots, n_parts=6, n_requests=10, locked=lock)
    )
    start = first_come_first_served(inst, with_bound=False)
    frozen = {m.request for m in start.meetings if rng.random() < 0.3}
    out = compact(inst, start, frozen=frozen, time_limit=0.5, seed=seed)
    value, violations = check_schedule(inst, out.to_json())
    assert violations == []
    assert value == pytest.approx(start.value)
    assert _multiset(out) == _multiset(start)
    assert out.stats["breaks"] <= start.stats["breaks"]
    where = {m.request: m.slot for m in start.meetings}
    after = {m.request: m.slot for m in out.meetings}
    assert all(after[r] == where[r] for r in frozen)
    assert all(after.get(m.request) == m.slot for m in inst.locked)


@SMALL
@given(st.integers(0, 2**32 - 1))
def test_moves_and_annealing_never_break_a_rule(seed: int) -> None:
    rng = random.Random(seed)
    inst = parse_instance(random_instance_json(rng, n_slots=5, n_parts=7, n_requests=14))
    start = first_come_first_served(inst, with_bound=False)
    board = Board(inst.problem, dict(inst.problem.locked))
    for e, t in enumerate(_slots_of(inst, start)):
        if t >= 0 and board.slot[e] < 0:
            board.place(e, t)
    board.commit()
    comp = Compactor(board, seed=seed)
    before = comp.key()
    comp.descend(1e18)
    comp.anneal(time.perf_counter() + 0.05)
    assert comp.key() <= before
    meetings = [
        Meeting(inst.requests[inst.problem.pair_request[e]].id, inst.slots[t].id)
        for e, t in enumerate(board.slot)
        if t >= 0
    ]
    as_json = {"meetings": [{"request": m.request, "slot": m.slot} for m in meetings]}
    assert check_schedule(inst, as_json)[1] == []
    fig = schedule_stats(inst, meetings)
    assert (comp.total_breaks, comp.total_idle) == (fig["breaks"], fig["idle_slots"])


def _slots_of(inst: Instance, s: Schedule) -> list[int]:
    prob = inst.problem
    out = [-1] * prob.n_pairs
    r_idx, s_idx = inst.request_index, inst.slot_index
    units = prob.units_for(r_idx[m.request] for m in s.meetings)
    for e, m in zip(units, s.meetings, strict=True):
        out[e] = s_idx[m.slot]
    return out


def test_solve_uses_the_time_for_compactness_and_beats_the_baseline() -> None:
    forum = planted_forum(30, 80, (6, 6), seed=3)
    inst = forum.instance
    fcfs = first_come_first_served(inst, with_bound=False)
    s = solve(inst, time_limit=3.0, compactness_first=True)
    assert check_schedule(inst, s.to_json())[1] == []
    assert len(s.meetings) == len(inst.requests)  # every meeting placed
    planted_breaks, _, _ = forum.figures()
    c = s.stats["compactness"]
    assert c["breaks"] <= planted_breaks
    assert c["breaks"] < fcfs.stats["breaks"]
    assert c["breaks_lower_bound"] <= c["breaks"]
    assert 0.0 <= c["breaks_gap"] <= 1.0


def test_fairness_bound_is_met_where_the_planted_timetable_meets_it() -> None:
    forum = planted_forum(30, 80, (6, 6), seed=5)
    assert forum.figures()[2] <= 2
    inst = forum.instance.replace(max_breaks_spread=2)
    s = solve(inst, time_limit=3.0, compactness_first=True)
    assert check_schedule(inst, s.to_json())[1] == []
    c = s.stats["compactness"]
    assert c["fairness_met"] is True and c["breaks_spread"] <= 2


def test_reoptimise_moves_no_previous_meeting_for_compactness() -> None:
    forum = planted_forum(24, 60, (5, 5), seed=2, gap_share=0.5)
    inst = forum.instance
    planted = Schedule(forum.planted, float(len(forum.planted)))
    assert forum.figures()[0] > 0
    out = reoptimise(inst, planted, time_limit=1.0)
    # Every meeting placed already: the value cannot rise, and previous meetings never move
    # for compactness (people have seen them).
    assert out.stats["moved"] == 0 and out.stats["kept"] == len(forum.planted)
    assert out.stats["breaks"] == forum.figures()[0]
