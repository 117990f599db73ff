"""Writes on events: who may do what, and what each write does."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from grappe.audit.models import ChangeLogEntry
from grappe.events import services
from grappe.events.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    Seat,
)
from grappe.testing.factories import EventFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

EVENT = {
    "name": "Bourse d'échanges du Vimeu",
    "slug": "bourse-vimeu",
    "start_date": dt.date(2030, 1, 24),
    "end_date": dt.date(2030, 1, 24),
}


# Events --------------------------------------------------------------------------------------


def test_manager_creates_an_event_of_their_network(manager, network):
    event = services.event_create(actor=manager, data=EVENT | {"network": network})
    assert event.status == EventStatus.DRAFT and event.slots.count() == 18
    entry = ChangeLogEntry.objects.get(object_type="event")
    assert (entry.action, entry.actor) == ("created", manager)


@pytest.mark.parametrize("who", ["manager", "member_user", "outsider", "anonymous"])
def test_event_of_another_network_refused(request, other_network, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.event_create(actor=user, data=EVENT | {"network": other_network})
    assert not Event.objects.exists()


def test_admin_creates_for_any_network(admin_user, other_network):
    event = services.event_create(actor=admin_user, data=EVENT | {"network": other_network})
    stored = Event.objects.get(slug="bourse-vimeu")
    assert (stored.pk, stored.network, stored.status) == (event.pk, other_network, "draft")
    entry = ChangeLogEntry.objects.get(object_type="event")
    assert (entry.action, entry.actor, entry.object_id) == ("created", admin_user, str(event.pk))


def test_bad_event_input_names_the_fields(manager, network):
    with pytest.raises(ValidationError) as error:
        services.event_create(
            actor=manager,
            data=EVENT
            | {
                "network": network,
                "end_date": dt.date(2030, 1, 20),
                "breaks": "midi",
                "meeting_minutes": 1,
            },
        )
    assert {"end_date", "breaks", "meeting_minutes"} <= set(error.value.message_dict)


@pytest.mark.parametrize("who", ["member_user", "outsider", "stand_user"])
def test_only_the_organiser_edits_the_event(request, fair, who):
    user = fair.users["stand"] if who == "stand_user" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.event_update(actor=user, event=fair.event, data={"venue": "Ailleurs"})
    with pytest.raises(PermissionDenied):
        services.event_delete(actor=user, event=fair.event)


def test_status_scheduled_or_published_is_not_set_by_hand(manager, fair):
    with pytest.raises(ValidationError):
        services.event_update(actor=manager, event=fair.event, data={"status": "published"})
    services.event_update(actor=manager, event=fair.event, data={"status": "draft"})


# Registrations -------------------------------------------------------------------------------


def test_editor_registers_own_organisation_only(fair, member_user, member_org):
    participant = services.participant_register(
        actor=member_user,
        event=fair.event,
        data={"organisation": member_org, "capacity": 1, "profile": "Robinetterie"},
    )
    assert participant.event == fair.event
    with pytest.raises(ValidationError):
        services.participant_register(
            actor=member_user, event=fair.event, data={"organisation": member_org}
        )
    with pytest.raises(PermissionDenied):
        services.participant_register(
            actor=member_user, event=fair.event, data={"organisation": OrganisationFactory()}
        )


def test_nobody_but_organisers_registers_to_a_draft(fair, member_user, member_org, manager):
    fair.event.status = EventStatus.DRAFT
    fair.event.save()
    with pytest.raises(PermissionDenied):
        services.participant_register(
            actor=member_user, event=fair.event, data={"organisation": member_org}
        )
    services.participant_register(
        actor=manager, event=fair.event, data={"organisation": member_org}
    )


def test_participant_edits_own_registration_not_others(fair, outsider):
    user = fair.users["v0"]
    services.participant_update(
        actor=user, participant=fair.visitors[0], data={"looking_for": "Sous-traitance"}
    )
    for actor, participant in ((user, fair.visitors[1]), (outsider, fair.visitors[0])):
        with pytest.raises(PermissionDenied):
            services.participant_update(actor=actor, participant=participant, data={"profile": "x"})


def test_representatives_must_belong_to_the_organisation(fair):
    stranger = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.participant_update(
            actor=fair.users["v0"],
            participant=fair.visitors[0],
            data={"representatives": [stranger]},
        )
    assert "representatives" in error.value.message_dict


def test_representative_with_an_account_acts_for_the_participant(fair, outsider):
    person = fair.visitors[0].representatives.get()
    person.user = outsider
    person.save()
    services.participant_update(
        actor=outsider, participant=fair.visitors[0], data={"profile": "Robinetterie"}
    )
    assert Participant.objects.get(pk=fair.visitors[0].pk).profile == "Robinetterie"
    entry = ChangeLogEntry.objects.filter(object_type="participant").latest("pk")
    assert (entry.action, entry.actor, entry.fields) == ("updated", outsider, ["profile"])
    with pytest.raises(PermissionDenied):  # the representative acts for its own participant only
        services.participant_update(
            actor=outsider, participant=fair.visitors[1], data={"profile": "x"}
        )


def test_capacity_cannot_drop_below_scheduled_meetings(fair, manager):
    event = fair.event
    slot = event.slots.first()
    for visitor in fair.visitors[:2]:
        services.request_create(actor=manager, source=visitor, target=fair.stand, data={})
    event.status = EventStatus.PUBLISHED
    event.save()
    for visitor in fair.visitors[:2]:
        services.meeting_book(actor=manager, source=visitor, target=fair.stand, slot=slot)
    with pytest.raises(ValidationError) as error:
        services.participant_update(
            actor=fair.users["stand"], participant=fair.stand, data={"capacity": 1}
        )
    assert "capacity" in error.value.message_dict


def test_absence_drops_unconfirmed_meetings_and_refuses_confirmed_ones(fair, manager):
    event = fair.event
    slots = list(event.slots.order_by("start"))
    visitor = fair.visitors[0]
    request = services.request_create(actor=manager, source=visitor, target=fair.stand, data={})
    services.request_answer(actor=manager, meeting_request=request, accept=True)
    first, second = sorted([visitor, fair.stand], key=lambda p: p.pk)
    meeting = Meeting.objects.create(
        event=event, request=request, slot=slots[0], first=first, second=second
    )
    services.participant_update(
        actor=fair.users["v0"], participant=visitor, data={}, absent_slots=[slots[0]]
    )
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert list(visitor.absent_slots.all()) == [slots[0]]
    event.status = EventStatus.PUBLISHED
    event.save()
    services.meeting_book(actor=manager, source=visitor, target=fair.stand, slot=slots[1])
    with pytest.raises(ValidationError):
        services.participant_update(
            actor=fair.users["v0"], participant=visitor, data={}, absent_slots=[slots[1]]
        )


# Requests ------------------------------------------------------------------------------------


def test_request_waits_for_the_receiver_who_accepts_or_declines(fair):
    v0, stand = fair.visitors[0], fair.stand
    request = services.request_create(
        actor=fair.users["v0"],
        source=v0,
        target=stand,
        data={"message": "Vos presses", "priority": 3},
    )
    assert (request.status, request.priority, request.message) == ("pending", 3, "Vos presses")
    with pytest.raises(PermissionDenied):  # the sender does not answer its own request
        services.request_answer(actor=fair.users["v0"], meeting_request=request, accept=True)
    with pytest.raises(PermissionDenied):  # nor does a third participant
        services.request_answer(actor=fair.users["v1"], meeting_request=request, accept=True)
    services.request_answer(actor=fair.users["stand"], meeting_request=request, accept=False)
    assert request.status == "declined" and request.answered_at is not None
    services.request_answer(actor=fair.users["stand"], meeting_request=request, accept=True)
    assert MeetingRequest.objects.get(pk=request.pk).status == "accepted"


def test_auto_accept_set_by_the_organiser(fair, manager):
    services.event_update(actor=manager, event=fair.event, data={"auto_accept": True})
    request = services.request_create(
        actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand, data={}
    )
    assert request.status == RequestStatus.ACCEPTED


def test_bad_requests_are_refused(fair, outsider):
    v0, v1 = fair.visitors[:2]
    user = fair.users["v0"]
    with pytest.raises(ValidationError):
        services.request_create(actor=user, source=v0, target=v0, data={})
    other = EventFactory(network=fair.event.network)
    stranger = Participant.objects.create(event=other, organisation=OrganisationFactory())
    with pytest.raises(ValidationError):
        services.request_create(actor=user, source=v0, target=stranger, data={})
    services.request_create(actor=user, source=v0, target=v1, data={})
    with pytest.raises(ValidationError):
        services.request_create(actor=user, source=v0, target=v1, data={})
    with pytest.raises(PermissionDenied):  # nobody asks on behalf of someone else
        services.request_create(actor=outsider, source=v1, target=v0, data={})
    # The database refuses a request to oneself however it is written.
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.create(event=fair.event, source=v0, target=v0)


def test_no_request_before_the_event_opens(fair, manager):
    services.event_update(actor=manager, event=fair.event, data={"status": "draft"})
    with pytest.raises(ValidationError):
        services.request_create(
            actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand, data={}
        )


def test_cancelled_request_frees_the_meeting_unless_the_other_side_asked_too(fair, manager):
    v0, stand = fair.visitors[0], fair.stand
    mine = services.request_create(actor=manager, source=v0, target=stand, data={})
    theirs = services.request_create(actor=manager, source=stand, target=v0, data={})
    for r in (mine, theirs):
        services.request_answer(actor=manager, meeting_request=r, accept=True)
    first, second = sorted([v0, stand], key=lambda p: p.pk)
    meeting = Meeting.objects.create(
        event=fair.event, request=mine, slot=fair.event.slots.first(), first=first, second=second
    )
    services.request_cancel(actor=fair.users["v0"], meeting_request=mine)
    meeting.refresh_from_db()
    assert meeting.request == theirs  # stays: the stand asked too
    with pytest.raises(PermissionDenied):
        services.request_cancel(actor=fair.users["v0"], meeting_request=theirs)
    services.request_cancel(actor=fair.users["stand"], meeting_request=theirs)
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    # A cancelled request may be sent again.
    services.request_create(actor=fair.users["v0"], source=v0, target=stand, data={})


# Last-minute bookings ------------------------------------------------------------------------


def _publish(event):
    event.status = EventStatus.PUBLISHED
    event.save()


def test_booking_needs_a_published_schedule(fair):
    with pytest.raises(ValidationError):
        services.meeting_book(
            actor=fair.users["v0"],
            source=fair.visitors[0],
            target=fair.stand,
            slot=fair.event.slots.first(),
        )


def test_booking_takes_a_seat_and_a_table_and_is_locked(fair):
    _publish(fair.event)
    slot = fair.event.slots.first()
    meeting = services.meeting_book(
        actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand, slot=slot, message="Hi"
    )
    assert meeting.locked and meeting.published and meeting.last_minute
    assert meeting.table == 1
    assert Seat.objects.filter(meeting=meeting).count() == 2
    assert meeting.request.status == "accepted" and meeting.request.last_minute
    # The stand holds two meetings at once; a third visitor finds it full.
    second = services.meeting_book(
        actor=fair.users["v1"], source=fair.visitors[1], target=fair.stand, slot=slot
    )
    assert second.table == 2
    with pytest.raises(ValidationError):
        services.meeting_book(
            actor=fair.users["v2"], source=fair.visitors[2], target=fair.stand, slot=slot
        )
    # A pair meets once.
    with pytest.raises(ValidationError):
        services.meeting_book(
            actor=fair.users["v0"],
            source=fair.visitors[0],
            target=fair.stand,
            slot=fair.event.slots.last(),
        )


def test_booking_respects_tables_and_absences(fair, manager):
    services.event_update(actor=manager, event=fair.event, data={"tables": 1})
    _publish(fair.event)
    slot = fair.event.slots.first()
    services.meeting_book(
        actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand, slot=slot
    )
    with pytest.raises(ValidationError):  # the only table is taken
        services.meeting_book(
            actor=fair.users["v1"], source=fair.visitors[1], target=fair.stand2, slot=slot
        )
    later = fair.event.slots.order_by("start")[1]
    fair.stand2.absent_slots.add(later)
    with pytest.raises(ValidationError):
        services.meeting_book(
            actor=fair.users["v1"], source=fair.visitors[1], target=fair.stand2, slot=later
        )


def test_booking_refused_to_others_and_after_a_decline(fair, outsider):
    _publish(fair.event)
    slot = fair.event.slots.first()
    with pytest.raises(PermissionDenied):
        services.meeting_book(actor=outsider, source=fair.visitors[0], target=fair.stand, slot=slot)
    request = services.request_create(
        actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand, data={}
    )
    services.request_answer(actor=fair.users["stand"], meeting_request=request, accept=False)
    with pytest.raises(ValidationError):
        services.meeting_book(
            actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand, slot=slot
        )


def test_booking_with_someone_who_asked_accepts_their_request(fair):
    _publish(fair.event)
    request = services.request_create(
        actor=fair.users["stand"], source=fair.stand, target=fair.visitors[0], data={}
    )
    meeting = services.meeting_book(
        actor=fair.users["v0"],
        source=fair.visitors[0],
        target=fair.stand,
        slot=fair.event.slots.first(),
    )
    request.refresh_from_db()
    assert meeting.request == request and request.status == "accepted"


def test_past_slots_cannot_be_booked(fair):
    _publish(fair.event)
    slot = fair.event.slots.first()
    slot.start = timezone.now() - dt.timedelta(hours=2)
    slot.end = timezone.now() - dt.timedelta(hours=1)
    slot.save()
    with pytest.raises(ValidationError):
        services.meeting_book(
            actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand, slot=slot
        )


def test_the_database_refuses_double_bookings(fair):
    """Even written around the services, a seat, a table and a pair are taken once."""
    _publish(fair.event)
    slot = fair.event.slots.first()
    meeting = services.meeting_book(
        actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand2, slot=slot
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(meeting=meeting, participant=fair.stand2, slot=slot, number=1)
    request = MeetingRequest.objects.create(
        event=fair.event, source=fair.visitors[1], target=fair.stand, status="accepted"
    )
    first, second = sorted([fair.visitors[1], fair.stand], key=lambda p: p.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            event=fair.event, request=request, slot=slot, first=first, second=second, table=1
        )
    a, b = sorted([fair.visitors[0], fair.stand2], key=lambda p: p.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            event=fair.event, request=request, slot=fair.event.slots.last(), first=a, second=b
        )


# After the event -----------------------------------------------------------------------------


def test_each_side_records_its_outcome(fair, outsider):
    _publish(fair.event)
    slot = fair.event.slots.first()
    meeting = services.meeting_book(
        actor=fair.users["v0"], source=fair.visitors[0], target=fair.stand, slot=slot
    )
    with pytest.raises(ValidationError):  # not before the meeting
        services.meeting_record_outcome(
            actor=fair.users["v0"], meeting=meeting, participant=fair.visitors[0], outcome="deal"
        )
    slot.start = timezone.now() - dt.timedelta(minutes=10)
    slot.save()
    meeting.refresh_from_db()
    services.meeting_record_outcome(
        actor=fair.users["v0"], meeting=meeting, participant=fair.visitors[0], outcome="deal"
    )
    services.meeting_record_outcome(
        actor=fair.users["stand"], meeting=meeting, participant=fair.stand, outcome="follow_up"
    )
    meeting.refresh_from_db()
    outcomes = {meeting.first_id: meeting.first_outcome, meeting.second_id: meeting.second_outcome}
    assert outcomes == {fair.visitors[0].pk: "deal", fair.stand.pk: "follow_up"}
    with pytest.raises(PermissionDenied):  # not for the other side, not for outsiders
        services.meeting_record_outcome(
            actor=fair.users["v0"], meeting=meeting, participant=fair.stand, outcome="none"
        )
    with pytest.raises(PermissionDenied):
        services.meeting_record_outcome(
            actor=outsider, meeting=meeting, participant=fair.stand, outcome="none"
        )
    with pytest.raises(ValidationError):
        services.meeting_record_outcome(
            actor=fair.users["v0"], meeting=meeting, participant=fair.visitors[0], outcome="?"
        )


def test_participants_cannot_publish_lock_or_cancel_meetings(fair):
    _publish(fair.event)
    meeting = services.meeting_book(
        actor=fair.users["v0"],
        source=fair.visitors[0],
        target=fair.stand,
        slot=fair.event.slots.first(),
    )
    user = fair.users["v0"]
    with pytest.raises(PermissionDenied):
        services.schedule_publish(actor=user, event=fair.event)
    with pytest.raises(PermissionDenied):
        services.meeting_set_locked(actor=user, meeting=meeting, locked=False)
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(actor=user, meeting=meeting)


def test_withdrawal_with_published_meetings_goes_through_the_organiser(fair, manager):
    _publish(fair.event)
    services.meeting_book(
        actor=fair.users["v0"],
        source=fair.visitors[0],
        target=fair.stand,
        slot=fair.event.slots.first(),
    )
    with pytest.raises(ValidationError):
        services.participant_withdraw(actor=fair.users["v0"], participant=fair.visitors[0])
    services.participant_withdraw(actor=manager, participant=fair.visitors[0])
    assert not Meeting.objects.exists()


def test_tables_cannot_drop_under_the_scheduled_meetings(fair, manager):
    _publish(fair.event)
    slot = fair.event.slots.first()
    for i in range(3):
        services.meeting_book(
            actor=fair.users[f"v{i}"],
            source=fair.visitors[i],
            target=fair.stand if i < 2 else fair.stand2,
            slot=slot,
        )
    with pytest.raises(ValidationError) as error:
        services.event_update(actor=manager, event=fair.event, data={"tables": 2})
    assert "tables" in error.value.message_dict
    services.event_update(actor=manager, event=fair.event, data={"tables": 3})
    services.event_update(actor=manager, event=fair.event, data={"tables": None})
