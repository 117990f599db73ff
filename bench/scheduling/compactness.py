"""Compactness figures of issue 15 (called by run.py; each measurement in its own process).

- forums of 40 to 80 participants with a planted timetable (grappe.scheduling.generate.
  planted_forum), every request to be placed ("compactness first"): meetings placed, breaks
  against the planted timetable's, the lower bound and the gap; first come, first served;
- the same forums with the fairness bound d = 2 where the planted timetable meets it;
- 800 participants, about 3,000 meetings, tables binding: breaks against 1 % of the meetings;
- "today's engine": the engine as it was before the compactness phase (git revision
  BEFORE_REV, run from a copy of that revision's `grappe.scheduling` in its own process) on
  the families at 2,000 participants, for run.py's side-by-side table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
# The last commit of the engine before issue 15 (value, then idle slots only).
BEFORE_REV = "74c7ebf"
# (participants, meetings wanted, slots in the morning and the afternoon), seeds 0 and 1.
FORUMS = [(40, 125, (7, 7)), (50, 170, (8, 8)), (60, 200, (9, 9)), (70, 250, (11, 11)),
          (80, 300, (13, 14))]  # fmt: skip
LARGE = (800, 3000, (12, 12))


def forum_job(spec: dict[str, Any]) -> dict[str, Any]:
    from grappe.scheduling import check_schedule, first_come_first_served, solve
    from grappe.scheduling.generate import planted_forum

    n, wanted, sessions = spec["n"], spec["meetings"], tuple(spec["sessions"])
    forum = planted_forum(n, wanted, sessions, seed=spec["seed"], gap_share=spec["gap_share"])
    inst = forum.instance
    if spec.get("max_breaks_spread") is not None:
        inst = inst.replace(max_breaks_spread=spec["max_breaks_spread"])
    planted_breaks, planted_idle, planted_spread = forum.figures()
    fcfs = first_come_first_served(inst, with_bound=False)
    t0 = time.perf_counter()
    s = solve(inst, time_limit=spec["time_limit"], seed=spec["seed"], compactness_first=True)
    seconds = time.perf_counter() - t0
    c = s.stats["compactness"]
    return {
        "n": n,
        "seed": spec["seed"],
        "slots": len(inst.slots),
        "tables": inst.tables,
        "requests": len(inst.requests),
        "meetings": len(s.meetings),
        "all_placed": len(s.meetings) == len(inst.requests),
        "violations": len(check_schedule(inst, s.to_json())[1]),
        "planted_breaks": planted_breaks,
        "planted_idle": planted_idle,
        "planted_spread": planted_spread,
        "breaks": c["breaks"],
        "breaks_before": c["breaks_before"],
        "breaks_lower_bound": c["breaks_lower_bound"],
        "breaks_gap": c["breaks_gap"],
        "idle_slots": c["idle_slots"],
        "breaks_spread": c["breaks_spread"],
        "max_breaks_spread": c["max_breaks_spread"],
        "fairness_met": c["fairness_met"],
        "proven_optimal": c["proven_optimal"],
        "lower_bound_method": c["lower_bound_method"],
        "fcfs_meetings": len(fcfs.meetings),
        "fcfs_breaks": fcfs.stats["breaks"],
        "seconds": round(seconds, 2),
    }


def compactness_rows(time_limit: float, ctx: Any, in_child: Any) -> dict[str, Any]:
    """Forums, fairness, the large forum."""
    out: dict[str, Any] = {"forums": [], "fairness": [], "large": None}
    for n, wanted, sessions in FORUMS:
        for seed in (0, 1):
            spec = {"n": n, "meetings": wanted, "sessions": sessions, "seed": seed}
            spec |= {"gap_share": 0.05, "time_limit": time_limit}
            row = in_child(ctx, forum_job, spec)
            out["forums"].append(row)
            print(
                f"forum {n:3d} seed {seed}: {row['meetings']}/{row['requests']} placed, breaks "
                f"{row['breaks']} (planted {row['planted_breaks']}, bound "
                f"{row['breaks_lower_bound']}), FCFS {row['fcfs_breaks']}",
                flush=True,
            )
            if row["planted_spread"] <= 2:
                fair = in_child(ctx, forum_job, spec | {"max_breaks_spread": 2})
                out["fairness"].append(fair)
                print(
                    f"  d = 2: spread {fair['breaks_spread']} (met: {fair['fairness_met']}), "
                    f"breaks {fair['breaks']}",
                    flush=True,
                )
    n, wanted, sessions = LARGE
    spec = {"n": n, "meetings": wanted, "sessions": sessions, "seed": 0, "gap_share": 0.0}
    out["large"] = in_child(ctx, forum_job, spec | {"time_limit": time_limit})
    r = out["large"]
    print(
        f"large {n}: {r['meetings']}/{r['requests']} placed, breaks {r['breaks']} "
        f"({100 * r['breaks'] / max(1, r['meetings']):.2f} % of the meetings; planted "
        f"{r['planted_breaks']})",
        flush=True,
    )
    return out


def _before_tree() -> Path | None:
    """A copy of `grappe.scheduling` at BEFORE_REV (None if git or the revision is missing)."""
    target = Path(tempfile.gettempdir()) / f"grappe-scheduling-{BEFORE_REV}"
    if (target / "grappe" / "scheduling" / "solver.py").exists():
        return target
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", BEFORE_REV, "src/grappe/__init__.py",
             "src/grappe/scheduling"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["tar", "-x", "-C", str(target), "--strip-components=1"], input=archive, check=True
    )
    return target


BEFORE_SCRIPT = """
import json, os, sys, time
from grappe.scheduling import solve
from grappe.scheduling.generate import generate
family, n, seed, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
inst = generate(family, n, seed=seed)
t0 = time.perf_counter()
s = solve(inst, time_limit=limit, seed=seed)
out = s.to_json() | {"seconds": time.perf_counter() - t0}
out.pop("stats", None)
sys.stdout.write(json.dumps(out))
sys.stdout.flush()
os._exit(0)  # that engine's LP thread may still run: leave without tearing down (issue 9)
"""


def before_job(spec: dict[str, Any]) -> dict[str, Any]:
    """Today's engine (before issue 15) on a generated instance; figures computed here."""
    from grappe.scheduling import check_schedule
    from grappe.scheduling.figures import schedule_stats
    from grappe.scheduling.generate import generate
    from grappe.scheduling.model import parse_meetings

    tree = _before_tree()
    if tree is None:
        return {"available": False}
    env = os.environ | {"PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", BEFORE_SCRIPT, spec["family"], str(spec["n"]),
         str(spec["seed"]), str(spec["time_limit"])],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip
    if done.returncode != 0 or not done.stdout:
        return {"available": False, "error": done.stderr[-500:]}
    data = json.loads(done.stdout)
    inst = generate(spec["family"], spec["n"], seed=spec["seed"])
    value, violations = check_schedule(inst, data)
    stats = schedule_stats(inst, parse_meetings(inst, data))
    return {
        "available": True,
        "value": value,
        "violations": len(violations),
        "seconds": round(data["seconds"], 2),
        "breaks": stats["breaks"],
        "idle_slots": stats["idle_slots"],
        "breaks_spread": stats["breaks_spread"],
    }


def markdown(res: dict[str, Any]) -> list[str]:
    """The compactness sections of results.md."""
    c = res.get("compactness")
    if not c:
        return []
    lines = [
        "",
        "## Compactness: forums with a planted timetable",
        "",
        "Forums generated by `planted_forum` (a quarter of the participants in the morning "
        "only, a quarter in the afternoon only; tables as many as the busiest planted slot "
        "needs, so they bind; 15 % of the requests restricted to the session of their planted "
        "meeting). Every request must be placed (`compactness_first`). The planted "
        "timetable's breaks bound the optimum from above; the lower bound is what the engine "
        "proved (0: trivial).",
        "",
        "| participants | seed | slots | tables | meetings placed | breaks | planted | lower "
        "bound | gap | idle slots | spread | FCFS placed | FCFS breaks | s |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in c["forums"]:
        lines.append(
            f"| {r['n']} | {r['seed']} | {r['slots']} | {r['tables']} | {r['meetings']} / "
            f"{r['requests']} | **{r['breaks']}** | {r['planted_breaks']} | "
            f"{r['breaks_lower_bound']} | {100 * r['breaks_gap']:.0f} % | {r['idle_slots']} | "
            f"{r['breaks_spread']} | {r['fcfs_meetings']} | {r['fcfs_breaks']} | "
            f"{r['seconds']} |"
        )
    lines += [
        "",
        "Fairness bound d = 2 (`max_breaks_spread`), on the forums whose planted timetable "
        "meets it:",
        "",
        "| participants | seed | planted spread | spread | met | breaks | breaks without d |",
        "|---:|---:|---:|---:|---|---:|---:|",
    ]
    plain = {(r["n"], r["seed"]): r for r in c["forums"]}
    for r in c["fairness"]:
        lines.append(
            f"| {r['n']} | {r['seed']} | {r['planted_spread']} | {r['breaks_spread']} | "
            f"{'yes' if r['fairness_met'] else 'no'} | {r['breaks']} | "
            f"{plain[(r['n'], r['seed'])]['breaks']} |"
        )
    r = c["large"]
    slack = r["tables"] * r["slots"] / max(1, r["requests"]) - 1
    lines += [
        "",
        f"Large forum: {r['n']} participants, tables binding (the tables of all slots hold "
        f"{100 * slack:.1f} % more meetings than there are), no planted gap; target: breaks "
        "under 1 % of the meetings:",
        "",
        "| participants | slots | tables | meetings placed | breaks | % of meetings | planted "
        "| breaks after the value phase | FCFS placed | FCFS breaks | s |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| {r['n']} | {r['slots']} | {r['tables']} | {r['meetings']} / {r['requests']} | "
        f"**{r['breaks']}** | {100 * r['breaks'] / max(1, r['meetings']):.2f} % | "
        f"{r['planted_breaks']} | {r['breaks_before']} | {r['fcfs_meetings']} | "
        f"{r['fcfs_breaks']} | {r['seconds']} |",
    ]
    return lines
