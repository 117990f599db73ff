"""`grappe schedule …`: solve, check and bound meeting-scheduling instances (JSON files).

    grappe schedule solve INSTANCE.json [--time-limit S] [--seed N] [--compactness-first]
                          [-o SCHEDULE.json]
    grappe schedule compact INSTANCE.json SCHEDULE.json [--keep REQUEST ...] [--time-limit S]
                          [--seed N] [-o SCHEDULE.json]
    grappe schedule check INSTANCE.json SCHEDULE.json [--json]
    grappe schedule bound INSTANCE.json [--time-limit S]

Exit status: 0 success (for `check`: the schedule is feasible), 1 the schedule breaks a rule
(`check`, or the schedule given to `compact`) or the mandatory requests cannot all be placed
(`solve`, the message names them), 2 bad input (unreadable file, invalid JSON, an instance
error naming the record). On any error nothing is written: the schedule file is written
(atomically) only once solving succeeded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from grappe.scheduling.bound import best_bound
from grappe.scheduling.model import (
    Instance,
    InstanceError,
    MandatoryError,
    Schedule,
    parse_instance,
    parse_meetings,
)
from grappe.scheduling.solver import check_schedule, compact, solve

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT = 0, 1, 2


class InputError(Exception):
    """A file cannot be read as the expected JSON (the message names the file)."""


def _read_json(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None


def _read_instance(path: str) -> Instance:
    data = _read_json(path)
    try:
        return parse_instance(data)
    except InstanceError as error:
        raise InputError("\n".join(f"{path}: {e}" for e in error.errors)) from None


def _write_atomically(path: str, text: str) -> None:
    """Write through a temporary file in the same folder, renamed over the target at the end."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_output(args: argparse.Namespace) -> None:
    if args.output and Path(args.output).is_dir():
        raise InputError(f"{args.output}: is a folder, expected a file name")
    if args.output and not (Path(args.output).parent or Path(".")).is_dir():
        raise InputError(f"{args.output}: the folder {Path(args.output).parent} does not exist")


def _cmd_solve(args: argparse.Namespace) -> int:
    instance = _read_instance(args.instance)
    _check_output(args)
    try:
        schedule = solve(
            instance,
            time_limit=args.time_limit,
            seed=args.seed,
            compactness_first=args.compactness_first,
        )
    except MandatoryError as error:
        print(f"{args.instance}: {error}", file=sys.stderr)
        return EXIT_INFEASIBLE
    _write_schedule(args, schedule)
    return EXIT_OK


def _cmd_compact(args: argparse.Namespace) -> int:
    instance = _read_instance(args.instance)
    data = _read_json(args.schedule)
    _check_output(args)
    try:
        meetings = parse_meetings(instance, data)
    except InstanceError as error:
        raise InputError("\n".join(f"{args.schedule}: {e}" for e in error.errors)) from None
    unknown = [r for r in args.keep if r not in instance.request_index]
    if unknown:
        raise InputError(f'--keep: unknown request "{unknown[0]}"')
    bound = data.get("upper_bound") if isinstance(data, dict) else None
    given = Schedule(
        tuple(meetings),
        0.0,
        float(bound) if isinstance(bound, int | float) and not isinstance(bound, bool) else None,
    )
    try:
        schedule = compact(
            instance, given, frozen=set(args.keep), time_limit=args.time_limit, seed=args.seed
        )
    except InstanceError as error:
        for e in error.errors:
            print(f"{args.schedule}: {e}", file=sys.stderr)
        return EXIT_INFEASIBLE
    _write_schedule(args, schedule)
    return EXIT_OK


def _write_schedule(args: argparse.Namespace, schedule: Schedule) -> None:
    text = json.dumps(schedule.to_json(), indent=1, ensure_ascii=False) + "\n"
    gap = schedule.gap
    summary = (
        f"{len(schedule.meetings)} meetings, value {schedule.value:g}, "
        f"upper bound {schedule.upper_bound:g}, gap {100 * (gap or 0):.2f} %"
        f"{' (proven optimal)' if gap == 0 else ''}, {schedule.stats.get('seconds', 0):.1f} s"
    )
    c = schedule.stats.get("compactness") or {}
    if c:
        spread = f", breaks spread {c['breaks_spread']}"
        if c.get("max_breaks_spread") is not None:
            met = "met" if c.get("fairness_met") else "NOT met"
            spread += f" (at most {c['max_breaks_spread']}: {met})"
        summary += (
            f"\nbreaks {c['breaks']} (lower bound {c['breaks_lower_bound']}, gap "
            f"{100 * c['breaks_gap']:.2f} %{', proven optimal' if c['proven_optimal'] else ''}), "
            f"idle slots {c['idle_slots']}{spread}"
        )
    if args.output:
        _write_atomically(args.output, text)
        print(f"{args.output}: {summary}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        print(summary, file=sys.stderr)


def _cmd_check(args: argparse.Namespace) -> int:
    instance = _read_instance(args.instance)
    data = _read_json(args.schedule)
    value, violations = check_schedule(instance, data)
    if args.json:
        out = {"feasible": not violations, "value": value, "violations": violations}
        print(json.dumps(out, indent=1, ensure_ascii=False))
    else:
        for v in violations:
            print(f"{args.schedule}: {v}")
        state = "infeasible" if violations else "feasible"
        count = len(data.get("meetings", [])) if isinstance(data, dict) else 0
        print(f"{args.schedule}: {state}, {count} meetings, value {value:g}")
    return EXIT_INFEASIBLE if violations else EXIT_OK


def _cmd_bound(args: argparse.Namespace) -> int:
    instance = _read_instance(args.instance)
    r = best_bound(instance.problem, None, args.time_limit)
    out = {
        "upper_bound": r.value,
        "method": r.method,
        "lp_value": r.lp_value,
        "seconds": round(r.seconds, 3),
        "columns": r.columns,
        "rows": r.rows,
        "slot_classes": r.slot_classes,
    }
    print(json.dumps(out, indent=1))
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grappe schedule", description="Meeting scheduling engine (JSON files)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("solve", help="schedule the meetings of an instance")
    p.add_argument("instance", metavar="INSTANCE.json")
    p.add_argument("--time-limit", type=float, default=10.0, metavar="S")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--compactness-first",
        action="store_true",
        help="every request must be placed; then as few breaks as possible",
    )
    p.add_argument("-o", "--output", metavar="SCHEDULE.json", help="default: standard output")
    p.set_defaults(run=_cmd_solve)
    p = sub.add_parser(
        "compact", help="the same meetings in slots with fewer breaks (only compactness)"
    )
    p.add_argument("instance", metavar="INSTANCE.json")
    p.add_argument("schedule", metavar="SCHEDULE.json")
    p.add_argument(
        "--keep", nargs="*", default=[], metavar="REQUEST", help="meetings that stay in their slot"
    )
    p.add_argument("--time-limit", type=float, default=10.0, metavar="S")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("-o", "--output", metavar="SCHEDULE.json", help="default: standard output")
    p.set_defaults(run=_cmd_compact)
    p = sub.add_parser("check", help="feasibility and value of a schedule")
    p.add_argument("instance", metavar="INSTANCE.json")
    p.add_argument("schedule", metavar="SCHEDULE.json")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(run=_cmd_check)
    p = sub.add_parser("bound", help="certified upper bound on the value of any schedule")
    p.add_argument("instance", metavar="INSTANCE.json")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="S")
    p.set_defaults(run=_cmd_bound)
    return parser


def main(argv: list[str]) -> int:
    """Run `grappe schedule ARGV…`; the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse already printed the usage message
        return int(exit_.code or 0) if exit_.code in (0, None) else EXIT_INPUT
    if getattr(args, "time_limit", 1.0) < 0:
        print("error: --time-limit must be >= 0", file=sys.stderr)
        return EXIT_INPUT
    try:
        return int(args.run(args))
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
