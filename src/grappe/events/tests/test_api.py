"""Events in the HTTP API: JSON in and out, the same rules and error shapes as elsewhere."""

import datetime as dt

import pytest
from django.utils import timezone

from grappe.events import services
from grappe.events.models import Event, Meeting, MeetingRequest
from grappe.testing.factories import EventFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def fields(response):
    assert response.status_code == 422, response.content
    return {item["field"] for item in response.json()["detail"]}


def post(client, url, body=None):
    return client.post(url, body or {}, content_type=JSON)


def test_events_list_and_detail(client, fair):
    EventFactory(name="Brouillon", slug="brouillon", network=fair.event.network, status="draft")
    body = client.get("/api/events").json()
    assert [e["slug"] for e in body["items"]] == ["bourse-2001"]
    event = client.get("/api/events/bourse-2001").json()
    assert event["network"] == "vimeu" and event["tables"] == 4 and len(event["slots"]) == 6
    assert client.get("/api/events/brouillon").status_code == 404
    assert len(client.get("/api/events/bourse-2001/slots").json()) == 6


def test_create_event_rights_and_errors(client, network, manager, outsider):
    body = {
        "slug": "bourse-vimeu",
        "name": "Bourse du Vimeu",
        "network": "vimeu",
        "start_date": "2030-01-24",
        "end_date": "2030-01-24",
        "breaks": "12:00-14:00",
    }
    assert post(client, "/api/events", body).status_code == 401
    client.force_login(outsider)
    assert post(client, "/api/events", body).status_code == 403
    client.force_login(manager)
    assert fields(post(client, "/api/events", body | {"meeting_minutes": 1})) == {"meeting_minutes"}
    assert fields(post(client, "/api/events", body | {"network": "nowhere"})) == {"network"}
    assert fields(
        post(client, "/api/events", body | {"end_date": "2030-01-01", "breaks": "lunch"})
    ) == {"end_date", "breaks"}
    created = post(client, "/api/events", body)
    assert created.status_code == 201, created.content
    assert len(created.json()["slots"]) == 14 and created.json()["status"] == "draft"
    patched = client.patch(
        "/api/events/bourse-vimeu", {"status": "open", "tables": 10}, content_type=JSON
    )
    assert patched.status_code == 200 and patched.json()["tables"] == 10
    assert fields(
        client.patch("/api/events/bourse-vimeu", {"status": "published"}, content_type=JSON)
    ) == {"status"}


def test_registration_and_profiles(client, fair, member_user, member_org, outsider):
    client.force_login(member_user)
    slot = fair.event.slots.order_by("start").first()
    url = "/api/events/bourse-2001/participants"
    assert client.get(url).status_code == 403  # not registered yet
    assert fields(post(client, url, {"organisation": "dupont", "absent_slots": [999]})) == {
        "absent_slots"
    }
    created = post(
        client, url, {"organisation": "dupont", "capacity": 2, "absent_slots": [slot.pk]}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "Robinetterie Dupont" and body["absent_slots"] == [slot.pk]
    assert client.get(url).json()["count"] == 6
    pid = body["id"]
    patched = client.patch(f"{url}/{pid}", {"profile": "Vannes"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["absent_slots"] == [slot.pk]
    other = f"{url}/{fair.visitors[0].pk}"
    assert client.patch(other, {"profile": "x"}, content_type=JSON).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert client.get(other).status_code == 404


def test_requests_flow(client, fair):
    url = "/api/events/bourse-2001/requests"
    v0, stand = fair.visitors[0], fair.stand
    client.force_login(fair.users["v0"])
    body = {"source": v0.pk, "target": stand.pk, "message": "Presses", "priority": 3}
    created = post(client, url, body)
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert created.json()["status"] == "pending"
    assert fields(post(client, url, body)) == {"target"}
    assert fields(post(client, url, body | {"priority": 7})) == {"priority"}
    assert post(client, url, body | {"source": fair.visitors[1].pk}).status_code == 403
    assert post(client, f"{url}/{rid}/accept").status_code == 403  # not the receiver

    client.force_login(fair.users["v1"])
    assert client.get(url).json()["count"] == 0
    assert post(client, f"{url}/{rid}/accept").status_code == 404

    client.force_login(fair.users["stand"])
    assert [r["id"] for r in client.get(url, {"status": "pending"}).json()["items"]] == [rid]
    accepted = post(client, f"{url}/{rid}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"

    client.force_login(fair.users["v0"])
    patched = client.patch(f"{url}/{rid}", {"priority": 1}, content_type=JSON)
    assert patched.json()["priority"] == 1
    assert post(client, f"{url}/{rid}/cancel").json()["status"] == "cancelled"


def test_schedule_publish_timetable_and_booking(client, fair, manager):
    for v in fair.visitors:
        MeetingRequest.objects.create(
            event=fair.event, source=v, target=fair.stand, status="accepted"
        )
    client.force_login(fair.users["v0"])
    assert post(client, "/api/events/bourse-2001/schedule", {"wait": True}).status_code == 403
    assert client.get("/api/events/bourse-2001/schedule").status_code == 403
    assert client.get("/api/events/bourse-2001/instance").status_code == 403

    client.force_login(manager)
    instance = client.get("/api/events/bourse-2001/instance").json()
    assert len(instance["requests"]) == 3 and instance["tables"] == 4
    run = post(client, "/api/events/bourse-2001/schedule", {"wait": True, "time_limit": 2})
    assert run.status_code == 200, run.content
    assert run.json()["status"] == "done" and run.json()["meetings"] == 3
    assert run.json()["upper_bound"] >= run.json()["value"] == 6
    status = client.get("/api/events/bourse-2001/schedule").json()
    assert status["run"]["id"] == run.json()["id"] and status["quality"]["without_meeting"] == 0
    assert (
        client.get(f"/api/events/bourse-2001/schedule/runs/{run.json()['id']}").status_code == 200
    )
    assert fields(post(client, "/api/events/bourse-2001/schedule", {"time_limit": 0})) == {
        "time_limit"
    }

    client.force_login(fair.users["v0"])
    assert client.get("/api/events/bourse-2001/meetings").json()["count"] == 0  # not published
    client.force_login(manager)
    assert post(client, "/api/events/bourse-2001/publish").json() == {"published": 3}

    client.force_login(fair.users["v0"])
    mine = client.get("/api/events/bourse-2001/meetings").json()
    assert mine["count"] == 1 and mine["items"][0]["published"]
    timetable = client.get(
        f"/api/events/bourse-2001/participants/{fair.visitors[0].pk}/timetable"
    ).json()
    busy = [s for s in timetable["slots"] if s["meetings"]]
    assert len(busy) == 1 and busy[0]["meetings"][0]["with_name"] == "Sotra Équipements"
    assert (
        client.get(f"/api/events/bourse-2001/participants/{fair.stand.pk}/timetable").status_code
        == 403
    )

    free = next(s for s in timetable["slots"] if not s["meetings"])
    booking = {"source": fair.visitors[0].pk, "target": fair.stand2.pk, "slot": free["slot"]}
    booked = post(client, "/api/events/bourse-2001/bookings", booking)
    assert booked.status_code == 201, booked.content
    assert booked.json()["last_minute"] and booked.json()["locked"]
    again = post(client, "/api/events/bourse-2001/bookings", booking)
    assert again.status_code == 422


def test_outcome_through_the_api(client, fair):
    Event.objects.filter(pk=fair.event.pk).update(status="published")
    fair.event.refresh_from_db()

    slot = fair.event.slots.first()
    meeting = services.meeting_book(
        actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand, slot=slot
    )
    slot.start = timezone.now() - dt.timedelta(minutes=5)
    slot.save()
    client.force_login(fair.users["v0"])
    url = f"/api/events/bourse-2001/meetings/{meeting.pk}/outcome"
    done = post(client, url, {"participant": fair.visitors[0].pk, "outcome": "deal"})
    assert done.status_code == 200, done.content
    assert "deal" in (done.json()["first_outcome"], done.json()["second_outcome"])
    assert fields(post(client, url, {"participant": fair.visitors[0].pk, "outcome": "?"})) == {
        "outcome"
    }
    client.force_login(fair.users["v1"])
    assert (
        post(client, url, {"participant": fair.visitors[1].pk, "outcome": "deal"}).status_code
        == 404
    )
    assert Meeting.objects.get(pk=meeting.pk)
