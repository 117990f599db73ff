"""Printable timetable sheets (PDF, reportlab) and calendar files (iCalendar).

A stand's sheet is laid out like the paper timetables of the 2001 exchange fair: one line per
slot, the visitor met, and empty lines where visitors write last-minute bookings.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from grappe.events.selectors import Timetable


def _time(value) -> str:  # type: ignore[no-untyped-def]
    return f"{timezone.localtime(value):%H:%M}"


def _person_names(people: Iterable[object]) -> str:
    return ", ".join(str(p) for p in people)


def timetables_pdf(timetables: list[Timetable]) -> bytes:
    """One sheet (or more, for a long event) per timetable."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=timetables[0].event.name if timetables else "",
        author="Grappe",
    )
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8.5, leading=10.5)
    story: list[object] = []
    for i, sheet in enumerate(timetables):
        if i:
            story.append(PageBreak())
        story.extend(_sheet(sheet, styles, small))
    if not story:
        story.append(Paragraph(escape(_("No timetable.")), styles["BodyText"]))
    doc.build(story)
    return buffer.getvalue()


def _sheet(sheet: Timetable, styles, small) -> list[object]:  # type: ignore[no-untyped-def]
    event, participant = sheet.event, sheet.participant
    title = escape(participant.organisation.name)
    if participant.location:
        title += f" — {escape(participant.location)}"
    out: list[object] = [
        Paragraph(escape(event.name), styles["Heading3"]),
        Paragraph(title, styles["Title"]),
    ]
    details = [escape(v) for v in (event.venue, event.address) if v]
    if sheet.people:
        details.append(
            escape(_("Representatives: %(names)s") % {"names": _person_names(sheet.people)})
        )
    if participant.capacity > 1:
        details.append(escape(_("%(n)s meetings at once") % {"n": participant.capacity}))
    for line in details:
        out.append(Paragraph(line, styles["BodyText"]))
    if not sheet.only_published:
        out.append(Paragraph(escape(_("Schedule under review: not published yet.")), small))
    for day, rows in sheet.days:
        out.append(Spacer(1, 4 * mm))
        out.append(Paragraph(escape(date_format(day, "DATE_FORMAT")), styles["Heading4"]))
        data = [[_("Time"), _("Meeting with"), _("Representatives"), _("Table")]]
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3f1ea")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
        ]
        for row in rows:
            when = f"{_time(row.slot.start)}–{_time(row.slot.end)}"
            for a in row.appointments:
                who = escape(a.other.organisation.name)
                if a.other.location:
                    who += f" ({escape(a.other.location)})"
                if a.meeting.last_minute:
                    who += " *"
                data.append(
                    [
                        when,
                        Paragraph(who, small),
                        Paragraph(escape(_person_names(a.people)), small),
                        str(a.meeting.table or ""),
                    ]
                )
                when = ""
            if row.absent:
                data.append([when, Paragraph(escape(_("absent")), small), "", ""])
                style.append(
                    ("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.whitesmoke)
                )
            else:
                # Empty lines to write last-minute bookings on, as on the paper sheets.
                for _free in range(row.free):
                    data.append([when, "", "", ""])
                    when = ""
        table = Table(data, colWidths=[25 * mm, 70 * mm, 65 * mm, 15 * mm], repeatRows=1)
        table.setStyle(TableStyle(style))
        out.append(table)
    out.append(Spacer(1, 3 * mm))
    out.append(Paragraph(escape(_("* booked at the last minute")), small))
    return out


def timetable_ics(sheet: Timetable, *, domain: str = "grappe") -> bytes:
    """The participant's meetings as an iCalendar file (one VEVENT per meeting)."""
    event, participant = sheet.event, sheet.participant
    calendar = Calendar()
    calendar.add("prodid", "-//Grappe//events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{event.name} — {participant.organisation.name}")
    stamp = timezone.now()
    location = ", ".join(v for v in (event.venue, event.address) if v)
    for row in sheet.rows:
        for a in row.appointments:
            item = CalendarEvent()
            item.add("uid", f"meeting-{a.meeting.pk}-{participant.pk}@{domain}")
            item.add("dtstamp", stamp)
            item.add("dtstart", row.slot.start)
            item.add("dtend", row.slot.end)
            item.add("summary", _("Meeting with %(name)s") % {"name": a.other.organisation.name})
            where = location
            if a.meeting.table:
                where = f"{where} — " + _("table %(n)s") % {"n": a.meeting.table}
            if where:
                item.add("location", where.strip(" —"))
            lines = [event.name]
            if a.people:
                lines.append(_("Representatives: %(names)s") % {"names": _person_names(a.people)})
            if a.meeting.request.message:
                lines.append(a.meeting.request.message)
            item.add("description", "\n".join(lines))
            item.add("status", "CONFIRMED" if a.meeting.published else "TENTATIVE")
            calendar.add_component(item)
    return calendar.to_ical()
