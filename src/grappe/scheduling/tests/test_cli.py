"""`grappe schedule solve|check|bound`: exit codes, messages, no output file on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grappe.cli import main as grappe_main
from grappe.scheduling import instance_to_json
from grappe.scheduling.cli import main
from grappe.scheduling.generate import generate


@pytest.fixture
def instance_file(tmp_path: Path) -> Path:
    path = tmp_path / "fair.json"
    path.write_text(json.dumps(instance_to_json(generate("fair2001", seed=1))))
    return path


def test_solve_check_bound(
    instance_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schedule.json"
    assert main(["solve", str(instance_file), "--time-limit", "3", "-o", str(out)]) == 0
    schedule = json.loads(out.read_text())
    assert schedule["meetings"] and schedule["value"] == schedule["upper_bound"]
    assert "proven optimal" in capsys.readouterr().err
    assert main(["check", str(instance_file), str(out)]) == 0
    assert "feasible" in capsys.readouterr().out
    assert main(["bound", str(instance_file)]) == 0
    assert json.loads(capsys.readouterr().out)["upper_bound"] == schedule["value"]
    # Through the `grappe` command too.
    assert grappe_main(["schedule", "check", str(instance_file), str(out)]) == 0


def test_solve_to_stdout(instance_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(instance_file), "--time-limit", "1"]) == 0
    assert "meetings" in json.loads(capsys.readouterr().out)


def test_check_infeasible_schedule(
    instance_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(instance_file.read_text())
    rid = data["requests"][0]["id"]
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"meetings": [{"request": rid, "slot": "s01"}, {"request": rid, "slot": "s02"}]})
    )
    assert main(["check", str(instance_file), str(bad)]) == 1
    assert "a pair meets at most once" in capsys.readouterr().out
    assert main(["check", str(instance_file), str(bad), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["feasible"] is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["requests"][0].update(to="ghost"), 'unknown participant "ghost"'),
        (lambda d: d["participants"].append(dict(d["participants"][0])), "duplicate id"),
        (lambda d: d["requests"][0].update(to=d["requests"][0]["from"]), "a request to oneself"),
        (lambda d: d.update(slots=[]), "the slot list is empty"),
        (
            lambda d: d.update(locked=[{"request": d["requests"][0]["id"], "slot": "s99"}]),
            'unknown slot "s99"',
        ),
    ],
)
def test_bad_instance_no_output(
    instance_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: object,
    message: str,
) -> None:
    data = json.loads(instance_file.read_text())
    change(data)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    out = tmp_path / "out.json"
    assert main(["solve", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "bad.json" in err
    assert not out.exists()
    assert main(["bound", str(bad)]) == 2
    assert main(["check", str(bad), str(instance_file)]) == 2


def test_locked_meeting_breaking_a_rule(
    instance_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(instance_file.read_text())
    r = data["requests"][0]
    other = next(x for x in data["requests"][1:] if r["from"] in (x["from"], x["to"]))
    data["locked"] = [{"request": r["id"], "slot": "s01"}, {"request": other["id"], "slot": "s01"}]
    cap = {p["id"]: p.get("capacity", 1) for p in data["participants"]}
    if cap[r["from"]] > 1:
        pytest.skip("the shared participant has room for two")
    bad = tmp_path / "locked.json"
    bad.write_text(json.dumps(data))
    out = tmp_path / "out.json"
    assert main(["solve", str(bad), "-o", str(out)]) == 2
    assert "locked[1]" in capsys.readouterr().err
    assert not out.exists()


def test_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main(["solve", str(tmp_path / "missing.json"), "-o", str(out)]) == 2
    assert "cannot read" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"slots": [')
    assert main(["solve", str(broken), "-o", str(out)]) == 2
    assert "invalid JSON at line 1" in capsys.readouterr().err
    assert not out.exists()
    assert main(["frobnicate"]) == 2
    assert main(["solve"]) == 2


def test_output_folder_missing(instance_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "schedule.json"
    assert main(["solve", str(instance_file), "-o", str(out)]) == 2
    assert not out.exists()
