"""Exchange fairs and B2B meeting events: slots, participants, requests, meetings, runs.

The rules that must hold even under concurrent last-minute bookings are database constraints:
- a pair of participants meets at most once (`meeting_pair_once`);
- a table holds one meeting per slot (`meeting_table_once`), and tables are numbered from 1 to
  the event's count, so a slot never holds more meetings than there are tables;
- every meeting takes one *seat* of each side in its slot, and seats are numbered from 1 to the
  participant's capacity (`seat_once`): nobody is in more meetings than its capacity.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grappe.directory.models import Network, Organisation, Person

BREAK_RE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


def parse_breaks(text: str) -> list[tuple[dt.time, dt.time]]:
    """Breaks typed as `12:30-14:00, 16:00-16:15` (commas, semicolons or new lines)."""
    breaks = []
    for part in re.split(r"[,;\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        match = BREAK_RE.match(part)
        if not match:
            raise ValidationError(
                _("“%(value)s” is not a break such as 12:30-14:00."),
                code="invalid",
                params={"value": part},
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            start, end = dt.time(h1, m1), dt.time(h2, m2)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a valid time range."), code="invalid", params={"value": part}
            ) from None
        if end <= start:
            raise ValidationError(
                _("The break “%(value)s” ends before it starts."),
                code="invalid",
                params={"value": part},
            )
        breaks.append((start, end))
    return sorted(breaks)


def validate_breaks(text: str) -> None:
    parse_breaks(text)


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (seen by the organisers only)")
    OPEN = "open", _("Open to registrations and requests")
    SCHEDULED = "scheduled", _("Scheduled (under review)")
    PUBLISHED = "published", _("Schedule published")


class Event(models.Model):
    """An exchange fair or a B2B meeting event organised by a network."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("identifier"), max_length=120, unique=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("organising network"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    day_start = models.TimeField(_("meetings start at"), default=dt.time(9, 0))
    day_end = models.TimeField(_("meetings end at"), default=dt.time(18, 0))
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    breaks = models.CharField(
        _("breaks"),
        max_length=200,
        blank=True,
        validators=[validate_breaks],
        help_text=_("Times without meetings each day, e.g. 12:30-14:00, 16:00-16:15."),
    )
    tables = models.PositiveIntegerField(
        _("tables"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many meetings can be held at once; empty for no limit."),
    )
    auto_accept = models.BooleanField(
        _("accept requests automatically"),
        default=False,
        help_text=_("Requests are accepted at once instead of waiting for the receiver."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(day_end__gt=F("day_start")), name="event_day_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = _("The last day cannot be before the first day.")
            elif (self.end_date - self.start_date).days > 13:
                errors["end_date"] = _("An event lasts two weeks at most.")
        if self.day_start and self.day_end and self.day_end <= self.day_start:
            errors["day_end"] = _("Meetings must end after they start.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def accepts_requests(self) -> bool:
        return self.status != EventStatus.DRAFT


class Slot(models.Model):
    """A time in which meetings are held, generated from the event's hours and breaks."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="slots"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["event", "start"]
        constraints = [
            models.UniqueConstraint(fields=["event", "start"], name="slot_start_once"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_end_after_start"),
        ]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


class Participant(models.Model):
    """An organisation registered to an event, with its representatives.

    A stand is a participant that stays at a fixed place and receives visitors; with a capacity
    above 1 it holds several meetings at once (several staff).
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    representatives = models.ManyToManyField(
        Person, verbose_name=_("representatives"), blank=True, related_name="event_registrations"
    )
    stand = models.BooleanField(
        _("stand"), default=False, help_text=_("Receives visitors at a fixed place.")
    )
    location = models.CharField(
        _("stand or table number"), max_length=40, blank=True, help_text=_("e.g. Stand 12")
    )
    capacity = models.PositiveSmallIntegerField(
        _("meetings at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many meetings it can hold in the same slot (people on the stand)."),
    )
    profile = models.TextField(
        _("profile"), blank=True, help_text=_("Shown to the other participants.")
    )
    looking_for = models.TextField(_("looking for"), blank=True)
    absent_slots = models.ManyToManyField(
        Slot, verbose_name=_("slots when absent"), blank=True, related_name="absent_participants"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="participant_registered_once"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="participant_capacity_min"),
        ]

    def __str__(self) -> str:
        return self.organisation.name


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")


class Priority(models.IntegerChoices):
    LOW = 1, _("low")
    NORMAL = 2, _("normal")
    HIGH = 3, _("high")


class MeetingRequest(models.Model):
    """A participant asks to meet another one; the receiver accepts or declines."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="requests"
    )
    source = models.ForeignKey(
        Participant, verbose_name=_("from"), on_delete=models.CASCADE, related_name="sent"
    )
    target = models.ForeignKey(
        Participant, verbose_name=_("to"), on_delete=models.CASCADE, related_name="received"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    last_minute = models.BooleanField(_("last-minute booking"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["event", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="request_not_to_self"),
            models.UniqueConstraint(
                fields=["source", "target"],
                condition=~Q(status="cancelled"),
                name="request_once_per_direction",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class Outcome(models.TextChoices):
    NOT_HELD = "not_held", _("did not take place")
    NONE = "none", _("held, no follow-up")
    FOLLOW_UP = "follow_up", _("held, follow-up planned")
    DEAL = "deal", _("held, deal made")


class Meeting(models.Model):
    """A scheduled meeting of two participants in a slot, at a table if the event has tables.

    `first` and `second` are the two sides in the order of their ids, so that the pair is unique
    whichever side asked.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meetings"
    )
    request = models.ForeignKey(
        MeetingRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.CASCADE, related_name="meetings"
    )
    first = models.ForeignKey(
        Participant, verbose_name=_("first side"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        Participant, verbose_name=_("second side"), on_delete=models.CASCADE, related_name="+"
    )
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Re-scheduling keeps it where it is.")
    )
    published = models.BooleanField(_("published"), default=False)
    last_minute = models.BooleanField(_("last-minute booking"), default=False)
    first_outcome = models.CharField(
        _("outcome for the first side"), max_length=10, choices=Outcome.choices, blank=True
    )
    second_outcome = models.CharField(
        _("outcome for the second side"), max_length=10, choices=Outcome.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__start", "table", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="meeting_pair_once"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="meeting_pair_order"),
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(table__isnull=False),
                name="meeting_table_once",
            ),
            models.CheckConstraint(
                condition=Q(table__isnull=True) | Q(table__gte=1), name="meeting_table_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot}: {self.first} – {self.second}"

    def other(self, participant: Participant) -> Participant:
        return self.second if participant.pk == self.first_id else self.first


class Seat(models.Model):
    """One side's place in a meeting: numbered up to the participant's capacity in the slot."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot", "number"], name="seat_once"),
            models.UniqueConstraint(fields=["meeting", "participant"], name="seat_per_side"),
            models.CheckConstraint(condition=Q(number__gte=1), name="seat_number_min"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} #{self.number} @ {self.slot}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ScheduleRun(models.Model):
    """One run of the scheduling engine on an event: its progress, then its result's quality."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reoptimise = models.BooleanField(_("keeps published and locked meetings"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    time_limit = models.FloatField(_("time limit (s)"), default=10.0)
    progress = models.FloatField(_("progress"), default=0.0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    upper_bound = models.FloatField(_("upper bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    meetings = models.PositiveIntegerField(_("meetings"), null=True, blank=True)
    stats = models.JSONField(_("statistics"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scheduling run")
        verbose_name_plural = _("scheduling runs")
        ordering = ["event", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_run_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
