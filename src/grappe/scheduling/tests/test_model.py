"""Instance parsing: every error names its record; round trip; pairs merged."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from grappe.scheduling import InstanceError, instance_to_json, parse_instance
from grappe.scheduling.generate import FAMILIES, generate
from grappe.scheduling.tests.helpers import random_instance_json

BASE: dict[str, Any] = {
    "slots": [
        {"id": "s1", "start": "2001-01-24T09:00", "end": "2001-01-24T09:30"},
        {"id": "s2", "start": "2001-01-24T09:30", "end": "2001-01-24T10:00"},
    ],
    "participants": [
        {"id": "p1", "name": "Stand 1", "capacity": 2},
        {"id": "p2", "available": ["s1"]},
        {"id": "p3"},
    ],
    "requests": [
        {"id": "r1", "from": "p1", "to": "p2", "weight": 2},
        {"id": "r2", "from": "p2", "to": "p1", "weight": 3},
        {"id": "r3", "from": "p3", "to": "p1"},
    ],
    "tables": 2,
    "locked": [{"request": "r3", "slot": "s2"}],
}


def errors_of(data: object) -> list[str]:
    with pytest.raises(InstanceError) as info:
        parse_instance(data)
    return info.value.errors


def changed(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def test_valid_instance_and_defaults() -> None:
    inst = parse_instance(BASE)
    assert [s.id for s in inst.slots] == ["s1", "s2"]
    assert inst.participants[0].capacity == 2
    assert inst.participants[2].available is None
    assert inst.requests[2].weight == 1
    assert inst.tables == 2
    prob = inst.problem
    # r1 and r2 are the same pair: counted once, with the better weight.
    assert prob.n_pairs == 2
    assert sorted(prob.pair_w) == [1.0, 3.0]
    assert prob.request_pair[0] == prob.request_pair[1]


def test_mutual_sum() -> None:
    inst = parse_instance(BASE | {"mutual": "sum"})
    assert sorted(inst.problem.pair_w) == [1.0, 5.0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (changed(["slots"], []), 'field "slots": the slot list is empty'),
        (
            changed(["requests", 0, "to"], "p9"),
            'requests[0] (id "r1"): field "to": unknown participant "p9"',
        ),
        (
            changed(["requests", 2, "to"], "p3"),
            'requests[2] (id "r3"): field "to": a request to oneself ("p3")',
        ),
        (
            changed(["participants", 2, "id"], "p1"),
            'participants[2] (id "p1"): field "id": duplicate id (also participants[0])',
        ),
        (
            changed(["requests", 1, "id"], "r1"),
            'requests[1] (id "r1"): field "id": duplicate id (also requests[0])',
        ),
        (
            changed(["slots", 1, "id"], "s1"),
            'slots[1] (id "s1"): field "id": duplicate id (also slots[0])',
        ),
        (
            changed(["participants", 1, "available"], ["s1", "s7"]),
            'participants[1] (id "p2"): field "available": unknown slot "s7"',
        ),
        (
            changed(["participants", 0, "capacity"], 0),
            'participants[0] (id "p1"): field "capacity": expected an integer >= 1, got 0',
        ),
        (
            changed(["requests", 0, "weight"], -1),
            'requests[0] (id "r1"): field "weight": expected a number > 0, got -1',
        ),
        (changed(["tables"], -2), 'instance: field "tables": expected an integer >= 0, got -2'),
        (
            changed(["locked", 0, "request"], "r9"),
            'locked[0] (request "r9"): field "request": unknown request "r9"',
        ),
        (
            changed(["locked"], [{"request": "r1", "slot": "s2"}]),
            'locked[0] (request "r1"): participant "p2" is not available in "s2"',
        ),
        (
            changed(["slots", 1, "end"], "2001-01-24T09:00"),
            'slots[1] (id "s2"): field "end": must be after "start"',
        ),
        (changed(["participants", 0, "colour"], "red"), 'unknown field "colour"'),
    ],
)
def test_errors_name_the_record(data: dict[str, Any], expected: str) -> None:
    errors = errors_of(data)
    assert any(expected in e for e in errors), errors


def test_locked_breaking_capacity_and_tables() -> None:
    data = copy.deepcopy(BASE)
    data["participants"].append({"id": "p4"})
    data["requests"].append({"id": "r4", "from": "p4", "to": "p3"})
    data["tables"] = 1
    data["locked"] = [{"request": "r3", "slot": "s2"}, {"request": "r4", "slot": "s2"}]
    errors = errors_of(data)
    assert any('locked[1] (request "r4"): participant "p3" has more than 1' in e for e in errors)
    assert any('locked[1] (request "r4"): more than 1 meetings in "s2"' in e for e in errors)


def test_locked_pair_twice() -> None:
    data = changed(["locked"], [{"request": "r1", "slot": "s1"}, {"request": "r2", "slot": "s1"}])
    assert any("a pair meets at most once" in e for e in errors_of(data))


def test_all_errors_at_once() -> None:
    data = copy.deepcopy(BASE)
    data["requests"][0]["to"] = "nobody"
    data["participants"][1]["capacity"] = "two"
    assert len(errors_of(data)) == 2


@pytest.mark.parametrize("data", [None, [], "x", {"slots": "s1"}])
def test_not_an_instance(data: object) -> None:
    assert errors_of(data)


def test_round_trip() -> None:
    rng = random.Random(3)
    for _ in range(20):
        data = random_instance_json(rng)
        inst = parse_instance(data)
        again = parse_instance(instance_to_json(inst))
        assert again == inst
    for family in FAMILIES:
        inst = generate(family, 60, seed=1)
        assert parse_instance(instance_to_json(inst)) == inst


def test_generator_is_reproducible() -> None:
    a = generate("brokerage", 100, seed=5)
    b = generate("brokerage", 100, seed=5)
    c = generate("brokerage", 100, seed=6)
    assert instance_to_json(a) == instance_to_json(b)
    assert instance_to_json(a) != instance_to_json(c)
