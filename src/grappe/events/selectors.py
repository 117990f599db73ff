"""Reads on events: lists, details, timetables, the overview grid and the schedule's quality."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from grappe.directory import rules as directory_rules
from grappe.directory.models import Organisation, Person
from grappe.events import rules
from grappe.events.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    RequestStatus,
    ScheduleRun,
    Seat,
    Slot,
)


def event_list(*, user: Any, query: str = "", status: str = "") -> QuerySet[Event]:
    qs = rules.visible_events(user).select_related("network")
    for word in query.split():
        qs = qs.filter(Q(name__icontains=word) | Q(venue__icontains=word))
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(n_participants=Count("participants")).order_by("-start_date", "name", "pk")


def event_detail(*, user: Any, slug: str) -> Event:
    """A visible event (raises Event.DoesNotExist otherwise)."""
    return rules.visible_events(user).select_related("network").get(slug=slug)


def my_participants(*, user: Any, event: Event) -> list[Participant]:
    return list(rules.participants_of_user(user, event).select_related("organisation"))


def acting_participant(*, user: Any, event: Event, pk: Any = None) -> Participant | None:
    """The registration the user acts as: the one asked for (`?as=`) or their first one."""
    mine = my_participants(user=user, event=event)
    if pk not in (None, ""):
        found = [p for p in mine if str(p.pk) == str(pk)]
        if found:
            return found[0]
        if rules.can_organise_event(user, event):
            return event.participants.select_related("organisation").filter(pk=pk).first()
        return None
    return mine[0] if mine else None


def registrable_organisations(*, user: Any, event: Event) -> QuerySet[Organisation]:
    """Organisations the user may register to the event and that are not registered yet."""
    if rules.can_organise_event(user, event):
        qs = directory_rules.visible_organisations(user)
    elif event.status != EventStatus.DRAFT and getattr(user, "is_authenticated", False):
        qs = Organisation.objects.filter(editors=user)
    else:
        return Organisation.objects.none()
    return qs.exclude(event_registrations__event=event).order_by("name")


def participant_list(*, user: Any, event: Event, query: str = "") -> QuerySet[Participant]:
    """Profiles of the participants, for the event's participants and organisers only."""
    if not rules.can_see_participants(user, event):
        return Participant.objects.none()
    qs = event.participants.select_related("organisation", "organisation__activity")
    for word in query.split():
        qs = qs.filter(
            Q(organisation__name__icontains=word)
            | Q(profile__icontains=word)
            | Q(looking_for__icontains=word)
        )
    return qs.prefetch_related("representatives").order_by("organisation__name", "pk")


def participant_detail(*, user: Any, event: Event, pk: int) -> Participant:
    """A participant's profile (raises Participant.DoesNotExist when not to be seen)."""
    return participant_list(user=user, event=event).get(pk=pk)


def requests_of(
    *, user: Any, event: Event, participant: Participant | None = None
) -> QuerySet[MeetingRequest]:
    """Requests the user may see: all for organisers, their own participants' otherwise."""
    qs = event.requests.select_related("source__organisation", "target__organisation")
    if participant is not None:
        if not rules.can_edit_participant(user, participant):
            return qs.none()
        qs = qs.filter(Q(source=participant) | Q(target=participant))
    elif not rules.can_organise_event(user, event):
        mine = rules.participants_of_user(user, event).values("pk")
        qs = qs.filter(Q(source__in=mine) | Q(target__in=mine))
    return qs.order_by("-created_at", "-pk")


def request_for(*, user: Any, pk: int) -> MeetingRequest:
    """A request the user is a side of, or organises (raises DoesNotExist otherwise)."""
    meeting_request = MeetingRequest.objects.select_related(
        "event", "source__organisation", "target__organisation", "source__event"
    ).get(pk=pk)
    if not (
        rules.can_edit_participant(user, meeting_request.source)
        or rules.can_edit_participant(user, meeting_request.target)
    ):
        raise MeetingRequest.DoesNotExist
    return meeting_request


def meeting_for(*, user: Any, pk: int) -> Meeting:
    """A meeting the user is a side of (published), or organises."""
    meeting = Meeting.objects.select_related(
        "event", "slot", "first__organisation", "second__organisation", "first__event"
    ).get(pk=pk)
    if rules.can_organise_event(user, meeting.event):
        return meeting
    sides = [meeting.first, meeting.second]
    if meeting.published and any(rules.acts_for_participant(user, p) for p in sides):
        return meeting
    raise Meeting.DoesNotExist


# Timetables ----------------------------------------------------------------------------------


@dataclass
class Appointment:
    meeting: Meeting
    other: Participant
    people: list[Person]
    outcome: str = ""  # what this side recorded

    @property
    def outcome_label(self) -> str:
        return str(dict(Outcome.choices).get(self.outcome, ""))


@dataclass
class TimetableRow:
    slot: Slot
    appointments: list[Appointment] = field(default_factory=list)
    absent: bool = False
    free: int = 0  # places left for a booking

    @property
    def started(self) -> bool:
        return self.slot.start <= timezone.now()


@dataclass
class Timetable:
    event: Event
    participant: Participant
    people: list[Person]
    rows: list[TimetableRow]
    only_published: bool

    @property
    def meetings(self) -> int:
        return sum(len(r.appointments) for r in self.rows)

    @property
    def days(self) -> list[tuple[Any, list[TimetableRow]]]:
        days: dict[Any, list[TimetableRow]] = {}
        for row in self.rows:
            days.setdefault(timezone.localtime(row.slot.start).date(), []).append(row)
        return list(days.items())


def timetable(*, user: Any, participant: Participant) -> Timetable:
    """A participant's day(s): its meetings slot by slot, absences and free places.

    Participants see published meetings only; organisers see the schedule under review too.
    """
    rules.require(rules.can_see_timetable(user, participant))
    event = participant.event
    only_published = not rules.can_organise_event(user, event)
    return build_timetable(participant, only_published=only_published)


def build_timetable(participant: Participant, *, only_published: bool = True) -> Timetable:
    return build_timetables(participant.event, [participant], only_published=only_published)[0]


def build_timetables(
    event: Event, participants: list[Participant], *, only_published: bool = True
) -> list[Timetable]:
    """Timetables of several participants of `event`, in a fixed number of queries."""
    ids = [p.pk for p in participants]
    slots = list(event.slots.order_by("start"))
    absent: dict[int, set[int]] = defaultdict(set)
    for p, s in Participant.absent_slots.through.objects.filter(participant_id__in=ids).values_list(
        "participant_id", "slot_id"
    ):
        absent[p].add(s)
    found = Meeting.objects.filter(Q(first_id__in=ids) | Q(second_id__in=ids), event=event)
    if only_published:
        found = found.filter(published=True)
    meetings = list(found.select_related("request"))
    sides = {m.first_id for m in meetings} | {m.second_id for m in meetings} | set(ids)
    people = Prefetch("representatives", queryset=Person.objects.order_by("last_name", "pk"))
    loaded = {
        p.pk: p
        for p in Participant.objects.filter(pk__in=sides)
        .select_related("organisation", "event")
        .prefetch_related(people)
    }
    by_slot: dict[tuple[int, int], list[Appointment]] = defaultdict(list)
    for m in meetings:
        m.first, m.second = loaded[m.first_id], loaded[m.second_id]
        for me, other, outcome in (
            (m.first_id, m.second, m.first_outcome),
            (m.second_id, m.first, m.second_outcome),
        ):
            by_slot[(me, m.slot_id)].append(
                Appointment(m, other, list(other.representatives.all()), outcome)
            )
    sheets = []
    for pk in ids:
        participant = loaded[pk]
        rows = []
        for slot in slots:
            appointments = sorted(
                by_slot.get((pk, slot.pk), []), key=lambda a: a.meeting.table or 0
            )
            away = slot.pk in absent[pk]
            rows.append(
                TimetableRow(
                    slot=slot,
                    appointments=appointments,
                    absent=away,
                    free=0 if away else max(0, participant.capacity - len(appointments)),
                )
            )
        sheets.append(
            Timetable(
                event=event,
                participant=participant,
                people=list(participant.representatives.all()),
                rows=rows,
                only_published=only_published,
            )
        )
    return sheets


SHEETS_PER_PDF = 100


def stand_timetables(*, user: Any, event: Event, page: int = 1) -> list[Timetable]:
    """The stands' sheets (every participant's if the event has no stand), for printing.

    A hundred sheets per file: `page` 2 is the next hundred.
    """
    rules.require(rules.can_organise_event(user, event))
    start = (max(1, page) - 1) * SHEETS_PER_PDF
    chosen = stands_or_all(event)[start : start + SHEETS_PER_PDF]
    return build_timetables(event, chosen, only_published=False)


def stands_or_all(event: Event) -> list[Participant]:
    participants = list(
        event.participants.select_related("organisation").order_by("location", "organisation__name")
    )
    return [p for p in participants if p.stand or p.capacity > 1] or participants


def bookable_slots(*, source: Participant, target: Participant) -> list[Slot]:
    """Slots still to come where both sides are present and have a free place, and a table."""
    event = source.event
    now = timezone.now()
    slots = list(event.slots.filter(end__gt=now).order_by("start"))
    absent = set(
        Slot.objects.filter(absent_participants__in=[source.pk, target.pk]).values_list(
            "pk", flat=True
        )
    )
    load: dict[tuple[int, int], int] = defaultdict(int)
    for p, s in Seat.objects.filter(participant__in=[source.pk, target.pk]).values_list(
        "participant_id", "slot_id"
    ):
        load[(p, s)] += 1
    per_slot = dict(event.meetings.values("slot").annotate(n=Count("pk")).values_list("slot", "n"))
    free = []
    for slot in slots:
        if slot.pk in absent:
            continue
        if load[(source.pk, slot.pk)] >= source.capacity:
            continue
        if load[(target.pk, slot.pk)] >= target.capacity:
            continue
        if event.tables is not None and per_slot.get(slot.pk, 0) >= event.tables:
            continue
        free.append(slot)
    return free


def free_places(*, event: Event) -> dict[int, int]:
    """Per participant, the places left in slots still to come (for the booking lists)."""
    now = timezone.now()
    slots = list(event.slots.filter(end__gt=now).values_list("pk", flat=True))
    absent = defaultdict(set)
    for p, s in Participant.absent_slots.through.objects.filter(
        participant__event=event
    ).values_list("participant_id", "slot_id"):
        absent[p].add(s)
    load: dict[tuple[int, int], int] = defaultdict(int)
    for p, s in Seat.objects.filter(slot__event=event).values_list("participant_id", "slot_id"):
        load[(p, s)] += 1
    out = {}
    for p, cap in event.participants.values_list("pk", "capacity"):
        out[p] = sum(max(0, cap - load[(p, s)]) for s in slots if s not in absent[p])
    return out


# The organiser's overview --------------------------------------------------------------------


@dataclass
class GridCell:
    state: str  # "meeting", "absent", "free"
    labels: list[str]
    titles: list[str]
    published: bool = True


@dataclass
class GridRow:
    participant: Participant
    cells: list[GridCell]
    meetings: int


def grid(*, user: Any, event: Event, participants: list[Participant]) -> list[GridRow]:
    """Rows of participants × columns of slots: who meets whom when, absences, free places."""
    rules.require(rules.can_organise_event(user, event))
    slots = list(event.slots.order_by("start").values_list("pk", flat=True))
    ids = [p.pk for p in participants]
    absent = defaultdict(set)
    away = Participant.absent_slots.through.objects.filter(participant_id__in=ids)
    for participant_id, slot_id in away.values_list("participant_id", "slot_id"):
        absent[participant_id].add(slot_id)
    names = dict(event.participants.values_list("pk", "organisation__name"))
    cells: dict[tuple[int, int], list[tuple[str, str, bool]]] = defaultdict(list)
    for first, second, slot, table, published in Meeting.objects.filter(
        Q(first_id__in=ids) | Q(second_id__in=ids), event=event
    ).values_list("first_id", "second_id", "slot_id", "table", "published"):
        for me, other in ((first, second), (second, first)):
            label = f"T{table}" if table else _initials(names.get(other, ""))
            cells[(me, slot)].append((label, names.get(other, ""), published))
    rows = []
    for p in participants:
        row = []
        count = 0
        for s in slots:
            found = cells.get((p.pk, s), [])
            count += len(found)
            if found:
                row.append(
                    GridCell(
                        "meeting",
                        [f[0] for f in found],
                        [f[1] for f in found],
                        all(f[2] for f in found),
                    )
                )
            elif s in absent[p.pk]:
                row.append(GridCell("absent", [], []))
            else:
                row.append(GridCell("free", [], []))
        rows.append(GridRow(p, row, count))
    return rows


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0].upper() for w in words[:3])


def slot_fill(*, event: Event) -> list[dict[str, Any]]:
    """Per slot: meetings held and the share of the tables (or of the participants) used."""
    counts = dict(event.meetings.values("slot").annotate(n=Count("pk")).values_list("slot", "n"))
    participants = event.participants.count()
    most = event.tables if event.tables is not None else max(1, participants // 2)
    rows = []
    for slot in event.slots.order_by("start"):
        n = counts.get(slot.pk, 0)
        rows.append({"slot": slot, "meetings": n, "percent": round(100 * n / most) if most else 0})
    return rows


def latest_run(*, event: Event) -> ScheduleRun | None:
    return event.runs.order_by("-created_at", "-pk").first()


def latest_done_run(*, event: Event) -> ScheduleRun | None:
    return event.runs.filter(status="done").order_by("-created_at", "-pk").first()


def run_detail(*, user: Any, event: Event, pk: int) -> ScheduleRun:
    rules.require(rules.can_schedule_event(user, event))
    return event.runs.get(pk=pk)


def schedule_quality(*, event: Event) -> dict[str, Any]:
    """The schedule's value and fairness, from what is stored.

    A pair of participants is worth the best priority of its accepted requests (a pair asked by
    both sides counts once, as in the engine). Idle gaps are the empty slots between a
    participant's first and last meeting of a day.
    """
    pairs: dict[tuple[int, int], dict[str, Any]] = {}
    for source, target, priority in event.requests.filter(
        status=RequestStatus.ACCEPTED
    ).values_list("source_id", "target_id", "priority"):
        key = (source, target) if source < target else (target, source)
        pair = pairs.setdefault(key, {"weight": 0, "sides": set()})
        pair["weight"] = max(pair["weight"], priority)
        pair["sides"].add(source)
    slot_rank = {}
    slot_day = {}
    for i, slot in enumerate(event.slots.order_by("start")):
        slot_rank[slot.pk] = i
        slot_day[slot.pk] = timezone.localtime(slot.start).date()
    meetings = list(event.meetings.values_list("first_id", "second_id", "slot_id"))
    met = {(a, b) for a, b, _ in meetings}
    busy: dict[tuple[int, Any], set[int]] = defaultdict(set)
    count: dict[int, int] = defaultdict(int)
    for a, b, s in meetings:
        for p in (a, b):
            count[p] += 1
            busy[(p, slot_day[s])].add(slot_rank[s])
    with_requests = {p for key in pairs for p in key}
    counts = sorted(count[p] for p in with_requests)
    gaps = [max(r) - min(r) + 1 - len(r) for r in busy.values()]
    mutual = [k for k, v in pairs.items() if len(v["sides"]) == 2]
    top_weight = max((v["weight"] for v in pairs.values()), default=0)
    top = [k for k, v in pairs.items() if v["weight"] == top_weight]
    value = sum(pairs[k]["weight"] for k in met if k in pairs)
    n_slots = len(slot_rank)
    tables_used = None
    if event.tables is not None and n_slots:
        tables_used = round(100 * len(meetings) / (event.tables * n_slots), 1)

    def share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    return {
        "participants": event.participants.count(),
        "participants_with_requests": len(with_requests),
        "pairs": len(pairs),
        "meetings": len(meetings),
        "value": value,
        "pairs_met_percent": share(len(met & set(pairs)), len(pairs)),
        "without_meeting": sum(1 for c in counts if c == 0),
        "without_meeting_percent": share(sum(1 for c in counts if c == 0), len(counts)),
        "min_meetings": counts[0] if counts else None,
        "median_meetings": statistics.median(counts) if counts else None,
        "max_meetings": counts[-1] if counts else None,
        "mutual_pairs": len(mutual),
        "mutual_met_percent": share(sum(1 for k in mutual if k in met), len(mutual)),
        "top_priority": top_weight,
        "top_pairs": len(top),
        "top_met_percent": share(sum(1 for k in top if k in met), len(top)),
        "idle_gaps_mean": round(statistics.mean(gaps), 2) if gaps else 0,
        "idle_gaps_max": max(gaps) if gaps else 0,
        "tables_used_percent": tables_used,
    }


def outcome_figures(*, event: Event) -> list[dict[str, Any]]:
    """What the sides recorded after the event (each side counts once per meeting)."""
    figures: dict[str, int] = defaultdict(int)
    for a, b in event.meetings.values_list("first_outcome", "second_outcome"):
        for outcome in (a, b):
            if outcome:
                figures[outcome] += 1
    if not figures:
        return []
    return [
        {"outcome": value, "label": label, "n": figures.get(value, 0)}
        for value, label in Outcome.choices
    ]


def event_counts(*, event: Event) -> dict[str, int]:
    requests = event.requests.values("status").annotate(n=Count("pk"))
    by_status = {r["status"]: r["n"] for r in requests}
    return {
        "participants": event.participants.count(),
        "stands": event.participants.filter(Q(stand=True) | Q(capacity__gt=1)).count(),
        "slots": event.slots.count(),
        "requests": sum(by_status.values()),
        "accepted": by_status.get(RequestStatus.ACCEPTED, 0),
        "pending": by_status.get(RequestStatus.PENDING, 0),
        "meetings": event.meetings.count(),
        "published": event.meetings.filter(published=True).count(),
    }


def is_scheduled(event: Event) -> bool:
    return event.status in (EventStatus.SCHEDULED, EventStatus.PUBLISHED)
