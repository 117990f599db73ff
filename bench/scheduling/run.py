"""Benchmark of the meeting-scheduling engine against the baselines (issues 4 and 15).

    .venv/bin/python bench/scheduling/run.py                 # the full run (about 20 minutes)
    .venv/bin/python bench/scheduling/run.py --quick         # 400 participants, 3 s, smoke test
    .venv/bin/python bench/scheduling/run.py --parts compactness   # only issue 15's figures

For each family (uniform-hard, fair, brokerage) and size (400, 2000 participants; 16 slots,
about 6 requests per participant; seeded generator grappe.scheduling.generate):

- the certified upper bound (best of the b-matching and time-indexed LPs, no time pressure),
  the common yardstick of all three methods;
- our engine (`solve`), first come first served, one-shot CP-SAT, each with the same time
  limit, each in its own process (peak memory = that process's maximum resident set size);
  value / bound, feasibility (checked by `check_schedule`), fairness and idle-gap figures;
- the 2001 fair (30 stands, about 350 requests): time to a proven optimum;
- today's engine (before the compactness phase, compactness.BEFORE_REV) on the same
  instances, for breaks and idle slots side by side;
- compactness (compactness.py): planted forums of 40 to 80 participants, the fairness bound
  d = 2, a forum of 800 participants and 3,000 meetings with binding tables;
- the change script after publication (5 % late requests, 3 % cancellations, 2 % availability
  changes), 70 % of the published meetings locked: locked meetings moved (must be 0), other
  meetings moved, value recovered against a fresh solve, time to re-optimise.

Writes results.json and results.md next to this file (or to --out).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import compactness  # noqa: E402 - beside this file, not a package

FAMILIES = ("uniform-hard", "fair", "brokerage")
FIGURES = (
    "meetings",
    "share_without_meeting",
    "min_meetings",
    "median_meetings",
    "mutual_met_share",
    "top_priority_met_share",
    "breaks",
    "breaks_per_participant",
    "idle_slots",
    "idle_slots_per_participant",
)


def _rss_mib() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -------------------------------------------------------------------------------------------
# Work done in child processes (one per measurement: clean memory figures, no leftovers)


def _job(spec: dict[str, Any]) -> dict[str, Any]:
    from grappe.scheduling import (
        check_schedule,
        cpsat_one_shot,
        first_come_first_served,
        solve,
    )
    from grappe.scheduling.bound import best_bound
    from grappe.scheduling.generate import generate

    rss_start = _rss_mib()
    inst = generate(spec["family"], spec["n"], seed=spec["seed"])
    kind = spec["kind"]
    out: dict[str, Any] = {"rss_after_import_mib": round(rss_start, 1)}
    if kind == "bound":
        r = best_bound(inst.problem, None, time_limit=300.0)
        out.update(bound=r.value, method=r.method, seconds=round(r.seconds, 2))
        out["requests"] = len(inst.requests)
        out["pairs"] = inst.problem.n_pairs
        out["participants"] = len(inst.participants)
        out["tables"] = inst.tables
    elif kind == "stability":
        out.update(_stability(inst, spec["time_limit"], spec["seed"]))
    else:
        t0 = time.perf_counter()
        if kind == "ours":
            s = solve(inst, time_limit=spec["time_limit"], seed=spec["seed"])
        elif kind == "fcfs":
            s = first_come_first_served(inst, with_bound=False)
        else:
            s = cpsat_one_shot(inst, spec["time_limit"], with_bound=False)
        seconds = time.perf_counter() - t0
        value, violations = check_schedule(inst, s.to_json())
        out.update(
            value=s.value,
            checked_value=value,
            violations=len(violations),
            seconds=round(seconds, 2),
            reported_bound=s.upper_bound,
            figures={k: s.stats.get(k) for k in FIGURES},
        )
        for key in (
            "status",
            "cpsat_bound",
            "bound_method",
            "proven_optimal",
            "value_reached_at",
        ):
            if key in s.stats:
                out[key] = s.stats[key]
    out["peak_rss_mib"] = round(_rss_mib(), 1)
    return out


def _stability(inst: Any, time_limit: float, seed: int) -> dict[str, Any]:
    from grappe.scheduling import check_schedule, reoptimise, solve
    from grappe.scheduling.generate import change_script

    first = solve(inst, time_limit=time_limit, seed=seed)
    rng = random.Random(f"locks/{seed}")
    locked = {m.request for m in first.meetings if rng.random() < 0.7}
    changed, touched = change_script(inst, first.meetings, seed=seed)
    t0 = time.perf_counter()
    again = reoptimise(changed, first, frozen=locked, time_limit=time_limit, seed=seed)
    seconds = time.perf_counter() - t0
    _, violations = check_schedule(changed, again.to_json())
    before = {m.request: m.slot for m in first.meetings}
    after = {m.request: m.slot for m in again.meetings}
    released = {d["request"] for d in again.stats["dropped"]}
    locked_valid = [r for r in locked if r not in released]
    others_valid = [r for r in before if r not in locked and r not in released]
    fresh = solve(changed, time_limit=time_limit, seed=seed)
    return {
        "meetings_published": len(first.meetings),
        "locked": len(locked),
        "late_requests": len(touched["late"]),
        "cancelled_requests": len(touched["cancelled"]),
        "availability_changes": len(touched["availability"]),
        "released_by_changes": len(released),
        "released_locked": sum(1 for r in locked if r in released),
        "locked_moved": sum(1 for r in locked_valid if after.get(r) != before[r]),
        "locked_lost": sum(1 for r in locked_valid if r not in after),
        "others": len(others_valid),
        "others_moved": sum(1 for r in others_valid if r in after and after[r] != before[r]),
        "others_lost": sum(1 for r in others_valid if r not in after),
        "late_met": sum(1 for r in touched["late"] if r in after),
        "value_before": first.value,
        "value_after": again.value,
        "bound_with_locks": again.upper_bound,
        "fresh_value": fresh.value,
        "fresh_bound": fresh.upper_bound,
        "value_recovered": round(again.value / fresh.value, 5) if fresh.value else 1.0,
        "reoptimise_seconds": round(seconds, 2),
        "reoptimise_value_reached_at": again.stats.get("value_reached_at"),
        "violations": len(violations),
    }


def _fair2001(seeds: list[int]) -> list[dict[str, Any]]:
    from grappe.scheduling import check_schedule, solve
    from grappe.scheduling.generate import generate

    rows = []
    for seed in seeds:
        inst = generate("fair2001", seed=seed)
        t0 = time.perf_counter()
        s = solve(inst, time_limit=10.0, seed=seed)
        seconds = time.perf_counter() - t0
        rows.append(
            {
                "seed": seed,
                "stands": 30,
                "participants": len(inst.participants),
                "requests": len(inst.requests),
                "meetings": len(s.meetings),
                "value": s.value,
                "bound": s.upper_bound,
                "proven_optimal": bool(s.stats["proven_optimal"]),
                "bound_method": s.stats["bound_method"],
                "value_reached_at": s.stats["value_reached_at"],
                "breaks": s.stats["breaks"],
                "seconds": round(seconds, 3),
                "violations": len(check_schedule(inst, s.to_json())[1]),
            }
        )
    return rows


def _in_child(ctx: Any, fn: Any, arg: Any) -> Any:
    with ctx.Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(fn, (arg,))


# -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 2000])
    parser.add_argument("--families", nargs="+", default=list(FAMILIES), choices=FAMILIES)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--stability-size", type=int, default=2000)
    parser.add_argument(
        "--more-seeds",
        type=int,
        nargs="*",
        default=[1, 2],
        help="seeds on which only our engine runs (largest size), for robustness",
    )
    parser.add_argument("--quick", action="store_true", help="400 participants, 3 s")
    parser.add_argument(
        "--parts",
        nargs="+",
        default=["value", "compactness"],
        choices=["value", "compactness"],
        help="value: issue 4's figures; compactness: issue 15's",
    )
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.time_limit, args.stability_size = [400], 3.0, 400
        args.more_seeds = []
    ctx = mp.get_context("spawn")
    started = time.time()
    load_start = os.getloadavg()
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in load_start],
        },
        "time_limit": args.time_limit,
        "runs": [],
    }
    if "compactness" in args.parts:
        results["compactness"] = compactness.compactness_rows(args.time_limit, ctx, _in_child)
    if "value" not in args.parts:
        args.families, args.more_seeds = [], []
    for family in args.families:
        for n in args.sizes:
            base = {"family": family, "n": n, "seed": args.seed, "time_limit": args.time_limit}
            row: dict[str, Any] = {"family": family, "n": n, "seed": args.seed}
            row["instance"] = _in_child(ctx, _job, base | {"kind": "bound"})
            for kind in ("ours", "fcfs", "cpsat", "before"):
                if kind == "before":
                    got = _in_child(ctx, compactness.before_job, base)
                    if not got.get("available"):
                        print(f"{family:13s} {n:5d} before: not available", flush=True)
                        continue
                    row[kind] = got | {"peak_rss_mib": 0.0}
                else:
                    row[kind] = _in_child(ctx, _job, base | {"kind": kind})
                bound = row["instance"]["bound"]
                row[kind]["ratio"] = round(row[kind]["value"] / bound, 5) if bound else 1.0
                print(
                    f"{family:13s} {n:5d} {kind:6s} value {row[kind]['value']:9.1f} "
                    f"/ bound {bound:9.1f} = {row[kind]['ratio']:.4f}  "
                    f"{row[kind]['seconds']:6.2f} s  {row[kind]['peak_rss_mib']:7.1f} MiB",
                    flush=True,
                )
            results["runs"].append(row)
    results["more_seeds"] = []
    for family in args.families:
        for seed in args.more_seeds:
            base = {"family": family, "n": max(args.sizes), "seed": seed}
            base["time_limit"] = args.time_limit
            bound = _in_child(ctx, _job, base | {"kind": "bound"})
            ours = _in_child(ctx, _job, base | {"kind": "ours"})
            ratio = round(ours["value"] / bound["bound"], 5) if bound["bound"] else 1.0
            results["more_seeds"].append(
                {"family": family, "n": base["n"], "seed": seed, "bound": bound["bound"]}
                | {"ratio": ratio}
                | {k: ours.get(k) for k in ("value", "seconds", "value_reached_at")}
                | {"violations": ours["violations"], "peak_rss_mib": ours["peak_rss_mib"]}
            )
            print(f"{family:13s} {base['n']:5d} seed {seed}: ours {ratio:.5f}", flush=True)
    results["fair2001"] = []
    if "value" in args.parts:
        seeds = [args.seed, args.seed + 1, args.seed + 2]
        results["fair2001"] = _in_child(ctx, _fair2001, seeds)
    for r in results["fair2001"]:
        print(
            f"fair2001 seed {r['seed']}: {r['value']} = {r['bound']} at {r['value_reached_at']} s"
        )
    results["stability"] = []
    for family in args.families:
        spec = {
            "family": family,
            "n": args.stability_size,
            "seed": args.seed,
            "time_limit": args.time_limit,
            "kind": "stability",
        }
        st = _in_child(ctx, _job, spec) | {"family": family, "n": args.stability_size}
        results["stability"].append(st)
        print(
            f"stability {family}: locked moved {st['locked_moved']}, others moved "
            f"{st['others_moved']}/{st['others']}, recovered {st['value_recovered']}, "
            f"{st['reoptimise_seconds']} s",
            flush=True,
        )
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["wall_seconds"] = round(time.time() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    (args.out / "results.md").write_text(markdown(results))
    print(f"written {args.out / 'results.json'} and {args.out / 'results.md'}")
    return 0


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.2f} %"


def markdown(res: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    m = res["machine"]
    lines = [
        "# Scheduling benchmark",
        "",
        f"Time limit {res['time_limit']:g} s per method; {m['cpus']} CPUs, Python {m['python']}; "
        f"load average {m['load_average_at_start'][0]} at start, "
        f"{m.get('load_average_at_end', ['?'])[0]} at end (the machine is shared: timings are "
        "pessimistic). Bound: certified LP bound computed once per instance, the same for all "
        "three methods. Generated by `bench/scheduling/run.py`.",
        "",
        "## Value / upper bound",
        "",
        "| family | n | pairs | bound | ours | FCFS | one-shot CP-SAT | today's engine | ours: "
        "s (final value at) | CP-SAT status | peak MiB (ours / FCFS / CP-SAT) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in res["runs"]:
        inst = r["instance"]
        before = _pct(r["before"]["ratio"]) if "before" in r else "–"
        lines.append(
            f"| {r['family']} | {r['n']} | {inst['pairs']} | {inst['bound']:g} | "
            f"{_pct(r['ours']['ratio'])} | {_pct(r['fcfs']['ratio'])} | "
            f"{_pct(r['cpsat']['ratio'])} | {before} | {r['ours']['seconds']} "
            f"({r['ours'].get('value_reached_at')}) | "
            f"{r['cpsat'].get('status', '')} | {r['ours']['peak_rss_mib']:.0f} / "
            f"{r['fcfs']['peak_rss_mib']:.0f} / {r['cpsat']['peak_rss_mib']:.0f} |"
        )
    if res.get("more_seeds"):
        lines += [
            "",
            "Our engine on more seeds (value / certified bound, time, final value reached at):",
            "",
            "| family | n | seed | bound | ours | s | final value at | peak MiB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in res["more_seeds"]:
            lines.append(
                f"| {r['family']} | {r['n']} | {r['seed']} | {r['bound']:g} | "
                f"{_pct(r['ratio'])} | {r['seconds']} | {r['value_reached_at']} | "
                f"{r['peak_rss_mib']:.0f} |"
            )
    lines += [
        "",
        "## Fairness, breaks and idle slots",
        "",
        "Share of participants with requests who get no meeting; min and median meetings per "
        "participant with requests; share of mutual (requested by both sides) and of "
        "top-priority pairs met; breaks (consecutive meetings of a participant not in "
        "adjacent slots) and idle slots (empty slots between a participant's first and last "
        "meeting), total and per participant with meetings. Today's engine: the engine "
        f"before the compactness phase (revision {compactness.BEFORE_REV}), same instance and "
        "limit, same run.",
        "",
        "| family | n | method | meetings | no meeting | min | median | mutual met | "
        "top priority met | breaks | breaks / participant | idle slots | idle / participant |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    names = {"ours": "ours", "fcfs": "FCFS", "cpsat": "one-shot CP-SAT"}
    for r in res["runs"]:
        if "before" in r:
            b = r["before"]
            lines.append(
                f"| {r['family']} | {r['n']} | today's engine | – | – | – | – | – | – | "
                f"{b['breaks']} | – | {b['idle_slots']} | – |"
            )
        for kind, name in names.items():
            f = r[kind]["figures"]
            lines.append(
                f"| {r['family']} | {r['n']} | {name} | {f['meetings']} | "
                f"{_pct(f['share_without_meeting'])} | {f['min_meetings']} | "
                f"{f['median_meetings']} | {_pct(f['mutual_met_share'])} | "
                f"{_pct(f['top_priority_met_share'])} | {f['breaks']} | "
                f"{f['breaks_per_participant']} | {f['idle_slots']} | "
                f"{f['idle_slots_per_participant']} |"
            )
    lines += [
        "",
        "## The 2001 fair (30 stands)",
        "",
        "| seed | participants | requests | meetings | value | bound | proven optimal | "
        "value proven at (s) | breaks (after the whole 10 s) |",
        "|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r in res["fair2001"]:
        lines.append(
            f"| {r['seed']} | {r['participants']} | {r['requests']} | {r['meetings']} | "
            f"{r['value']:g} | {r['bound']:g} | {'yes' if r['proven_optimal'] else 'no'} | "
            f"{r['value_reached_at']} | {r['breaks']} |"
        )
    lines += [
        "",
        "## Stability after publication",
        "",
        "70 % of the published meetings locked; then 5 % late requests, 3 % cancellations, "
        "2 % availability changes. Released: meetings cancelled or made impossible by the "
        "changes. Recovered: value after re-optimisation / value of a fresh solve of the "
        "changed event (without locks).",
        "",
        "| family | n | published | locked | late / cancelled / availability | released | "
        "locked moved | others moved | late met | value recovered | value / bound with locks "
        "| re-optimise s (final value at) |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in res["stability"]:
        lines.append(
            f"| {s['family']} | {s['n']} | {s['meetings_published']} | {s['locked']} | "
            f"{s['late_requests']} / {s['cancelled_requests']} / {s['availability_changes']} | "
            f"{s['released_by_changes']} | {s['locked_moved']} | "
            f"{s['others_moved']} / {s['others']} | {s['late_met']} | "
            f"{_pct(s['value_recovered'])} | "
            f"{_pct(s['value_after'] / s['bound_with_locks'] if s['bound_with_locks'] else 1)} | "
            f"{s['reoptimise_seconds']} ({s.get('reoptimise_value_reached_at')}) |"
        )
    lines += compactness.markdown(res)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
