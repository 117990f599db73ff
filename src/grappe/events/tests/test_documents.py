"""Timetable sheets (PDF) and calendar files (iCalendar) parse and say what they should."""

import base64
import re
import zlib

import pytest
from icalendar import Calendar

from grappe.events import documents, selectors, services
from grappe.events.models import EventStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(fair):
    fair.event.status = EventStatus.PUBLISHED
    fair.event.save()
    slots = list(fair.event.slots.order_by("start"))
    for i, visitor in enumerate(fair.visitors):
        services.meeting_book(
            actor=fair.users[f"v{i}"],
            source=visitor,
            target=fair.stand,
            slot=slots[i // 2],
            message="Vos presses plieuses" if i == 0 else "",
        )
    fair.stand.absent_slots.add(slots[5])
    return fair


def pdf_text(data: bytes) -> str:
    """The text drawn in a reportlab PDF: its content streams, decoded (ASCII85, then Flate)."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = stream.strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        text.append(zlib.decompress(raw).decode("latin-1"))
    return "".join(text)


def test_stand_sheet_pdf(booked):
    sheet = selectors.build_timetable(booked.stand, only_published=True)
    data = documents.timetables_pdf([sheet])
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b", data)) == 1
    text = pdf_text(data)
    for expected in ("Sotra", "Stand 1", "Fonderie Martin", "Scierie Dubois", "09:00", "11:30"):
        assert expected in text, expected


def test_every_stand_gets_a_page(booked, manager):
    sheets = selectors.stand_timetables(user=manager, event=booked.event)
    assert [s.participant for s in sheets] == [booked.stand, booked.stand2]  # by stand number
    data = documents.timetables_pdf(sheets)
    assert len(re.findall(rb"/Type /Page\b", data)) == 2


def test_icalendar_of_a_visitor(booked):
    sheet = selectors.build_timetable(booked.visitors[0])
    calendar = Calendar.from_ical(documents.timetable_ics(sheet, domain="example.org"))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    slot = booked.event.slots.order_by("start").first()
    assert event.decoded("dtstart") == slot.start
    assert event.decoded("dtend") == slot.end
    assert "Sotra" in str(event["summary"])
    assert str(event["uid"]).endswith("@example.org")
    assert "Vos presses plieuses" in str(event["description"])
    assert "table 1" in str(event["location"])
    assert str(calendar["version"]) == "2.0"


def test_icalendar_of_a_stand_has_every_meeting(booked):
    sheet = selectors.build_timetable(booked.stand)
    calendar = Calendar.from_ical(documents.timetable_ics(sheet))
    assert len(list(calendar.walk("VEVENT"))) == 3
    assert len({str(e["uid"]) for e in calendar.walk("VEVENT")}) == 3
