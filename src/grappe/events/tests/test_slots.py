"""Slots generated from the days, opening hours, meeting length and breaks."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from grappe.events import services
from grappe.events.models import Meeting, parse_breaks
from grappe.events.slots import slot_times
from grappe.testing.factories import EventFactory, MeetingRequestFactory

PARIS = ZoneInfo("Europe/Paris")


def times(**kwargs):
    args = {
        "start_date": dt.date(2001, 1, 24),
        "end_date": dt.date(2001, 1, 24),
        "day_start": dt.time(9, 0),
        "day_end": dt.time(12, 0),
        "minutes": 30,
        "breaks": [],
        "tz": PARIS,
    }
    return [(a.strftime("%d %H:%M"), b.strftime("%H:%M")) for a, b in slot_times(**args | kwargs)]


def test_consecutive_meetings_fill_the_opening_hours():
    assert times() == [
        ("24 09:00", "09:30"),
        ("24 09:30", "10:00"),
        ("24 10:00", "10:30"),
        ("24 10:30", "11:00"),
        ("24 11:00", "11:30"),
        ("24 11:30", "12:00"),
    ]


def test_a_meeting_never_overlaps_a_break_nor_runs_past_closing():
    got = times(minutes=40, day_end=dt.time(13, 0), breaks=[(dt.time(10, 30), dt.time(10, 45))])
    assert got == [
        ("24 09:00", "09:40"),
        ("24 09:40", "10:20"),
        ("24 10:45", "11:25"),
        ("24 11:25", "12:05"),
        ("24 12:05", "12:45"),
    ]


def test_every_day_of_the_event_gets_slots():
    got = times(end_date=dt.date(2001, 1, 26), day_end=dt.time(10, 0))
    assert [d for d, _ in got] == [
        "24 09:00",
        "24 09:30",
        "25 09:00",
        "25 09:30",
        "26 09:00",
        "26 09:30",
    ]


def test_breaks_are_parsed_and_bad_ones_refused():
    assert parse_breaks("12:30-14:00; 16:00 - 16:15\n") == [
        (dt.time(12, 30), dt.time(14, 0)),
        (dt.time(16, 0), dt.time(16, 15)),
    ]
    for bad in ("midi", "14:00-12:30", "25:00-26:00"):
        with pytest.raises(ValidationError):
            parse_breaks(bad)


@pytest.mark.django_db
def test_event_slots_follow_its_hours_and_keep_unchanged_ones(manager, network):
    event = services.event_create(
        actor=manager,
        data={
            "name": "Rencontres d'affaires",
            "slug": "rencontres",
            "network": network,
            "start_date": dt.date(2030, 3, 5),
            "end_date": dt.date(2030, 3, 5),
            "day_start": dt.time(9, 0),
            "day_end": dt.time(12, 0),
            "meeting_minutes": 30,
            "breaks": "10:00-10:30",
        },
    )
    slots = list(event.slots.order_by("start"))
    assert len(slots) == 5
    assert slots[0].start == dt.datetime(2030, 3, 5, 9, 0, tzinfo=PARIS)
    services.event_update(actor=manager, event=event, data={"day_end": dt.time(13, 0)})
    after = list(event.slots.order_by("start"))
    assert len(after) == 7
    assert {s.pk for s in slots} <= {s.pk for s in after}  # availability stays attached


@pytest.mark.django_db
def test_hours_where_no_meeting_fits_are_refused(manager, network):
    event = EventFactory(network=network)
    with pytest.raises(ValidationError) as error:
        services.event_update(actor=manager, event=event, data={"meeting_minutes": 200})
    assert "day_end" in error.value.message_dict
    assert event.slots.count() == 6


@pytest.mark.django_db
def test_timing_cannot_change_under_scheduled_meetings(manager, network):
    event = EventFactory(network=network)
    request = MeetingRequestFactory(source__event=event)

    a, b = sorted([request.source, request.target], key=lambda p: p.pk)
    Meeting.objects.create(
        event=event, request=request, slot=event.slots.first(), first=a, second=b
    )
    with pytest.raises(ValidationError):
        services.event_update(actor=manager, event=event, data={"day_start": dt.time(8, 0)})
    # Other fields still change.
    services.event_update(actor=manager, event=event, data={"venue": "Halle aux grains"})
