"""Who may do what at exchange fairs and B2B meetings (grappe.accounts.rules describes the roles).

- organiser: a manager of the event's organising network, or a platform admin; edits the
  event, registers anyone, schedules, publishes, sees everything of the event;
- participant: an editor of a registered organisation, or one of its representatives with an
  account; edits its own registration, sends and answers its own requests, books, sees its own
  requests and timetable and the profiles of the other participants.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from grappe.accounts.rules import is_admin as is_admin
from grappe.accounts.rules import is_signed_in
from grappe.accounts.rules import require as require
from grappe.directory.models import Network, Organisation, Person
from grappe.directory.rules import can_edit_network, managed_network_ids, manages_some_network
from grappe.events.models import Event, EventStatus, Meeting, MeetingRequest, Participant


def can_create_event(user: Any, network: Network | None = None) -> bool:
    if is_admin(user):
        return True
    if not is_signed_in(user):
        return False
    if network is None:
        return manages_some_network(user)
    return can_edit_network(user, network)


def can_organise_event(user: Any, event: Event) -> bool:
    if is_admin(user):
        return True
    if not is_signed_in(user) or event.network_id is None:
        return False
    return Network.managers.through.objects.filter(
        network_id=event.network_id, user_id=user.pk
    ).exists()


def can_see_event(user: Any, event: Event) -> bool:
    return event.status != EventStatus.DRAFT or can_organise_event(user, event)


def visible_events(user: Any) -> QuerySet[Event]:
    if is_admin(user):
        return Event.objects.all()
    if is_signed_in(user):
        managed = managed_network_ids(user)
        return Event.objects.filter(~Q(status=EventStatus.DRAFT) | Q(network_id__in=managed))
    return Event.objects.exclude(status=EventStatus.DRAFT)


def acts_for_participant(user: Any, participant: Participant) -> bool:
    """The participant's own people: its organisation's editors and its representatives."""
    if not is_signed_in(user) or participant.pk is None:
        return False
    if Organisation.editors.through.objects.filter(
        organisation_id=participant.organisation_id, user_id=user.pk
    ).exists():
        return True
    return participant.representatives.filter(user_id=user.pk).exists()


def participants_of_user(user: Any, event: Event) -> QuerySet[Participant]:
    """The registrations of `event` the user acts for (usually one)."""
    if not is_signed_in(user):
        return Participant.objects.none()
    edited = Organisation.editors.through.objects.filter(user=user).values("organisation_id")
    represented = Person.objects.filter(user=user).values("pk")
    return Participant.objects.filter(
        Q(organisation_id__in=edited) | Q(representatives__in=represented), event=event
    ).distinct()


def can_register_for_event(user: Any, event: Event, organisation: Organisation) -> bool:
    if can_organise_event(user, event):
        return True
    if event.status == EventStatus.DRAFT or not is_signed_in(user):
        return False
    return Organisation.editors.through.objects.filter(
        organisation_id=organisation.pk, user_id=user.pk
    ).exists()


def can_edit_participant(user: Any, participant: Participant) -> bool:
    return can_organise_event(user, participant.event) or acts_for_participant(user, participant)


def can_see_participants(user: Any, event: Event) -> bool:
    """Profiles are shown to the event's participants and organisers."""
    return can_organise_event(user, event) or participants_of_user(user, event).exists()


def can_request_meeting(user: Any, source: Participant) -> bool:
    return can_edit_participant(user, source)


def can_answer_request(user: Any, meeting_request: MeetingRequest) -> bool:
    return can_edit_participant(user, meeting_request.target)


def can_cancel_request(user: Any, meeting_request: MeetingRequest) -> bool:
    return can_edit_participant(user, meeting_request.source)


def can_schedule_event(user: Any, event: Event) -> bool:
    return can_organise_event(user, event)


def can_see_timetable(user: Any, participant: Participant) -> bool:
    return can_edit_participant(user, participant)


def can_book_meeting(user: Any, participant: Participant) -> bool:
    return can_edit_participant(user, participant)


def can_edit_meeting(user: Any, meeting: Meeting) -> bool:
    """Moving, locking or cancelling a scheduled meeting is the organiser's."""
    return can_organise_event(user, meeting.event)


def can_record_outcome(user: Any, meeting: Meeting, participant: Participant) -> bool:
    if participant.pk not in (meeting.first_id, meeting.second_id):
        return False
    return can_edit_participant(user, participant)
