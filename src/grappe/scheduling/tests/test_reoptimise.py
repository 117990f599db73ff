"""Incremental re-optimisation: frozen meetings stay, changes are absorbed, value recovered."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.scheduling import (
    Instance,
    Meeting,
    Participant,
    Schedule,
    check_schedule,
    reoptimise,
    solve,
)
from grappe.scheduling.generate import change_script, generate
from grappe.scheduling.tests.helpers import instances


@pytest.mark.parametrize(("family", "seed"), [("brokerage", 1), ("fair", 2), ("uniform-hard", 3)])
def test_frozen_meetings_do_not_move(family: str, seed: int) -> None:
    inst = generate(family, 120, seed=seed)
    first = solve(inst, time_limit=1.0)
    rng = random.Random(seed)
    frozen = {m.request for m in first.meetings if rng.random() < 0.6}
    changed, touched = change_script(inst, first.meetings, seed=seed)
    assert touched["late"] and touched["cancelled"] and touched["availability"]
    again = reoptimise(changed, first, frozen=frozen, time_limit=1.5)
    _, violations = check_schedule(changed, again.to_json())
    assert violations == []
    before = {m.request: m.slot for m in first.meetings}
    after = {m.request: m.slot for m in again.meetings}
    released = {d["request"] for d in again.stats["dropped"]}
    for rid in frozen - released:
        assert after.get(rid) == before[rid], rid
    assert again.stats["moved_frozen"] == 0
    # Released meetings are exactly those cancelled or made impossible by the changes.
    cancelled = set(touched["cancelled"])
    for d in again.stats["dropped"]:
        assert d["request"] in cancelled or "no longer available" in d["reason"]
    assert again.upper_bound is not None and again.value <= again.upper_bound + 1e-9


def test_late_request_is_added_without_moving_anything() -> None:
    data_inst = generate("fair", 60, seed=7)
    first = solve(data_inst, time_limit=1.0)
    frozen = {m.request for m in first.meetings}
    # A late request between two participants who both still have a free common slot.
    from grappe.scheduling.model import Request

    busy: dict[str, set[str]] = {}
    for m in first.meetings:
        r = data_inst.requests[data_inst.request_index[m.request]]
        for p in (r.source, r.target):
            busy.setdefault(p, set()).add(m.slot)
    slots = {s.id for s in data_inst.slots}
    paired = {frozenset((r.source, r.target)) for r in data_inst.requests}
    ids = [p.id for p in data_inst.participants if p.available is None and p.capacity == 1]
    pair = next(
        (a, b)
        for a in ids
        for b in ids
        if a < b
        and frozenset((a, b)) not in paired
        and slots - busy.get(a, set()) - busy.get(b, set())
    )
    late = Request("late1", pair[0], pair[1], 3)
    inst = data_inst.replace(requests=(*data_inst.requests, late))
    again = reoptimise(inst, first, frozen=frozen, time_limit=1.0)
    after = {m.request: m.slot for m in again.meetings}
    assert "late1" in after
    assert all(after[m.request] == m.slot for m in first.meetings)
    assert again.value == first.value + 3


def test_cancellation_and_availability_change() -> None:
    inst = generate("brokerage", 60, seed=3)
    first = solve(inst, time_limit=1.0)
    m0 = first.meetings[0]
    r0 = inst.requests[inst.request_index[m0.request]]
    # Cancel the first meeting's request(s); make one side of the second unavailable there.
    pair = {r0.source, r0.target}
    requests = tuple(r for r in inst.requests if {r.source, r.target} != pair)
    m1 = next(
        m
        for m in first.meetings[1:]
        if {inst.requests[inst.request_index[m.request]].source} & pair == set()
        and {inst.requests[inst.request_index[m.request]].target} & pair == set()
    )
    r1 = inst.requests[inst.request_index[m1.request]]
    parts = []
    for p in inst.participants:
        if p.id == r1.source:
            avail = {s.id for s in inst.slots} if p.available is None else set(p.available)
            p = type(p)(p.id, p.name, p.capacity, frozenset(avail - {m1.slot}))
        parts.append(p)
    changed = inst.replace(requests=requests, participants=tuple(parts))
    frozen = {m.request for m in first.meetings}
    again = reoptimise(changed, first, frozen=frozen, time_limit=1.0)
    assert check_schedule(changed, again.to_json())[1] == []
    reasons = {d["request"]: d["reason"] for d in again.stats["dropped"]}
    assert "no longer exists" in reasons[m0.request]
    assert f'"{r1.source}" is no longer available in "{m1.slot}"' in reasons[m1.request]


def test_allow_moves_keeps_frozen_pairs() -> None:
    inst = generate("uniform-hard", 80, seed=5)
    first = solve(inst, time_limit=1.0)
    frozen = {m.request for m in first.meetings[::2]}
    # Everyone becomes unavailable in the first slot: frozen meetings there are released,
    # the others may move but must all still take place.
    s0 = inst.slots[0].id
    parts = tuple(
        type(p)(
            p.id,
            p.name,
            p.capacity,
            frozenset(({s.id for s in inst.slots} if p.available is None else p.available) - {s0}),
        )
        for p in inst.participants
    )
    changed = inst.replace(participants=parts)
    again = reoptimise(changed, first, frozen=frozen, allow_moves=True, time_limit=1.0)
    assert check_schedule(changed, again.to_json())[1] == []
    after = {m.request for m in again.meetings}
    released = {d["request"] for d in again.stats["dropped"]}
    assert frozen - released <= after


def test_previous_with_unknown_ids() -> None:
    inst = generate("fair", 40, seed=1)
    previous = Schedule((Meeting("nope", inst.slots[0].id), Meeting("r00001", "s99")), 0.0)
    again = reoptimise(inst, previous, frozen={"nope"}, time_limit=0.5)
    assert check_schedule(inst, again.to_json())[1] == []
    assert len(again.stats["dropped"]) == 2


@settings(max_examples=30, deadline=None, derandomize=True)
@given(instances(max_slots=4, max_parts=7), st.randoms(use_true_random=False))
def test_reoptimise_properties(inst: Instance, rnd: random.Random) -> None:
    """Whatever the change, the result is feasible and frozen meetings that remain possible
    stay where they were."""
    first = solve(inst, time_limit=0.5)
    frozen = {m.request for m in first.meetings if rnd.random() < 0.5}
    requests = [r for r in inst.requests if rnd.random() < 0.8]
    slot_ids = [s.id for s in inst.slots]
    parts = []
    for p in inst.participants:
        if rnd.random() < 0.3:
            p = Participant(p.id, p.name, p.capacity, frozenset(rnd.sample(slot_ids, 1)))
        parts.append(p)
    changed = inst.replace(requests=tuple(requests), participants=tuple(parts), locked=())
    again = reoptimise(changed, first, frozen=frozen, time_limit=0.5)
    assert check_schedule(changed, again.to_json())[1] == []
    before = {m.request: m.slot for m in first.meetings}
    after = {m.request: m.slot for m in again.meetings}
    released = {d["request"] for d in again.stats["dropped"]}
    for rid in frozen - released:
        assert after.get(rid) == before[rid]
    assert again.upper_bound is not None and again.value <= again.upper_bound + 1e-9


def test_tables_of_unmoved_meetings_are_kept() -> None:
    inst = generate("brokerage", 100, seed=9)
    first = solve(inst, time_limit=1.0)
    assert all(m.table is not None for m in first.meetings)
    frozen = {m.request for m in first.meetings}
    changed, _ = change_script(inst, first.meetings, seed=9)
    again = reoptimise(changed, first, frozen=frozen, time_limit=1.0)
    assert check_schedule(changed, again.to_json())[1] == []
    before = {m.request: (m.slot, m.table) for m in first.meetings}
    for m in again.meetings:
        if m.request in before and before[m.request][0] == m.slot:
            assert before[m.request][1] == m.table
