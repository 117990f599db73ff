"""The format fields real forums need: slots of a request, count, mandatory, fairness bound."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from grappe.scheduling import (
    InstanceError,
    MandatoryError,
    check_schedule,
    instance_to_json,
    parse_instance,
    solve,
)
from grappe.scheduling.cli import main
from grappe.scheduling.generate import planted_forum

SLOTS = [{"id": f"s{t}"} for t in range(1, 5)]


def day(requests: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "slots": copy.deepcopy(SLOTS),
        "participants": [{"id": p} for p in "abcd"],
        "requests": requests,
    } | more


def test_restricted_request_is_placed_in_its_slots_only() -> None:
    data = day(
        [
            {"id": "ab", "from": "a", "to": "b", "slots": ["s3", "s4"]},
            {"id": "ac", "from": "a", "to": "c", "slots": ["s3"]},
            {"id": "cb", "from": "c", "to": "b", "weight": 2},
        ]
    )
    inst = parse_instance(data)
    s = solve(inst, time_limit=1.0)
    where = {m.request: m.slot for m in s.meetings}
    assert where == {"ab": "s4", "ac": "s3", "cb": where["cb"]} and where["cb"] not in {"s3"}
    assert check_schedule(inst, s.to_json())[1] == []
    _, violations = check_schedule(inst, {"meetings": [{"request": "ac", "slot": "s1"}]})
    assert violations == [
        'meetings[0] (request "ac"): slot "s1" is not among the slots request "ac" allows'
    ]
    assert parse_instance(instance_to_json(inst)) == inst


def test_pair_asked_to_meet_twice() -> None:
    inst = parse_instance(day([{"id": "ab", "from": "a", "to": "b", "count": 2, "weight": 3}]))
    s = solve(inst, time_limit=1.0)
    assert [m.request for m in s.meetings] == ["ab", "ab"]
    assert len({m.slot for m in s.meetings}) == 2
    assert s.value == 6 and s.upper_bound == 6
    assert s.stats["breaks"] == 0  # and next to each other
    _, violations = check_schedule(
        inst,
        {"meetings": [{"request": "ab", "slot": "s1"}, {"request": "ab", "slot": "s1"}]},
    )
    assert any('already meet in "s1"' in v for v in violations)
    _, violations = check_schedule(
        inst, {"meetings": [{"request": "ab", "slot": f"s{t}"} for t in (1, 2, 3)]}
    )
    assert any("this pair meets 2 times" in v for v in violations)


def test_two_delegates_meeting_twice_take_two_slots() -> None:
    data = day([{"id": "ab", "from": "a", "to": "b", "count": 2}])
    data["participants"][0]["capacity"] = 2
    data["participants"][1]["capacity"] = 2
    s = solve(parse_instance(data), time_limit=1.0)
    assert len({m.slot for m in s.meetings}) == 2


def test_mandatory_request_wins_over_heavier_ones() -> None:
    # a is there in s1 only; b and c both want a; c's request is mandatory.
    data = day(
        [
            {"id": "ba", "from": "b", "to": "a", "weight": 3},
            {"id": "ca", "from": "c", "to": "a", "weight": 1, "mandatory": True},
        ]
    )
    data["participants"][0]["available"] = ["s1"]
    inst = parse_instance(data)
    s = solve(inst, time_limit=1.0)
    assert [m.request for m in s.meetings] == ["ca"]
    assert check_schedule(inst, s.to_json())[1] == []
    _, violations = check_schedule(inst, {"meetings": [{"request": "ba", "slot": "s1"}]})
    assert any('requests[1] (id "ca"): mandatory, but met 0 of 1' in v for v in violations)


def test_mandatory_requests_that_cannot_all_be_placed_are_named() -> None:
    data = day(
        [
            {"id": "ba", "from": "b", "to": "a", "mandatory": True},
            {"id": "ca", "from": "c", "to": "a", "mandatory": True},
            {"id": "cd", "from": "c", "to": "d", "mandatory": True},
        ]
    )
    data["participants"][0]["available"] = ["s1"]
    with pytest.raises(MandatoryError) as info:
        solve(parse_instance(data), time_limit=1.0)
    assert info.value.proven
    assert sorted(info.value.requests) == ["ba", "ca"]  # cd is not part of the conflict
    assert '"ba"' in str(info.value) and "cannot all be placed" in str(info.value)


def test_compactness_first_makes_every_request_mandatory() -> None:
    data = day([{"id": "ba", "from": "b", "to": "a"}, {"id": "ca", "from": "c", "to": "a"}])
    data["participants"][0]["available"] = ["s1"]
    inst = parse_instance(data)
    assert len(solve(inst, time_limit=0.5).meetings) == 1
    with pytest.raises(MandatoryError):
        solve(inst, time_limit=0.5, compactness_first=True)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"slots": ["s9"]}, 'requests[0] (id "ab"): field "slots": unknown slot "s9"'),
        ({"slots": []}, 'field "slots": the list is empty'),
        ({"slots": "s1"}, 'field "slots": expected a list of slot ids'),
        ({"count": 0}, 'field "count": expected an integer >= 1, got 0'),
        ({"count": 9}, 'field "count": 9 meetings, but there are only 4 slots'),
        ({"mandatory": "yes"}, "field \"mandatory\": expected true or false, got 'yes'"),
    ],
)
def test_bad_new_fields_are_named(change: dict[str, Any], expected: str) -> None:
    with pytest.raises(InstanceError) as info:
        parse_instance(day([{"id": "ab", "from": "a", "to": "b"} | change]))
    assert any(expected in e for e in info.value.errors), info.value.errors


def test_fairness_bound_field() -> None:
    with pytest.raises(InstanceError) as info:
        parse_instance(day([], max_breaks_spread=-1))
    assert 'field "max_breaks_spread": expected an integer >= 0' in str(info.value)
    inst = parse_instance(day([], max_breaks_spread=2))
    assert inst.max_breaks_spread == 2
    assert instance_to_json(inst)["max_breaks_spread"] == 2


def test_old_files_read_as_before() -> None:
    data = day([{"id": "ab", "from": "a", "to": "b"}])
    inst = parse_instance(data)
    r = inst.requests[0]
    assert (r.slots, r.count, r.mandatory, inst.max_breaks_spread) == (None, 1, False, None)
    assert instance_to_json(inst) == data


# -------------------------------------------------------------------------------------------
# Command line


@pytest.fixture
def forum_file(tmp_path: Path) -> Path:
    path = tmp_path / "forum.json"
    path.write_text(json.dumps(instance_to_json(planted_forum(20, 45, (5, 5), seed=1).instance)))
    return path


def test_cli_compactness_first_and_compact(
    forum_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schedule.json"
    assert (
        main(["solve", str(forum_file), "--time-limit", "1", "--compactness-first", "-o", str(out)])
        == 0
    )
    err = capsys.readouterr().err
    assert "breaks " in err and "lower bound" in err
    schedule = json.loads(out.read_text())
    n = len(json.loads(forum_file.read_text())["requests"])
    assert len(schedule["meetings"]) == n
    again = tmp_path / "again.json"
    keep = schedule["meetings"][0]
    args = ["compact", str(forum_file), str(out), "--time-limit", "0.5", "--keep", keep["request"]]
    assert main([*args, "-o", str(again)]) == 0
    compacted = json.loads(again.read_text())
    assert sorted(m["request"] for m in compacted["meetings"]) == sorted(
        m["request"] for m in schedule["meetings"]
    )
    assert keep["slot"] == next(
        m["slot"] for m in compacted["meetings"] if m["request"] == keep["request"]
    )
    assert compacted["stats"]["breaks"] <= schedule["stats"]["breaks"]
    assert main(["check", str(forum_file), str(again)]) == 0


def test_cli_compact_refuses_a_schedule_that_breaks_a_rule(
    forum_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(forum_file.read_text())
    r = data["requests"][0]["id"]
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"meetings": [{"request": r, "slot": "s01"}, {"request": r, "slot": "s02"}]})
    )
    out = tmp_path / "out.json"
    assert main(["compact", str(forum_file), str(bad), "-o", str(out)]) == 1
    assert "already meet" in capsys.readouterr().err
    assert not out.exists()
    assert main(["compact", str(forum_file), str(bad), "--keep", "nope"]) == 2
    assert 'unknown request "nope"' in capsys.readouterr().err
    bad.write_text(json.dumps({"meetings": [{"request": "ghost", "slot": "s01"}]}))
    assert main(["compact", str(forum_file), str(bad)]) == 2
    assert 'unknown request "ghost"' in capsys.readouterr().err


def test_cli_mandatory_failure_exits_1_naming_the_requests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = day(
        [
            {"id": "ba", "from": "b", "to": "a", "mandatory": True},
            {"id": "ca", "from": "c", "to": "a", "mandatory": True},
        ]
    )
    data["participants"][0]["available"] = ["s1"]
    path = tmp_path / "tight.json"
    path.write_text(json.dumps(data))
    out = tmp_path / "out.json"
    assert main(["solve", str(path), "--time-limit", "1", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "tight.json" in err and '"ba"' in err and '"ca"' in err
    assert not out.exists()


def test_reoptimise_places_a_new_mandatory_request() -> None:
    from grappe.scheduling import Meeting, Schedule, reoptimise

    # a is there in s1 only and meets b there; then c's mandatory request to a arrives.
    data = day([{"id": "ba", "from": "b", "to": "a", "weight": 3}])
    data["participants"][0]["available"] = ["s1"]
    previous = Schedule((Meeting("ba", "s1"),), 3.0)
    data["requests"].append({"id": "ca", "from": "c", "to": "a", "mandatory": True})
    inst = parse_instance(data)
    out = reoptimise(inst, previous, time_limit=1.0)
    assert [m.request for m in out.meetings] == ["ca"]
    assert check_schedule(inst, out.to_json())[1] == []
    # A frozen meeting is a promise: then the mandatory request cannot be placed.
    with pytest.raises(MandatoryError) as info:
        reoptimise(inst, previous, frozen={"ba"}, time_limit=1.0)
    assert info.value.requests == ["ca"]
