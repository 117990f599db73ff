"""What users see and may do on the event pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grappe.events import scheduler, services
from grappe.events.models import Event, EventStatus, Meeting, MeetingRequest, ScheduleRun
from grappe.events.tests import fake_engine
from grappe.testing.factories import EventFactory

pytestmark = pytest.mark.django_db


def page(client, name, *args, status=200, **params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


@pytest.fixture
def scheduled(fair, manager):
    for v in fair.visitors:
        MeetingRequest.objects.create(
            event=fair.event, source=v, target=fair.stand, status="accepted", priority=3
        )
    MeetingRequest.objects.create(
        event=fair.event, source=fair.visitors[0], target=fair.stand2, message="Bois local"
    )
    run = scheduler.schedule_start(
        actor=manager, event=fair.event, background=False, engine=fake_engine
    )
    assert run.status == "done"
    return fair


def test_event_list_hides_drafts_from_visitors(client, fair, manager):
    EventFactory(name="Brouillon secret", network=fair.event.network, status="draft")
    content = page(client, "event-list")
    assert "Bourse 2001" in content and "Brouillon secret" not in content
    client.force_login(manager)
    assert "Brouillon secret" in page(client, "event-list")
    partial = client.get(reverse("event-list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "<html" not in partial.content.decode()


def test_event_page_for_visitors_participants_and_organisers(client, fair, manager):
    content = page(client, "event-detail", fair.event.slug)
    assert "Bourse 2001" in content and "09:00" in content
    assert reverse("event-edit", args=[fair.event.slug]) not in content
    assert reverse("event-participants", args=[fair.event.slug]) not in content
    client.force_login(fair.users["v0"])
    content = page(client, "event-detail", fair.event.slug)
    assert reverse("participant-timetable", args=[fair.event.slug, fair.visitors[0].pk]) in content
    assert reverse("event-schedule", args=[fair.event.slug]) not in content
    client.force_login(manager)
    content = page(client, "event-detail", fair.event.slug)
    assert reverse("event-schedule", args=[fair.event.slug]) in content


def test_draft_event_is_404_for_others(client, fair, outsider):
    Event.objects.filter(pk=fair.event.pk).update(status="draft")
    page(client, "event-detail", fair.event.slug, status=404)
    client.force_login(outsider)
    page(client, "event-detail", fair.event.slug, status=404)


def test_manager_creates_an_event_through_the_form(client, manager, network):
    client.force_login(manager)
    page(client, "event-create")
    response = client.post(
        reverse("event-create"),
        {
            "name": "Rencontres acheteurs",
            "slug": "acheteurs",
            "network": network.pk,
            "status": "open",
            "start_date": "2030-05-02",
            "end_date": "2030-05-02",
            "day_start": "14:00",
            "day_end": "17:00",
            "meeting_minutes": "20",
            "breaks": "15:20-15:40",
            "tables": "12",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(slug="acheteurs")
    assert event.slots.count() == 8 and event.tables == 12


def test_event_form_errors_are_shown(client, manager, network):
    client.force_login(manager)
    response = client.post(
        reverse("event-create"),
        {
            "name": "X",
            "slug": "x",
            "network": network.pk,
            "status": "open",
            "start_date": "2030-05-02",
            "end_date": "2030-05-01",
            "day_start": "14:00",
            "day_end": "17:00",
            "meeting_minutes": "20",
            "breaks": "pause",
        },
    )
    assert response.status_code == 422
    assert not Event.objects.filter(slug="x").exists()


def test_outsiders_cannot_create_or_edit(client, fair, outsider):
    client.force_login(outsider)
    page(client, "event-create", status=403)
    page(client, "event-edit", fair.event.slug, status=403)
    page(client, "event-participants", fair.event.slug, status=403)
    page(client, "event-schedule", fair.event.slug, status=403)
    page(client, "event-grid", fair.event.slug, status=403)
    page(client, "participant-edit", fair.event.slug, fair.visitors[0].pk, status=403)
    page(client, "participant-timetable", fair.event.slug, fair.visitors[0].pk, status=403)


def test_member_registers_and_edits_the_registration(client, fair, member_user, member_org):
    client.force_login(member_user)
    assert reverse("event-register", args=[fair.event.slug]) in page(
        client, "event-detail", fair.event.slug
    )
    response = client.post(
        reverse("event-register", args=[fair.event.slug]),
        {"organisation": member_org.pk, "capacity": "1", "profile": "Vannes et robinets"},
    )
    assert response.status_code == 302
    participant = fair.event.participants.get(organisation=member_org)
    slot = fair.event.slots.order_by("start").first()
    page(client, "participant-edit", fair.event.slug, participant.pk)
    response = client.post(
        reverse("participant-edit", args=[fair.event.slug, participant.pk]),
        {"capacity": "2", "profile": "Vannes", "absent_slots": [slot.pk], "stand": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    participant.refresh_from_db()
    assert participant.capacity == 2 and participant.stand
    assert list(participant.absent_slots.all()) == [slot]


def test_participants_see_profiles_and_ask_for_a_meeting(client, fair):
    client.force_login(fair.users["v0"])
    content = page(client, "event-participants", fair.event.slug)
    assert "Sotra Équipements" in content
    assert reverse("request-create", args=[fair.event.slug, fair.stand.pk]) in content
    page(client, "participant-detail", fair.event.slug, fair.stand.pk)
    url = reverse("request-create", args=[fair.event.slug, fair.stand.pk])
    response = client.post(url, {"priority": "3", "message": "Vos presses"})
    assert response.status_code == 302
    request = MeetingRequest.objects.get(source=fair.visitors[0], target=fair.stand)
    assert (request.priority, request.status) == (3, "pending")
    content = page(client, "event-requests", fair.event.slug)
    assert "Vos presses" in content

    client.force_login(fair.users["stand"])
    assert "Vos presses" in page(client, "event-requests", fair.event.slug)
    response = client.post(reverse("request-accept", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"

    client.force_login(fair.users["v1"])  # a third participant sees neither nor acts
    assert "Vos presses" not in page(client, "event-requests", fair.event.slug)
    assert client.post(reverse("request-decline", args=[request.pk])).status_code == 404


def test_schedule_page_runs_and_polls(client, fair, manager):
    MeetingRequest.objects.create(
        event=fair.event, source=fair.visitors[0], target=fair.stand, status="accepted"
    )
    client.force_login(fair.users["v0"])
    assert client.post(reverse("event-schedule-run", args=[fair.event.slug])).status_code == 403
    client.force_login(manager)
    page(client, "event-schedule", fair.event.slug)
    response = client.post(
        reverse("event-schedule-run", args=[fair.event.slug]), {"time_limit": "2"}
    )
    assert response.status_code == 302
    run = ScheduleRun.objects.get()  # the thread starts when the transaction commits
    assert run.status == "queued" and run.time_limit == 2
    content = page(client, "event-schedule", fair.event.slug)
    assert 'hx-trigger="every 1s"' in content
    fragment = client.get(
        reverse("event-schedule-progress", args=[fair.event.slug, run.pk]), {"polling": 1}
    )
    assert "<html" not in fragment.content.decode() and "HX-Refresh" not in fragment
    scheduler.schedule_execute(run.pk, engine=fake_engine)
    fragment = client.get(
        reverse("event-schedule-progress", args=[fair.event.slug, run.pk]), {"polling": 1}
    )
    assert fragment["HX-Refresh"] == "true"
    content = page(client, "event-schedule", fair.event.slug)
    assert 'hx-trigger="every 1s"' not in content


def test_bad_time_limit_is_reported(client, fair, manager):
    client.force_login(manager)
    response = client.post(
        reverse("event-schedule-run", args=[fair.event.slug]), {"time_limit": "9999"}, follow=True
    )
    assert response.status_code == 200
    assert not ScheduleRun.objects.exists()


def test_grid_timetables_and_publication(client, scheduled, manager):
    fair = scheduled
    client.force_login(manager)
    content = page(client, "event-grid", fair.event.slug)
    assert "Sotra Équipements" in content and 'class="meeting draft"' in content
    content = page(client, "event-schedule", fair.event.slug)
    assert "3" in content
    response = client.post(reverse("event-publish", args=[fair.event.slug]))
    assert response.status_code == 302
    assert Meeting.objects.filter(published=False).count() == 0
    pdf = client.get(reverse("event-sheets-pdf", args=[fair.event.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    client.force_login(fair.users["v0"])
    content = page(client, "participant-timetable", fair.event.slug, fair.visitors[0].pk)
    assert "Sotra Équipements" in content
    pdf = client.get(
        reverse("participant-timetable-pdf", args=[fair.event.slug, fair.visitors[0].pk])
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    ics = client.get(
        reverse("participant-timetable-ics", args=[fair.event.slug, fair.visitors[0].pk])
    )
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content
    # Another participant's timetable stays closed.
    page(client, "participant-timetable", fair.event.slug, fair.stand.pk, status=403)
    assert client.get(reverse("event-sheets-pdf", args=[fair.event.slug])).status_code == 403


def test_last_minute_booking_through_the_page(client, scheduled, manager):
    fair = scheduled
    services.schedule_publish(actor=manager, event=fair.event)
    client.force_login(fair.users["v1"])
    url = reverse("meeting-book", args=[fair.event.slug, fair.stand2.pk])
    content = client.get(url).content.decode()
    slot = fair.event.slots.order_by("start")[3]
    assert f'name="slot" value="{slot.pk}"' in content
    response = client.post(url, {"slot": slot.pk, "message": "Au stand"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(slot=slot, last_minute=True)
    assert {meeting.first, meeting.second} == {fair.visitors[1], fair.stand2}
    # Stand 2 is full in that slot: another visitor is not offered it, and a forged post fails.
    client.force_login(fair.users["v2"])
    assert f'name="slot" value="{slot.pk}"' not in client.get(url).content.decode()
    assert client.post(url, {"slot": slot.pk}).status_code == 422
    assert Meeting.objects.filter(slot=slot, last_minute=True).count() == 1


def test_outcome_recorded_from_the_timetable(client, scheduled, manager):
    fair = scheduled
    services.schedule_publish(actor=manager, event=fair.event)
    meeting = (
        Meeting.objects.filter(first=fair.visitors[0]).first()
        or Meeting.objects.filter(second=fair.visitors[0]).first()
    )
    meeting.slot.start = timezone.now() - dt.timedelta(hours=1)
    meeting.slot.save()
    client.force_login(fair.users["v0"])
    response = client.post(
        reverse("meeting-outcome", args=[meeting.pk]),
        {"as": fair.visitors[0].pk, "outcome": "follow_up"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert "follow_up" in (meeting.first_outcome, meeting.second_outcome)
    client.force_login(manager)
    response = client.get(reverse("event-schedule", args=[fair.event.slug]))
    figures = {row["outcome"]: row["n"] for row in response.context["outcomes"]}
    assert figures["follow_up"] == 1 and figures["deal"] == 0


def test_organiser_locks_and_cancels_meetings(client, scheduled, manager):
    fair = scheduled
    meeting = Meeting.objects.first()
    client.force_login(fair.users["v0"])
    assert client.post(reverse("meeting-lock", args=[meeting.pk]), {"locked": "1"}).status_code in (
        403,
        404,
    )
    client.force_login(manager)
    client.post(reverse("meeting-lock", args=[meeting.pk]), {"locked": "1"})
    meeting.refresh_from_db()
    assert meeting.locked
    client.post(reverse("meeting-cancel", args=[meeting.pk]))
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_status_choices_on_the_form_exclude_scheduled(client, fair, manager):
    client.force_login(manager)
    content = page(client, "event-edit", fair.event.slug)
    assert 'value="published"' not in content and 'value="open"' in content
    fair.event.status = EventStatus.PUBLISHED
    fair.event.save()
    assert 'value="published"' in page(client, "event-edit", fair.event.slug)
