"""`grappe events …`: thin wrappers over the services and selectors of this app.

grappe events list                                   events, their status and figures
grappe events schedule EVENT [--time-limit S]        run the scheduling now and store it
grappe events publish EVENT                          publish the schedule (meetings get locked)
grappe events export-instance EVENT FILE             the event as a `grappe schedule` instance
grappe events sheets EVENT FILE.pdf                  every stand's timetable sheet, as PDF
grappe events timetable EVENT PARTICIPANT FILE       one participant's timetable (.pdf or .ics)

EVENT is the event's identifier (slug); PARTICIPANT is a participant id or organisation slug.
The command line acts with the rights of whoever holds the database.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from grappe.events.documents import timetable_ics, timetables_pdf
from grappe.events.models import Event
from grappe.events.scheduler import export_instance, schedule_start
from grappe.events.selectors import build_timetable, build_timetables, event_counts, stands_or_all
from grappe.events.services import COMMAND_LINE, schedule_publish


def _event(slug: str) -> Any:
    try:
        return Event.objects.select_related("network").get(slug=slug)
    except Event.DoesNotExist:
        raise SystemExit(f"grappe events: no event {slug!r}") from None


def _participant(event: Any, key: str) -> Any:
    qs = event.participants.select_related("organisation", "event")
    found = qs.filter(pk=int(key)).first() if key.isdigit() else None
    found = found or qs.filter(organisation__slug=key).first()
    if found is None:
        raise SystemExit(f"grappe events: no participant {key!r} in {event.slug!r}")
    return found


def _list(args: argparse.Namespace) -> int:
    for event in Event.objects.order_by("-start_date", "name"):
        c = event_counts(event=event)
        print(
            f"{event.slug}\t{event.start_date}\t{event.status}\t"
            f"{c['participants']} participants\t{c['accepted']} accepted requests\t"
            f"{c['meetings']} meetings"
        )
    return 0


def _schedule(args: argparse.Namespace) -> int:
    event = _event(args.event)
    run = schedule_start(
        actor=COMMAND_LINE, event=event, time_limit=args.time_limit, background=False
    )
    if run.status != "done":
        print(f"grappe events schedule: {run.error or run.status}", file=sys.stderr)
        return 1
    quality = run.stats.get("quality", {})
    gap = "—" if run.gap is None else f"{100 * run.gap:.2f} %"
    print(
        f"{run.meetings} meetings, value {run.value:g}, upper bound "
        f"{'—' if run.upper_bound is None else f'{run.upper_bound:g}'}, gap {gap}; "
        f"{quality.get('without_meeting', 0)} participants with requests but no meeting"
    )
    if run.stats.get("dropped"):
        print(f"{run.stats['dropped']} meetings dropped (taken meanwhile)", file=sys.stderr)
    return 0


def _publish(args: argparse.Namespace) -> int:
    count = schedule_publish(actor=COMMAND_LINE, event=_event(args.event))
    print(f"{count} meetings published")
    return 0


def _export_instance(args: argparse.Namespace) -> int:
    data = export_instance(actor=COMMAND_LINE, event=_event(args.event))
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if args.file == "-":
        print(text)
    else:
        Path(args.file).write_text(text + "\n", encoding="utf-8")
        print(
            f"{len(data['participants'])} participants, {len(data['requests'])} requests, "
            f"{len(data['slots'])} slots written to {args.file}"
        )
    return 0


def _sheets(args: argparse.Namespace) -> int:
    event = _event(args.event)
    sheets = build_timetables(event, stands_or_all(event), only_published=False)
    Path(args.file).write_bytes(timetables_pdf(sheets))
    print(f"{len(sheets)} sheets written to {args.file}")
    return 0


def _timetable(args: argparse.Namespace) -> int:
    event = _event(args.event)
    sheet = build_timetable(_participant(event, args.participant), only_published=False)
    if args.file.endswith(".ics"):
        Path(args.file).write_bytes(timetable_ics(sheet))
    else:
        Path(args.file).write_bytes(timetables_pdf([sheet]))
    print(f"{sheet.meetings} meetings written to {args.file}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="grappe events", description="Exchange fairs and B2B meetings."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="events, their status and figures")
    schedule = sub.add_parser("schedule", help="run the scheduling now and store the result")
    schedule.add_argument("event")
    schedule.add_argument("--time-limit", type=float, default=10.0, metavar="S")
    publish = sub.add_parser("publish", help="publish the schedule")
    publish.add_argument("event")
    export = sub.add_parser("export-instance", help="the event as a scheduling instance (JSON)")
    export.add_argument("event")
    export.add_argument("file", help="output file, or - for the standard output")
    sheets = sub.add_parser("sheets", help="every stand's timetable sheet as one PDF")
    sheets.add_argument("event")
    sheets.add_argument("file")
    table = sub.add_parser("timetable", help="one participant's timetable (.pdf or .ics)")
    table.add_argument("event")
    table.add_argument("participant")
    table.add_argument("file")
    args = parser.parse_args(argv)

    commands = {
        "list": _list,
        "schedule": _schedule,
        "publish": _publish,
        "export-instance": _export_instance,
        "sheets": _sheets,
        "timetable": _timetable,
    }
    try:
        return commands[args.command](args)
    except ValidationError as error:
        for message in error.messages:
            print(f"grappe events {args.command}: {message}", file=sys.stderr)
        return 1
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
            return 1
        raise
