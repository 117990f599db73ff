"""Writes on events: the one path for pages, API and commands.

Every service checks the actor's rights (grappe.accounts.rules), validates, writes inside a
transaction and logs the change. The command line passes `COMMAND_LINE` as the actor: whoever
runs it already holds the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grappe.audit.models import ChangeAction
from grappe.audit.services import log_change, record_delete, record_save
from grappe.events import rules
from grappe.events.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    RequestStatus,
    Seat,
    Slot,
    parse_breaks,
)
from grappe.events.slots import slot_times


class CommandLine:
    """The actor of `grappe events …` commands: trusted, logged without a user."""

    is_authenticated = False
    is_superuser = False
    pk = None

    def __str__(self) -> str:
        return "command line"


COMMAND_LINE = CommandLine()

TIMING_FIELDS = ("start_date", "end_date", "day_start", "day_end", "meeting_minutes", "breaks")
PARTICIPANT_M2M = ("representatives",)


def allow(actor: Any, allowed: bool) -> None:
    """`rules.require`, with the command line let through."""
    if actor is not COMMAND_LINE:
        rules.require(allowed)


def _logged_actor(actor: Any) -> Any:
    return None if actor is COMMAND_LINE else actor


# Events --------------------------------------------------------------------------------------


def event_create(*, actor: Any, data: Mapping[str, Any]) -> Event:
    allow(actor, rules.can_create_event(actor, data.get("network")))
    with transaction.atomic():
        event = record_save(actor=_logged_actor(actor), instance=Event(), data=data)
        sync_slots(event)
    return event


def event_update(*, actor: Any, event: Event, data: Mapping[str, Any]) -> Event:
    allow(actor, rules.can_organise_event(actor, event))
    if "network" in data and data["network"] != event.network:
        allow(actor, rules.can_create_event(actor, data["network"]))
    if "status" in data and data["status"] != event.status:
        _check_status_change(event, data["status"])
    if "tables" in data and data["tables"] != event.tables:
        _check_tables(event, data["tables"])
    timing = any(k in data and data[k] != getattr(event, k) for k in TIMING_FIELDS)
    if timing and event.meetings.exists():
        raise ValidationError(
            _("Meetings are scheduled: cancel them before changing the days, hours or breaks.")
        )
    with transaction.atomic():
        event = record_save(actor=_logged_actor(actor), instance=event, data=data)
        if timing or not event.slots.exists():
            sync_slots(event)
    return event


def _check_tables(event: Event, tables: int | None) -> None:
    """Fewer tables than the scheduled meetings use would break the schedule."""
    if tables is None or not event.meetings.exists():
        return
    highest = event.meetings.aggregate(n=Max("table"))["n"]
    if event.tables is None or (highest or 0) > tables:
        raise ValidationError(
            {
                "tables": _(
                    "Scheduled meetings need more tables: cancel them or keep %(n)s tables."
                )
                % {"n": event.tables if event.tables is not None else _("no limit")}
            }
        )


def _check_status_change(event: Event, status: str) -> None:
    if status in (EventStatus.SCHEDULED, EventStatus.PUBLISHED):
        raise ValidationError(
            {"status": _("An event is scheduled by running the scheduling, then published.")}
        )
    if status == EventStatus.DRAFT and event.meetings.filter(published=True).exists():
        raise ValidationError({"status": _("A published schedule cannot go back to draft.")})


def event_delete(*, actor: Any, event: Event) -> None:
    allow(actor, rules.can_organise_event(actor, event))
    if event.meetings.filter(published=True).exists() and not rules.is_admin(actor):
        raise ValidationError(_("Only a platform administrator deletes an event once published."))
    record_delete(actor=_logged_actor(actor), instance=event)


def sync_slots(event: Event) -> list[Slot]:
    """Make the event's slots those of its days, hours, meeting length and breaks.

    Slots whose times do not change are kept (with the availability recorded on them).
    """
    tz = ZoneInfo(settings.TIME_ZONE)
    wanted = slot_times(
        start_date=event.start_date,
        end_date=event.end_date,
        day_start=event.day_start,
        day_end=event.day_end,
        minutes=event.meeting_minutes,
        breaks=parse_breaks(event.breaks),
        tz=tz,
    )
    if not wanted:
        raise ValidationError(
            {"day_end": _("No meeting fits in the opening hours: check the hours and breaks.")}
        )
    existing = {(s.start, s.end): s for s in event.slots.all()}
    keep = {key for key in existing if key in set(wanted)}
    with transaction.atomic():
        event.slots.exclude(pk__in=[existing[k].pk for k in keep]).delete()
        Slot.objects.bulk_create(
            [Slot(event=event, start=a, end=b) for a, b in wanted if (a, b) not in keep]
        )
    return list(event.slots.order_by("start"))


def event_open(*, actor: Any, event: Event) -> Event:
    """Open registrations and requests (from draft)."""
    return event_update(actor=actor, event=event, data={"status": EventStatus.OPEN})


# Participants --------------------------------------------------------------------------------


def participant_register(
    *, actor: Any, event: Event, data: Mapping[str, Any], absent_slots: Iterable[Slot] = ()
) -> Participant:
    organisation = data["organisation"]
    allow(actor, rules.can_register_for_event(actor, event, organisation))
    if event.participants.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%(name)s is already registered.") % {"name": organisation.name}}
        )
    _check_representatives(organisation, data.get("representatives", []))
    with transaction.atomic():
        participant = record_save(
            actor=_logged_actor(actor),
            instance=Participant(event=event),
            data=data,
            m2m=PARTICIPANT_M2M,
            public=False,
        )
        _set_absent(participant, absent_slots)
    return participant


def participant_update(
    *,
    actor: Any,
    participant: Participant,
    data: Mapping[str, Any],
    absent_slots: Iterable[Slot] | None = None,
) -> Participant:
    allow(actor, rules.can_edit_participant(actor, participant))
    if "organisation" in data and data["organisation"] != participant.organisation:
        raise ValidationError({"organisation": _("A registration cannot change organisation.")})
    if "representatives" in data:
        _check_representatives(participant.organisation, data["representatives"])
    with transaction.atomic():
        locked = _lock_participants([participant.pk])[0]
        capacity = data.get("capacity", locked.capacity)
        if capacity is not None and capacity < locked.capacity:
            busiest = _busiest_slot_load(locked)
            if busiest > capacity:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(n)s meetings are already scheduled in one slot: the capacity "
                            "cannot go below that."
                        )
                        % {"n": busiest}
                    }
                )
        participant = record_save(
            actor=_logged_actor(actor),
            instance=participant,
            data=data,
            m2m=PARTICIPANT_M2M,
            public=False,
        )
        if absent_slots is not None:
            _set_absent(participant, absent_slots)
    return participant


def _busiest_slot_load(participant: Participant) -> int:
    from django.db.models import Count

    row = (
        Seat.objects.filter(participant=participant)
        .values("slot")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return int(row["n"]) if row else 0


def _check_representatives(organisation: Any, people: Iterable[Any]) -> None:
    strangers = [str(p) for p in people if p.organisation_id != organisation.pk]
    if strangers:
        raise ValidationError(
            {
                "representatives": _("Not people of %(org)s: %(names)s.")
                % {"org": organisation.name, "names": ", ".join(strangers)}
            }
        )


def _set_absent(participant: Participant, absent_slots: Iterable[Slot]) -> None:
    slots = list(absent_slots)
    if any(s.event_id != participant.event_id for s in slots):
        raise ValidationError({"absent_slots": _("A slot belongs to another event.")})
    # A published or locked meeting is a promise: its slot cannot become an absence.
    busy = set(
        Meeting.objects.filter(
            Q(first=participant) | Q(second=participant), Q(published=True) | Q(locked=True)
        ).values_list("slot_id", flat=True)
    )
    clash = [s for s in slots if s.pk in busy]
    if clash:
        raise ValidationError(
            {
                "absent_slots": _("A confirmed meeting is scheduled at %(slots)s.")
                % {"slots": ", ".join(str(s) for s in clash)}
            }
        )
    participant.absent_slots.set(slots)
    # Meetings not confirmed yet in the new absences are dropped (re-scheduling places them).
    Meeting.objects.filter(
        Q(first=participant) | Q(second=participant), slot__in=slots, published=False, locked=False
    ).delete()


def participant_withdraw(*, actor: Any, participant: Participant) -> None:
    allow(actor, rules.can_edit_participant(actor, participant))
    if (
        Meeting.objects.filter(Q(first=participant) | Q(second=participant), published=True)
        .exclude(slot__end__lt=timezone.now())
        .exists()
        and actor is not COMMAND_LINE
        and not rules.can_organise_event(actor, participant.event)
    ):
        raise ValidationError(
            _("Published meetings are scheduled: ask the organiser to withdraw the registration.")
        )
    record_delete(actor=_logged_actor(actor), instance=participant, public=False)


# Requests ------------------------------------------------------------------------------------


def request_create(
    *, actor: Any, source: Participant, target: Participant, data: Mapping[str, Any]
) -> MeetingRequest:
    allow(actor, rules.can_request_meeting(actor, source))
    event = source.event
    if target.event_id != event.pk:
        raise ValidationError({"target": _("This participant is not registered to the event.")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("A participant cannot ask to meet itself.")})
    if not event.accepts_requests:
        raise ValidationError(_("The event does not accept requests yet."))
    existing = MeetingRequest.objects.filter(source=source, target=target).exclude(
        status=RequestStatus.CANCELLED
    )
    if existing.exists():
        raise ValidationError({"target": _("A request to this participant already exists.")})
    values = {k: v for k, v in data.items() if k in ("message", "priority")}
    auto = event.auto_accept
    values |= {
        "event": event,
        "source": source,
        "target": target,
        "status": RequestStatus.ACCEPTED if auto else RequestStatus.PENDING,
        "answered_at": timezone.now() if auto else None,
    }
    try:
        return record_save(
            actor=_logged_actor(actor), instance=MeetingRequest(), data=values, public=False
        )
    except IntegrityError:  # the same request sent twice at once
        raise ValidationError(
            {"target": _("A request to this participant already exists.")}
        ) from None


def request_update(
    *, actor: Any, meeting_request: MeetingRequest, data: Mapping[str, Any]
) -> MeetingRequest:
    """The sender changes its message or priority."""
    allow(actor, rules.can_cancel_request(actor, meeting_request))
    values = {k: v for k, v in data.items() if k in ("message", "priority")}
    return record_save(
        actor=_logged_actor(actor), instance=meeting_request, data=values, public=False
    )


def request_answer(*, actor: Any, meeting_request: MeetingRequest, accept: bool) -> MeetingRequest:
    allow(actor, rules.can_answer_request(actor, meeting_request))
    if meeting_request.status == RequestStatus.CANCELLED:
        raise ValidationError(_("The request was cancelled by its sender."))
    status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    if meeting_request.status == status:
        return meeting_request
    with transaction.atomic():
        if not accept:
            _release_meetings(meeting_request)
        return record_save(
            actor=_logged_actor(actor),
            instance=meeting_request,
            data={"status": status, "answered_at": timezone.now()},
            public=False,
        )


def request_cancel(*, actor: Any, meeting_request: MeetingRequest) -> MeetingRequest:
    allow(actor, rules.can_cancel_request(actor, meeting_request))
    if meeting_request.status == RequestStatus.CANCELLED:
        return meeting_request
    with transaction.atomic():
        _release_meetings(meeting_request)
        return record_save(
            actor=_logged_actor(actor),
            instance=meeting_request,
            data={"status": RequestStatus.CANCELLED},
            public=False,
        )


def _release_meetings(meeting_request: MeetingRequest) -> None:
    """The request no longer stands: its meeting goes, unless the other side asked too."""
    other = (
        MeetingRequest.objects.filter(
            source=meeting_request.target,
            target=meeting_request.source,
            status=RequestStatus.ACCEPTED,
        )
        .order_by("pk")
        .first()
    )
    meetings = Meeting.objects.filter(request=meeting_request)
    if other is not None:
        meetings.update(request=other)
    else:
        meetings.delete()


# Meetings ------------------------------------------------------------------------------------


def _pair(a: Participant, b: Participant) -> tuple[Participant, Participant]:
    return (a, b) if a.pk < b.pk else (b, a)


def _lock_participants(pks: Iterable[int]) -> list[Participant]:
    """Row locks in id order (PostgreSQL): concurrent bookings of one participant queue up."""
    return list(Participant.objects.select_for_update().filter(pk__in=list(pks)).order_by("pk"))


def _free_number(used: Iterable[int], limit: int) -> int | None:
    taken = set(used)
    return next((n for n in range(1, limit + 1) if n not in taken), None)


def _place(event: Event, slot: Slot, sides: list[Participant]) -> tuple[int | None, list[int]]:
    """A free table and a free seat of each side in `slot`, read inside the transaction."""
    seats = []
    for side in sides:
        used = Seat.objects.filter(participant=side, slot=slot).values_list("number", flat=True)
        number = _free_number(used, side.capacity)
        if number is None:
            raise ValidationError(
                _("%(name)s has no free place at %(slot)s.") % {"name": side, "slot": slot}
            )
        seats.append(number)
    table = None
    if event.tables is not None:
        used = Meeting.objects.filter(slot=slot, table__isnull=False).values_list(
            "table", flat=True
        )
        table = _free_number(used, event.tables)
        if table is None:
            raise ValidationError(_("No table is free at %(slot)s.") % {"slot": slot})
    return table, seats


def meeting_book(
    *, actor: Any, source: Participant, target: Participant, slot: Slot, message: str = ""
) -> Meeting:
    """A last-minute booking in a slot free for both sides, after publication.

    The database has the last word: a seat or table taken by a concurrent booking makes the
    insert fail, and the booking is tried again against the new state.
    """
    allow(actor, rules.can_book_meeting(actor, source))
    event = source.event
    if target.event_id != event.pk or slot.event_id != event.pk:
        raise ValidationError(_("This participant or slot is not part of the event."))
    if source.pk == target.pk:
        raise ValidationError(_("A participant cannot meet itself."))
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Bookings open once the schedule is published."))
    if slot.end <= timezone.now():
        raise ValidationError(_("This slot is over."))
    for side in (source, target):
        if side.absent_slots.filter(pk=slot.pk).exists():
            raise ValidationError(
                _("%(name)s is not available at %(slot)s.") % {"name": side, "slot": slot}
            )
    for _attempt in range(8):
        try:
            with transaction.atomic():
                return _book(actor, event, source, target, slot, message)
        except IntegrityError:
            continue  # a concurrent booking took the seat or table: look again
    raise ValidationError(_("The slot was taken meanwhile; please choose another one."))


def _book(
    actor: Any, event: Event, source: Participant, target: Participant, slot: Slot, message: str
) -> Meeting:
    first, second = _lock_participants([source.pk, target.pk])
    if Meeting.objects.filter(first=first, second=second).exists():
        raise ValidationError(_("These two participants already have a meeting."))
    table, (first_seat, second_seat) = _place(event, slot, [first, second])
    meeting_request = _booking_request(event, source, target, message)
    meeting = Meeting.objects.create(
        event=event,
        request=meeting_request,
        slot=slot,
        first=first,
        second=second,
        table=table,
        locked=True,
        published=True,
        last_minute=True,
    )
    Seat.objects.bulk_create(
        [
            Seat(meeting=meeting, participant=first, slot=slot, number=first_seat),
            Seat(meeting=meeting, participant=second, slot=slot, number=second_seat),
        ]
    )
    log_change(
        actor=_logged_actor(actor), action=ChangeAction.CREATED, instance=meeting, public=False
    )
    return meeting


def _booking_request(
    event: Event, source: Participant, target: Participant, message: str
) -> MeetingRequest:
    """The request a booking stands on: the existing one (now agreed) or a new accepted one."""
    current = MeetingRequest.objects.exclude(status=RequestStatus.CANCELLED)
    sent = current.filter(source=source, target=target).first()
    if sent is not None and sent.status == RequestStatus.DECLINED:
        raise ValidationError(_("%(name)s declined your request.") % {"name": target})
    # Booking a slot with someone who asked you is accepting their request.
    chosen = sent or current.filter(source=target, target=source).first()
    if chosen is not None:
        if chosen.status != RequestStatus.ACCEPTED:
            chosen.status, chosen.answered_at = RequestStatus.ACCEPTED, timezone.now()
            chosen.save(update_fields=["status", "answered_at"])
        return chosen
    return MeetingRequest.objects.create(
        event=event,
        source=source,
        target=target,
        message=message,
        status=RequestStatus.ACCEPTED,
        answered_at=timezone.now(),
        last_minute=True,
    )


def meeting_cancel(*, actor: Any, meeting: Meeting) -> None:
    """The organiser removes a meeting (its request stays accepted: re-scheduling may place it)."""
    allow(actor, rules.can_edit_meeting(actor, meeting))
    record_delete(actor=_logged_actor(actor), instance=meeting, public=False)


def meeting_set_locked(*, actor: Any, meeting: Meeting, locked: bool) -> Meeting:
    allow(actor, rules.can_edit_meeting(actor, meeting))
    if meeting.published and not locked:
        raise ValidationError(_("A published meeting stays where it is."))
    meeting.locked = locked
    with transaction.atomic():
        meeting.save(update_fields=["locked"])
        log_change(
            actor=_logged_actor(actor),
            action=ChangeAction.UPDATED,
            instance=meeting,
            fields=["locked"],
            public=False,
        )
    return meeting


def meeting_record_outcome(
    *, actor: Any, meeting: Meeting, participant: Participant, outcome: str
) -> Meeting:
    """One side records whether the meeting took place and what came of it."""
    allow(actor, rules.can_record_outcome(actor, meeting, participant))
    if participant.pk not in (meeting.first_id, meeting.second_id):
        raise ValidationError(_("This participant is not in the meeting."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome: %(v)s.") % {"v": outcome}})
    if meeting.slot.start > timezone.now():
        raise ValidationError(_("The outcome is recorded once the meeting has started."))
    field = "first_outcome" if participant.pk == meeting.first_id else "second_outcome"
    setattr(meeting, field, outcome)
    with transaction.atomic():
        meeting.save(update_fields=[field])
        log_change(
            actor=_logged_actor(actor),
            action=ChangeAction.UPDATED,
            instance=meeting,
            fields=[field],
            public=False,
        )
    return meeting


def schedule_publish(*, actor: Any, event: Event) -> int:
    """Publish the schedule: participants see their meetings, which are locked from now on."""
    allow(actor, rules.can_schedule_event(actor, event))
    if not event.meetings.exists():
        raise ValidationError(_("There is no schedule to publish: run the scheduling first."))
    if event.runs.filter(status__in=["queued", "running"]).exists():
        raise ValidationError(_("A scheduling run is under way: wait for it to finish."))
    with transaction.atomic():
        count = event.meetings.filter(published=False).update(published=True, locked=True)
        event.status = EventStatus.PUBLISHED
        event.save(update_fields=["status", "updated_at"])
        log_change(
            actor=_logged_actor(actor),
            action=ChangeAction.UPDATED,
            instance=event,
            fields=["status", "meetings"],
        )
    return count
