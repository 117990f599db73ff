"""HTTP API of events, under /api/events: events, registrations, requests, scheduling, bookings.

Each endpoint parses its input, makes one service or selector call and returns an output
schema; rights are checked by the services and selectors (grappe.events.rules).
"""

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from grappe.accounts.auth import SIGNED_IN, actor
from grappe.core.schemas import paginated
from grappe.events import rules, scheduler, selectors, services
from grappe.events.models import Event, Meeting, Participant
from grappe.events.schemas import (
    BookingIn,
    EventDetailOut,
    EventIn,
    EventOut,
    EventPatch,
    MeetingOut,
    OutcomeIn,
    ParticipantIn,
    ParticipantOut,
    ParticipantPatch,
    RequestIn,
    RequestOut,
    RequestPatch,
    RunOut,
    ScheduleIn,
    ScheduleOut,
    SlotOut,
    TimetableOut,
)

router = Router(tags=["events"])


class EventFilters(Schema):
    q: str = ""
    status: str = ""


class RequestFilters(Schema):
    status: str = ""
    participant: int | None = None


def _event(request: HttpRequest, slug: str) -> Event:
    return selectors.event_detail(user=actor(request), slug=slug)


def _participant(request: HttpRequest, event: Event, pk: int) -> Participant:
    """A participant the caller may see: any for the event's participants, else their own."""
    user = actor(request)
    participant = event.participants.select_related("organisation", "event").get(pk=pk)
    if rules.can_see_participants(user, event) or rules.can_edit_participant(user, participant):
        return participant
    raise Participant.DoesNotExist


# Events --------------------------------------------------------------------------------------


@router.get("", response=list[EventOut], summary="List events")
@paginated
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> Any:
    return selectors.event_list(user=actor(request), query=filters.q, status=filters.status)


@router.post("", response={201: EventDetailOut}, auth=SIGNED_IN, summary="Create an event")
def create_event(request: HttpRequest, payload: EventIn) -> Any:
    user = actor(request)
    return Status(201, services.event_create(actor=user, data=payload.to_data(user)))


@router.get("/{slug}", response=EventDetailOut, summary="Read an event and its slots")
def get_event(request: HttpRequest, slug: str) -> Any:
    return _event(request, slug)


@router.patch("/{slug}", response=EventDetailOut, auth=SIGNED_IN, summary="Update an event")
def update_event(request: HttpRequest, slug: str, payload: EventPatch) -> Any:
    user = actor(request)
    event = _event(request, slug)
    return services.event_update(actor=user, event=event, data=payload.to_data(user))


@router.delete("/{slug}", response={204: None}, auth=SIGNED_IN, summary="Delete an event")
def delete_event(request: HttpRequest, slug: str) -> Any:
    services.event_delete(actor=actor(request), event=_event(request, slug))
    return Status(204, None)


@router.get("/{slug}/slots", response=list[SlotOut], summary="The event's slots")
def list_slots(request: HttpRequest, slug: str) -> Any:
    return _event(request, slug).slots.order_by("start")


# Participants --------------------------------------------------------------------------------


@router.get(
    "/{slug}/participants",
    response=list[ParticipantOut],
    auth=SIGNED_IN,
    summary="Profiles of the participants (for participants and organisers)",
)
@paginated
def list_participants(request: HttpRequest, slug: str, q: str = "") -> Any:
    user = actor(request)
    event = _event(request, slug)
    rules.require(rules.can_see_participants(user, event))
    return selectors.participant_list(user=user, event=event, query=q).prefetch_related(
        "absent_slots"
    )


@router.post(
    "/{slug}/participants",
    response={201: ParticipantOut},
    auth=SIGNED_IN,
    summary="Register an organisation",
)
def register(request: HttpRequest, slug: str, payload: ParticipantIn) -> Any:
    user = actor(request)
    event = _event(request, slug)
    data, absent = payload.split(user, event)
    participant = services.participant_register(
        actor=user, event=event, data=data, absent_slots=absent or []
    )
    return Status(201, participant)


@router.get(
    "/{slug}/participants/{participant_id}",
    response=ParticipantOut,
    auth=SIGNED_IN,
    summary="Read a participant's profile",
)
def get_participant(request: HttpRequest, slug: str, participant_id: int) -> Any:
    return _participant(request, _event(request, slug), participant_id)


@router.patch(
    "/{slug}/participants/{participant_id}",
    response=ParticipantOut,
    auth=SIGNED_IN,
    summary="Update a registration (profile, capacity, representatives, absences)",
)
def update_participant(
    request: HttpRequest, slug: str, participant_id: int, payload: ParticipantPatch
) -> Any:
    user = actor(request)
    event = _event(request, slug)
    participant = _participant(request, event, participant_id)
    data, absent = payload.split(user, event)
    return services.participant_update(
        actor=user, participant=participant, data=data, absent_slots=absent
    )


@router.delete(
    "/{slug}/participants/{participant_id}",
    response={204: None},
    auth=SIGNED_IN,
    summary="Withdraw a registration",
)
def withdraw(request: HttpRequest, slug: str, participant_id: int) -> Any:
    participant = _participant(request, _event(request, slug), participant_id)
    services.participant_withdraw(actor=actor(request), participant=participant)
    return Status(204, None)


@router.get(
    "/{slug}/participants/{participant_id}/timetable",
    response=TimetableOut,
    auth=SIGNED_IN,
    summary="A participant's timetable (own, or any for organisers)",
)
def get_timetable(request: HttpRequest, slug: str, participant_id: int) -> Any:
    participant = _participant(request, _event(request, slug), participant_id)
    sheet = selectors.timetable(user=actor(request), participant=participant)
    return {
        "participant": participant.pk,
        "name": participant.organisation.name,
        "slots": [
            {
                "slot": row.slot.pk,
                "start": row.slot.start,
                "end": row.slot.end,
                "absent": row.absent,
                "free": row.free,
                "meetings": [
                    {
                        "meeting": a.meeting.pk,
                        "with_participant": a.other.pk,
                        "with_name": a.other.organisation.name,
                        "representatives": [str(p) for p in a.people],
                        "table": a.meeting.table,
                        "published": a.meeting.published,
                        "last_minute": a.meeting.last_minute,
                    }
                    for a in row.appointments
                ],
            }
            for row in sheet.rows
        ],
    }


# Requests ------------------------------------------------------------------------------------


@router.get(
    "/{slug}/requests",
    response=list[RequestOut],
    auth=SIGNED_IN,
    summary="Requests: your participants' own, or all for organisers",
)
@paginated
def list_requests(request: HttpRequest, slug: str, filters: Query[RequestFilters]) -> Any:
    user = actor(request)
    event = _event(request, slug)
    participant = None
    if filters.participant is not None:
        participant = _participant(request, event, filters.participant)
    qs = selectors.requests_of(user=user, event=event, participant=participant)
    return qs.filter(status=filters.status) if filters.status else qs


@router.post(
    "/{slug}/requests", response={201: RequestOut}, auth=SIGNED_IN, summary="Ask for a meeting"
)
def create_request(request: HttpRequest, slug: str, payload: RequestIn) -> Any:
    event = _event(request, slug)
    source = event.participants.get(pk=payload.source)
    target = _participant(request, event, payload.target)
    created = services.request_create(
        actor=actor(request),
        source=source,
        target=target,
        data={"message": payload.message, "priority": payload.priority},
    )
    return Status(201, created)


def _request(request: HttpRequest, slug: str, request_id: int) -> Any:
    meeting_request = selectors.request_for(user=actor(request), pk=request_id)
    if meeting_request.event.slug != slug:
        raise Event.DoesNotExist
    return meeting_request


@router.patch(
    "/{slug}/requests/{request_id}",
    response=RequestOut,
    auth=SIGNED_IN,
    summary="Change a request's message or priority (its sender)",
)
def update_request(request: HttpRequest, slug: str, request_id: int, payload: RequestPatch) -> Any:
    return services.request_update(
        actor=actor(request),
        meeting_request=_request(request, slug, request_id),
        data=payload.model_dump(exclude_none=True),
    )


@router.post(
    "/{slug}/requests/{request_id}/accept",
    response=RequestOut,
    auth=SIGNED_IN,
    summary="Accept a request (its receiver)",
)
def accept_request(request: HttpRequest, slug: str, request_id: int) -> Any:
    return services.request_answer(
        actor=actor(request), meeting_request=_request(request, slug, request_id), accept=True
    )


@router.post(
    "/{slug}/requests/{request_id}/decline",
    response=RequestOut,
    auth=SIGNED_IN,
    summary="Decline a request (its receiver)",
)
def decline_request(request: HttpRequest, slug: str, request_id: int) -> Any:
    return services.request_answer(
        actor=actor(request), meeting_request=_request(request, slug, request_id), accept=False
    )


@router.post(
    "/{slug}/requests/{request_id}/cancel",
    response=RequestOut,
    auth=SIGNED_IN,
    summary="Cancel a request (its sender)",
)
def cancel_request(request: HttpRequest, slug: str, request_id: int) -> Any:
    return services.request_cancel(
        actor=actor(request), meeting_request=_request(request, slug, request_id)
    )


# Meetings and bookings -----------------------------------------------------------------------


def _meetings_qs() -> Any:
    return Meeting.objects.select_related("slot", "first__organisation", "second__organisation")


@router.get(
    "/{slug}/meetings",
    response=list[MeetingOut],
    auth=SIGNED_IN,
    summary="Meetings: all for organisers, your participants' published ones otherwise",
)
@paginated
def list_meetings(request: HttpRequest, slug: str) -> Any:
    user = actor(request)
    event = _event(request, slug)
    qs = _meetings_qs().filter(event=event)
    if not rules.can_organise_event(user, event):
        mine = rules.participants_of_user(user, event).values("pk")
        qs = qs.filter(Q(first__in=mine) | Q(second__in=mine), published=True)
    return qs.order_by("slot__start", "table", "pk")


@router.post(
    "/{slug}/bookings",
    response={201: MeetingOut},
    auth=SIGNED_IN,
    summary="Book a free slot with a participant (last minute, after publication)",
)
def book(request: HttpRequest, slug: str, payload: BookingIn) -> Any:
    event = _event(request, slug)
    source = event.participants.get(pk=payload.source)
    target = _participant(request, event, payload.target)
    meeting = services.meeting_book(
        actor=actor(request),
        source=source,
        target=target,
        slot=event.slots.get(pk=payload.slot),
        message=payload.message,
    )
    return Status(201, _meetings_qs().get(pk=meeting.pk))


@router.post(
    "/{slug}/meetings/{meeting_id}/outcome",
    response=MeetingOut,
    auth=SIGNED_IN,
    summary="Record whether a meeting took place and its outcome (one side)",
)
def record_outcome(request: HttpRequest, slug: str, meeting_id: int, payload: OutcomeIn) -> Any:
    user = actor(request)
    meeting = selectors.meeting_for(user=user, pk=meeting_id)
    if meeting.event.slug != slug:
        raise Meeting.DoesNotExist
    participant = meeting.event.participants.get(pk=payload.participant)
    services.meeting_record_outcome(
        actor=user, meeting=meeting, participant=participant, outcome=payload.outcome
    )
    return _meetings_qs().get(pk=meeting.pk)


# Scheduling ----------------------------------------------------------------------------------


@router.post(
    "/{slug}/schedule",
    response={202: RunOut, 200: RunOut},
    auth=SIGNED_IN,
    summary="Run the scheduling (organisers): in the background, or `wait` for the result",
)
def run_schedule(request: HttpRequest, slug: str, payload: ScheduleIn) -> Any:
    run = scheduler.schedule_start(
        actor=actor(request),
        event=_event(request, slug),
        time_limit=payload.time_limit,
        background=not payload.wait,
    )
    return Status(200 if payload.wait else 202, run)


@router.get(
    "/{slug}/schedule",
    response=ScheduleOut,
    auth=SIGNED_IN,
    summary="The latest run (progress or result) and the schedule's quality (organisers)",
)
def get_schedule(request: HttpRequest, slug: str) -> Any:
    event = _event(request, slug)
    rules.require(rules.can_schedule_event(actor(request), event))
    return {
        "run": selectors.latest_run(event=event),
        "quality": selectors.schedule_quality(event=event),
    }


@router.get(
    "/{slug}/schedule/runs/{run_id}",
    response=RunOut,
    auth=SIGNED_IN,
    summary="One scheduling run",
)
def get_run(request: HttpRequest, slug: str, run_id: int) -> Any:
    return selectors.run_detail(user=actor(request), event=_event(request, slug), pk=run_id)


@router.post(
    "/{slug}/publish",
    response=dict[str, int],
    auth=SIGNED_IN,
    summary="Publish the schedule (organisers): meetings become visible and locked",
)
def publish(request: HttpRequest, slug: str) -> Any:
    count = services.schedule_publish(actor=actor(request), event=_event(request, slug))
    return {"published": count}


@router.get(
    "/{slug}/instance",
    response=dict[str, Any],
    auth=SIGNED_IN,
    summary="The event as a scheduling instance (the engine's JSON format, organisers)",
)
def get_instance(request: HttpRequest, slug: str) -> Any:
    return scheduler.export_instance(actor=actor(request), event=_event(request, slug))
