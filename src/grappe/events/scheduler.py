"""The scheduling service: from the database to the engine (grappe.scheduling) and back.

`schedule_start` records a run and works it out in a background thread of the web process (no
extra server to run); the run's row holds the progress the organiser's page polls, then the
schedule's value, the engine's certified upper bound and the gap. Published and locked meetings
stay where they are: the engine gets them as locked meetings and re-optimises around them.
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grappe.audit.models import ChangeAction
from grappe.audit.services import log_change
from grappe.events import rules
from grappe.events.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    RunStatus,
    ScheduleRun,
    Seat,
)
from grappe.events.services import COMMAND_LINE, allow
from grappe.scheduling.model import (
    Instance,
    check_meetings_rules,
    instance_to_json,
)
from grappe.scheduling.model import Meeting as EngineMeeting
from grappe.scheduling.model import Participant as EngineParticipant
from grappe.scheduling.model import Request as EngineRequest
from grappe.scheduling.model import Schedule as EngineSchedule
from grappe.scheduling.model import Slot as EngineSlot

log = logging.getLogger(__name__)

MIN_TIME_LIMIT, MAX_TIME_LIMIT = 0.5, 600.0
# A run whose row has not moved for this long past its time limit died with its process.
STALE_AFTER = 120.0
PROGRESS_EVERY = 0.5  # seconds between two progress writes


# From the database to an engine instance -----------------------------------------------------


@dataclass(frozen=True)
class EventInstance:
    """An event as the engine sees it, with the way back from engine ids to rows."""

    instance: Instance
    slots: dict[str, int]  # engine id -> Slot pk
    participants: dict[str, int]
    requests: dict[str, int]
    previous: tuple[EngineMeeting, ...]  # the meetings stored now
    frozen: frozenset[str]  # request ids of published or locked meetings


def build_instance(event: Event) -> EventInstance:
    """The event's slots, participants, accepted requests and confirmed meetings."""
    slots = list(event.slots.order_by("start"))
    participants = list(
        event.participants.select_related("organisation").prefetch_related("absent_slots")
    )
    requests = list(event.requests.filter(status=RequestStatus.ACCEPTED).order_by("pk"))
    meetings = list(event.meetings.select_related("request").order_by("pk"))
    slot_id = {s.pk: f"s{s.pk}" for s in slots}
    part_id = {p.pk: f"p{p.pk}" for p in participants}
    req_id = {r.pk: f"r{r.pk}" for r in requests}

    confirmed = [m for m in meetings if m.locked or m.published]
    # A confirmed meeting is a promise: its slot counts as available for both sides.
    promised: dict[int, set[int]] = defaultdict(set)
    for m in confirmed:
        promised[m.first_id].add(m.slot_id)
        promised[m.second_id].add(m.slot_id)
    engine_participants = []
    for p in participants:
        absent = {s.pk for s in p.absent_slots.all()} - promised[p.pk]
        available = None
        if absent:
            available = frozenset(slot_id[s.pk] for s in slots if s.pk not in absent)
        engine_participants.append(
            EngineParticipant(part_id[p.pk], p.organisation.name, p.capacity, available)
        )

    def engine_meeting(m: Meeting) -> EngineMeeting | None:
        if m.request_id not in req_id:
            return None
        return EngineMeeting(req_id[m.request_id], slot_id[m.slot_id], m.table)

    previous = tuple(e for e in map(engine_meeting, meetings) if e is not None)
    locked = tuple(e for e in map(engine_meeting, confirmed) if e is not None)
    instance = Instance(
        slots=tuple(
            EngineSlot(slot_id[s.pk], timezone.localtime(s.start), timezone.localtime(s.end))
            for s in slots
        ),
        participants=tuple(engine_participants),
        requests=tuple(
            EngineRequest(req_id[r.pk], part_id[r.source_id], part_id[r.target_id], r.priority)
            for r in requests
        ),
        tables=event.tables,
        locked=locked,
    )
    problems = check_meetings_rules(instance, list(locked), "locked")
    if problems:
        raise ValidationError([_("Confirmed meetings break a rule:")] + [str(p) for p in problems])
    return EventInstance(
        instance=instance,
        slots={v: k for k, v in slot_id.items()},
        participants={v: k for k, v in part_id.items()},
        requests={v: k for k, v in req_id.items()},
        previous=previous,
        frozen=frozenset(m.request for m in locked),
    )


def export_instance(*, actor: Any, event: Event) -> dict[str, Any]:
    """The event in the engine's JSON format (docs/scheduling.md), for `grappe schedule`."""
    allow(actor, rules.can_schedule_event(actor, event))
    return instance_to_json(build_instance(event).instance)


# Runs ----------------------------------------------------------------------------------------


def schedule_start(
    *,
    actor: Any,
    event: Event,
    time_limit: float = 10.0,
    background: bool = True,
    engine: Any = None,
) -> ScheduleRun:
    """Record a run and start it: in a thread of this process, or here and now."""
    allow(actor, rules.can_schedule_event(actor, event))
    try:
        time_limit = float(time_limit)
    except (TypeError, ValueError):
        raise ValidationError({"time_limit": _("Expected a number of seconds.")}) from None
    if not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT:
        raise ValidationError(
            {
                "time_limit": _("Between %(lo)s and %(hi)s seconds.")
                % {"lo": MIN_TIME_LIMIT, "hi": int(MAX_TIME_LIMIT)}
            }
        )
    if not event.slots.exists():
        raise ValidationError(_("The event has no slot: check its days and hours."))
    _expire_stale_runs(event)
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            run = ScheduleRun.objects.create(
                event=event,
                created_by=user,
                time_limit=time_limit,
                reoptimise=event.meetings.filter(Q(locked=True) | Q(published=True)).exists(),
                message=_("Waiting to start…"),
            )
            log_change(
                actor=None if actor is COMMAND_LINE else actor,
                action=ChangeAction.UPDATED,
                instance=event,
                fields=["schedule"],
                public=False,
            )
    except IntegrityError:
        raise ValidationError(_("A scheduling run is already under way for this event.")) from None
    if background:
        thread = threading.Thread(
            target=_run_in_thread, args=(run.pk, engine), name=f"schedule-{run.pk}", daemon=True
        )
        transaction.on_commit(thread.start)
    else:
        schedule_execute(run.pk, engine=engine)
        run.refresh_from_db()
    return run


def _run_in_thread(run_pk: int, engine: Any) -> None:
    close_old_connections()
    try:
        schedule_execute(run_pk, engine=engine)
    finally:
        connection.close()


def _expire_stale_runs(event: Event) -> None:
    now = timezone.now()
    for run in event.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]):
        if (now - run.updated_at).total_seconds() > run.time_limit + STALE_AFTER:
            ScheduleRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED,
                error=_("Interrupted (the server stopped during the run)."),
                finished_at=now,
            )


class _Progress:
    """Turns the engine's progress reports into throttled writes on the run's row."""

    def __init__(self, run: ScheduleRun) -> None:
        self.run_pk = run.pk
        self.time_limit = run.time_limit
        self.started = time.monotonic()
        self.last = 0.0
        self.best: float | None = None
        self.bound: float | None = None
        self.done: float | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        """The engine calls `progress(done, value, bound)` after each of its phases."""
        now = time.monotonic()
        done, value, bound = [*args, None, None, None][:3]
        value = kwargs.get("value", value)
        bound = kwargs.get("bound", bound)
        if isinstance(done, dict):  # a report as a mapping
            done, value, bound = done.get("done"), done.get("value"), done.get("bound")
        if isinstance(value, int | float) and (self.best is None or value > self.best):
            self.best = float(value)
        if isinstance(bound, int | float) and bound != float("inf"):
            self.bound = float(bound)
        if isinstance(done, int | float):
            self.done = max(0.0, min(float(done), 1.0))
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        self.write(_("Searching for better schedules…"))

    def write(self, message: str, fraction: float | None = None) -> None:
        elapsed = time.monotonic() - self.started
        if fraction is None:
            fraction = self.done if self.done is not None else elapsed / max(self.time_limit, 0.1)
            fraction = min(0.95, 0.02 + 0.93 * fraction)
        if self.best is not None:
            message = f"{message} " + _("best value so far: %(v)s") % {"v": f"{self.best:g}"}
        if self.bound is not None:
            message = f"{message} " + _("(upper bound %(b)s)") % {"b": f"{self.bound:g}"}
        ScheduleRun.objects.filter(pk=self.run_pk).update(
            progress=fraction, message=message[:300], updated_at=timezone.now()
        )


def engine_module() -> Any:
    """The scheduling engine: `solve` and `reoptimise` of grappe.scheduling."""
    import grappe.scheduling

    if hasattr(grappe.scheduling, "solve"):
        return grappe.scheduling
    from grappe.scheduling import solver

    return solver


def schedule_execute(run_pk: int, *, engine: Any = None) -> ScheduleRun:
    """Work out a recorded run: build the instance, solve, store; errors end in the run's row."""
    run = ScheduleRun.objects.select_related("event").get(pk=run_pk)
    event = run.event
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), message=_("Reading the event…")
    )
    progress = _Progress(run)
    try:
        data = build_instance(event)
        progress.write(_("Solving…"), 0.02)
        schedule = _solve(data, run, progress, engine)
        progress.write(_("Storing the schedule…"), 0.97)
        stored, dropped = _store(event, data, schedule)
        from grappe.events.selectors import schedule_quality

        quality = schedule_quality(event=event)
        value = float(quality["value"])
        bound = schedule.upper_bound
        gap = None
        if bound is not None:
            gap = 0.0 if bound <= 0 else max(0.0, (bound - value) / bound)
        stats = {"quality": quality, "engine": _plain(dict(schedule.stats or {}))}
        if dropped:
            stats["dropped"] = dropped
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            progress=1.0,
            message=_("Done."),
            value=value,
            upper_bound=bound,
            gap=gap,
            meetings=stored,
            stats=stats,
            finished_at=timezone.now(),
        )
        if event.status in (EventStatus.DRAFT, EventStatus.OPEN):
            Event.objects.filter(pk=event.pk).update(status=EventStatus.SCHEDULED)
    except Exception as error:  # the run's row must say it failed, whatever happened
        log.exception("scheduling run %s failed", run.pk)
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            message=_("Failed."),
            error=message or error.__class__.__name__,
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


def _solve(
    data: EventInstance, run: ScheduleRun, progress: Callable[..., None], engine: Any
) -> EngineSchedule:
    instance = data.instance
    if not instance.requests:
        return EngineSchedule(meetings=(), value=0.0, upper_bound=0.0)
    if engine is None:
        engine = engine_module()
    keep = [m for m in data.previous if m.request in data.frozen]
    if keep:
        # Re-optimise around the confirmed meetings, starting from the stored schedule.
        previous = EngineSchedule(meetings=data.previous, value=0.0)
        return _call(
            engine.reoptimise,
            instance,
            previous,
            frozen=set(data.frozen),
            allow_moves=False,
            time_limit=run.time_limit,
            progress=progress,
        )
    return _call(engine.solve, instance, time_limit=run.time_limit, progress=progress)


def _call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call the engine with the keyword arguments its signature takes."""
    try:
        params = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return function(*args, **kwargs)
    if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        kwargs = {k: v for k, v in kwargs.items() if k in params}
    return function(*args, **kwargs)


def _plain(value: Any) -> Any:
    """Engine statistics as JSON-storable values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | bool) or value is None:
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    return str(value)


def _store(event: Event, data: EventInstance, schedule: EngineSchedule) -> tuple[int, int]:
    """Replace the event's unconfirmed meetings by the schedule's; returns (stored, dropped).

    Seats and tables are numbered here. A meeting that no longer fits (a last-minute booking
    took its place while the engine ran) is dropped and counted, never forced in.
    """
    with transaction.atomic():
        list(Event.objects.select_for_update().filter(pk=event.pk))
        event.meetings.filter(locked=False, published=False).delete()
        kept = list(event.meetings.all())
        pairs = {(m.first_id, m.second_id) for m in kept}
        tables_used: dict[int, set[int]] = defaultdict(set)
        for m in kept:
            if m.table is not None:
                tables_used[m.slot_id].add(m.table)
        seats_used: dict[tuple[int, int], set[int]] = defaultdict(set)
        for seat in Seat.objects.filter(meeting__event=event):
            seats_used[(seat.participant_id, seat.slot_id)].add(seat.number)
        capacity = dict(Participant.objects.filter(event=event).values_list("pk", "capacity"))
        requests = {
            r.pk: r
            for r in MeetingRequest.objects.filter(pk__in=data.requests.values()).only(
                "pk", "source_id", "target_id"
            )
        }
        new: list[Meeting] = []
        seats: list[tuple[Meeting, int, int, int]] = []
        dropped = 0
        for em in sorted(schedule.meetings, key=lambda m: (m.slot, m.request)):
            request = requests.get(data.requests.get(em.request, -1))
            slot_pk = data.slots.get(em.slot)
            if request is None or slot_pk is None:
                dropped += 1
                continue
            a, b = sorted((request.source_id, request.target_id))
            if (a, b) in pairs:
                continue  # confirmed already (or the same pair twice)
            numbers = [_free(seats_used[(p, slot_pk)], capacity.get(p, 0)) for p in (a, b)]
            table = None
            if event.tables is not None:
                used = tables_used[slot_pk]
                table = em.table if em.table and em.table not in used else None
                table = table if table and table <= event.tables else _free(used, event.tables)
            if None in numbers or (event.tables is not None and table is None):
                dropped += 1
                continue
            meeting = Meeting(
                event=event, request=request, slot_id=slot_pk, first_id=a, second_id=b, table=table
            )
            new.append(meeting)
            pairs.add((a, b))
            for p, n in zip((a, b), numbers, strict=True):
                seats_used[(p, slot_pk)].add(n)  # type: ignore[arg-type]
                seats.append((meeting, p, slot_pk, n))  # type: ignore[arg-type]
            if table is not None:
                tables_used[slot_pk].add(table)
        Meeting.objects.bulk_create(new, batch_size=500)
        Seat.objects.bulk_create(
            [Seat(meeting=m, participant_id=p, slot_id=s, number=n) for m, p, s, n in seats],
            batch_size=1000,
        )
    return len(kept) + len(new), dropped


def _free(used: set[int], limit: int) -> int | None:
    return next((n for n in range(1, limit + 1) if n not in used), None)


def latest_run(event: Event) -> ScheduleRun | None:
    return event.runs.order_by("-created_at", "-pk").first()
