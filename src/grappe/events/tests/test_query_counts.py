"""Event lists, pages and API, cost as many queries for three items as for one."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from grappe.events import services
from grappe.events.models import Event, EventStatus
from grappe.testing.factories import (
    ActivityFactory,
    EventFactory,
    MeetingRequestFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
)
from grappe.testing.queries import api_items, html_count, one_versus_three

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _participant(event):
    """A registered organisation with an activity and a representative, as lists show them."""
    n = next(_serial)
    organisation = OrganisationFactory(name=f"Qc firme {n}", activity=ActivityFactory())
    participant = ParticipantFactory(event=event, organisation=organisation, profile="Qc")
    participant.representatives.add(PersonFactory(organisation=organisation))
    return participant


@pytest.fixture
def organiser(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def visitor(client, fair):
    """A participant's own account: the lists show what it may ask and book."""
    client.force_login(fair.users["v0"])
    return client


# Events --------------------------------------------------------------------------------------


def _event(network):
    def make():
        event = EventFactory(network=network, name=f"Qc bourse {next(_serial)}")
        ParticipantFactory(event=event)

    return make


def test_event_list_page(organiser, network):
    one, three = one_versus_three(
        lambda: organiser.get(reverse("event-list"), {"q": "qc"}),
        _event(network),
        html_count(">Qc bourse "),
    )
    assert one == three


def test_api_events(organiser, network):
    one, three = one_versus_three(
        lambda: organiser.get("/api/events", {"q": "qc"}), _event(network), api_items
    )
    assert one == three


def test_api_slots(organiser, network):
    event = EventFactory(network=network, day_end=dt.time(9, 30))
    slots = iter([dt.time(9, 30), dt.time(10, 0), dt.time(10, 30)])

    def longer_day():
        event.day_end = next(slots)
        event.save()
        services.sync_slots(event)

    def count(response):
        return len(response.json())

    one, three = one_versus_three(
        lambda: organiser.get(f"/api/events/{event.slug}/slots"), longer_day, count
    )
    assert one == three


# Participants --------------------------------------------------------------------------------


def test_participant_list_page(visitor, fair):
    Event.objects.filter(pk=fair.event.pk).update(status=EventStatus.PUBLISHED)
    one, three = one_versus_three(
        lambda: visitor.get(reverse("event-participants", args=[fair.event.slug]), {"q": "qc"}),
        lambda: _participant(fair.event),
        html_count(">Qc firme "),
    )
    assert one == three


def test_api_participants(visitor, fair):
    one, three = one_versus_three(
        lambda: visitor.get(f"/api/events/{fair.event.slug}/participants", {"q": "qc"}),
        lambda: _participant(fair.event),
        api_items,
    )
    assert one == three


# Requests and meetings -----------------------------------------------------------------------


def _request(fair):
    return lambda: MeetingRequestFactory(
        source=_participant(fair.event), target=fair.stand, message="Qc request"
    )


def test_request_list_page(organiser, fair):
    one, three = one_versus_three(
        lambda: organiser.get(reverse("event-requests", args=[fair.event.slug])),
        _request(fair),
        html_count("Qc request"),
    )
    assert one == three


def test_api_requests(organiser, fair):
    one, three = one_versus_three(
        lambda: organiser.get(f"/api/events/{fair.event.slug}/requests"), _request(fair), api_items
    )
    assert one == three


def _booking(fair, manager):
    """A last-minute meeting of a new participant with the stand, each in a slot of its own."""
    slots = iter(fair.event.slots.order_by("start"))
    Event.objects.filter(pk=fair.event.pk).update(status=EventStatus.PUBLISHED)
    fair.event.refresh_from_db()

    def book():
        source = _participant(fair.event)
        services.meeting_book(actor=manager, source=source, target=fair.stand, slot=next(slots))

    return book


def test_api_meetings(organiser, fair, manager):
    one, three = one_versus_three(
        lambda: organiser.get(f"/api/events/{fair.event.slug}/meetings"),
        _booking(fair, manager),
        api_items,
    )
    assert one == three


def test_grid_page(organiser, fair, manager):
    one, three = one_versus_three(
        lambda: organiser.get(reverse("event-grid", args=[fair.event.slug])),
        _booking(fair, manager),
        html_count(">Qc firme "),
    )
    assert one == three
