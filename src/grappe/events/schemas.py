"""Schemas of the events API. Related objects are named as elsewhere in the API: the network
and organisation by slug, people by their reference; participants, slots, requests and meetings
of an event by their numeric id."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from ninja import Field, Schema

from grappe.core.schemas import Input, Ref, Slug, partial
from grappe.directory.models import Person
from grappe.directory.schemas import NETWORK, ORGANISATION
from grappe.events.models import Event, Meeting, MeetingRequest, Participant, Slot

PEOPLE = Ref("person reference", "ref", lambda actor: Person.objects.all(), many=True)


class EventIn(Input):
    model = Event
    refs = {"network": NETWORK}

    slug: Slug
    name: str = Field(min_length=1, max_length=200)
    network: Slug = Field(description="Slug of the organising network.")
    status: Literal["draft", "open"] = "draft"
    description: str = ""
    venue: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    start_date: dt.date
    end_date: dt.date
    day_start: dt.time = dt.time(9, 0)
    day_end: dt.time = dt.time(18, 0)
    meeting_minutes: int = Field(30, ge=5, le=240)
    breaks: str = Field("", max_length=200, description="e.g. `12:30-14:00, 16:00-16:15`.")
    tables: int | None = Field(None, ge=1, description="Meetings at once; null for no limit.")
    auto_accept: bool = False


EventPatch = partial(EventIn)


class EventOut(Schema):
    slug: str
    name: str
    network: str = Field(description="Network slug.")
    status: str
    description: str
    venue: str
    address: str
    start_date: dt.date
    end_date: dt.date
    day_start: dt.time
    day_end: dt.time
    meeting_minutes: int
    breaks: str
    tables: int | None
    auto_accept: bool

    @staticmethod
    def resolve_network(obj: Event) -> str:
        return obj.network.slug


class SlotOut(Schema):
    id: int
    start: dt.datetime
    end: dt.datetime


class EventDetailOut(EventOut):
    slots: list[SlotOut]

    @staticmethod
    def resolve_slots(obj: Event) -> list[Slot]:
        return list(obj.slots.order_by("start"))


class ParticipantIn(Input):
    model = Participant
    refs = {"organisation": ORGANISATION, "representatives": PEOPLE}

    organisation: Slug
    stand: bool = False
    location: str = Field("", max_length=40)
    capacity: int = Field(1, ge=1, le=20)
    profile: str = ""
    looking_for: str = ""
    representatives: list[str] = Field(default_factory=list, description="Person references.")
    absent_slots: list[int] = Field(
        default_factory=list, description="Ids of the slots when nobody can meet."
    )

    def split(self, actor: Any, event: Event) -> tuple[dict[str, Any], list[Slot] | None]:
        """The service's data, and the absent slots (None when not sent)."""
        data = self.to_data(actor)
        absent = data.pop("absent_slots", None)
        if absent is None:
            return data, None
        slots = list(event.slots.filter(pk__in=absent))
        unknown = sorted(set(absent) - {s.pk for s in slots})
        if unknown:
            raise ValidationError(
                {"absent_slots": f"Unknown slot of this event: {', '.join(map(str, unknown))}."}
            )
        return data, slots


ParticipantPatch = partial(ParticipantIn)


class ParticipantOut(Schema):
    id: int
    organisation: str = Field(description="Organisation slug.")
    name: str
    stand: bool
    location: str
    capacity: int
    profile: str
    looking_for: str
    representatives: list[str] = Field(description="Names of the representatives.")
    absent_slots: list[int]

    @staticmethod
    def resolve_organisation(obj: Participant) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_name(obj: Participant) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_representatives(obj: Participant) -> list[str]:
        return [str(p) for p in obj.representatives.all()]

    @staticmethod
    def resolve_absent_slots(obj: Participant) -> list[int]:
        return sorted(s.pk for s in obj.absent_slots.all())


class RequestIn(Schema):
    source: int = Field(description="Id of the participant asking (one you act for).")
    target: int = Field(description="Id of the participant asked.")
    message: str = Field("", max_length=2000)
    priority: int = Field(2, ge=1, le=3, description="1 low, 2 normal, 3 high.")


class RequestPatch(Schema):
    message: str | None = Field(None, max_length=2000)
    priority: int | None = Field(None, ge=1, le=3)


class RequestOut(Schema):
    id: int
    source: int
    target: int
    source_name: str
    target_name: str
    message: str
    priority: int
    status: str
    last_minute: bool
    created_at: dt.datetime
    answered_at: dt.datetime | None

    @staticmethod
    def resolve_source(obj: MeetingRequest) -> int:
        return obj.source_id

    @staticmethod
    def resolve_target(obj: MeetingRequest) -> int:
        return obj.target_id

    @staticmethod
    def resolve_source_name(obj: MeetingRequest) -> str:
        return obj.source.organisation.name

    @staticmethod
    def resolve_target_name(obj: MeetingRequest) -> str:
        return obj.target.organisation.name


class BookingIn(Schema):
    source: int = Field(description="Id of the participant booking (one you act for).")
    target: int = Field(description="Id of the participant booked.")
    slot: int
    message: str = Field("", max_length=2000)


class MeetingOut(Schema):
    id: int
    request: int
    slot: int
    start: dt.datetime
    end: dt.datetime
    first: int
    second: int
    first_name: str
    second_name: str
    table: int | None
    locked: bool
    published: bool
    last_minute: bool
    first_outcome: str
    second_outcome: str

    @staticmethod
    def resolve_request(obj: Meeting) -> int:
        return obj.request_id

    @staticmethod
    def resolve_slot(obj: Meeting) -> int:
        return obj.slot_id

    @staticmethod
    def resolve_start(obj: Meeting) -> dt.datetime:
        return obj.slot.start

    @staticmethod
    def resolve_end(obj: Meeting) -> dt.datetime:
        return obj.slot.end

    @staticmethod
    def resolve_first(obj: Meeting) -> int:
        return obj.first_id

    @staticmethod
    def resolve_second(obj: Meeting) -> int:
        return obj.second_id

    @staticmethod
    def resolve_first_name(obj: Meeting) -> str:
        return obj.first.organisation.name

    @staticmethod
    def resolve_second_name(obj: Meeting) -> str:
        return obj.second.organisation.name


class OutcomeIn(Schema):
    participant: int = Field(description="Id of the side recording (one you act for).")
    outcome: Literal["not_held", "none", "follow_up", "deal"]


class ScheduleIn(Schema):
    time_limit: float = Field(10.0, ge=0.5, le=600)
    wait: bool = Field(
        False, description="Run now and answer when done, instead of in the background."
    )


class RunOut(Schema):
    id: int
    status: str
    reoptimise: bool
    progress: float
    message: str
    time_limit: float
    value: float | None
    upper_bound: float | None
    gap: float | None
    meetings: int | None
    error: str
    stats: dict[str, Any]
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class ScheduleOut(Schema):
    run: RunOut | None
    quality: dict[str, Any]


class TimetableMeetingOut(Schema):
    meeting: int
    with_participant: int
    with_name: str
    representatives: list[str]
    table: int | None
    published: bool
    last_minute: bool


class TimetableSlotOut(Schema):
    slot: int
    start: dt.datetime
    end: dt.datetime
    absent: bool
    free: int
    meetings: list[TimetableMeetingOut]


class TimetableOut(Schema):
    participant: int
    name: str
    slots: list[TimetableSlotOut]
