"""Who may do what: the one place every write is checked, for pages, API and commands alike.

Roles:
- platform admin: a superuser; may do everything;
- network manager: listed in `Network.managers`; edits those networks, their memberships and the
  profiles, people, offers and needs of the organisations that are current members;
- member: listed in `Organisation.editors`; edits that organisation's profile, people, offers and
  needs;
- anonymous visitors and other users read published content only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from grappe.directory.models import Membership, Network, OfferNeed, Organisation, Person


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def can_manage_territories(user: Any) -> bool:
    return is_admin(user)


def can_create_network(user: Any) -> bool:
    return is_admin(user)


def can_edit_network(user: Any, network: Network) -> bool:
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or network.pk is None:
        return False
    return network.managers.filter(pk=user.pk).exists()


def can_delete_network(user: Any, network: Network) -> bool:
    return is_admin(user)


def can_create_organisation(user: Any) -> bool:
    """Admins, and network managers who add the firms of their network."""
    if is_admin(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and user.managed_networks.exists())


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or organisation.pk is None:
        return False
    if organisation.editors.filter(pk=user.pk).exists():
        return True
    return Membership.objects.filter(
        organisation=organisation, network__managers=user, until__isnull=True
    ).exists()


def can_delete_organisation(user: Any, organisation: Organisation) -> bool:
    return is_admin(user)


def can_edit_membership(user: Any, network: Network) -> bool:
    """Memberships are kept by the network's managers."""
    return can_edit_network(user, network)


def can_edit_person(user: Any, person: Person) -> bool:
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return person.organisation is not None and can_edit_organisation(user, person.organisation)


def can_edit_offer_need(user: Any, offer_need: OfferNeed) -> bool:
    return can_edit_organisation(user, offer_need.organisation)


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless `allowed`; services call it before every write."""
    if not allowed:
        raise PermissionDenied


def visible_networks(user: Any) -> QuerySet[Network]:
    if is_admin(user):
        return Network.objects.all()
    if getattr(user, "is_authenticated", False):
        # Subqueries rather than joins: no DISTINCT over large lists.
        managed = Network.managers.through.objects.filter(user=user).values("network_id")
        return Network.objects.filter(Q(published=True) | Q(pk__in=managed))
    return Network.objects.filter(published=True)


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    if is_admin(user):
        return Organisation.objects.all()
    if getattr(user, "is_authenticated", False):
        edited = Organisation.editors.through.objects.filter(user=user).values("organisation_id")
        managed = Membership.objects.filter(network__managers=user).values("organisation_id")
        return Organisation.objects.filter(Q(published=True) | Q(pk__in=edited) | Q(pk__in=managed))
    return Organisation.objects.filter(published=True)


def can_see_people(user: Any) -> bool:
    """People are listed to signed-in users only; contact details need consent or edit rights."""
    return bool(getattr(user, "is_authenticated", False))


def can_see_contact(user: Any, person: Person) -> bool:
    return (person.contact_consent and can_see_people(user)) or can_edit_person(user, person)


# Events: exchange fairs and B2B meetings -----------------------------------------------------
#
# - organiser: a manager of the event's organising network, or a platform admin; edits the
#   event, registers anyone, schedules, publishes, sees everything of the event;
# - participant: an editor of a registered organisation, or one of its representatives with an
#   account; edits its own registration, sends and answers its own requests, books, sees its own
#   requests and timetable and the profiles of the other participants.


def can_create_event(user: Any, network: Network | None = None) -> bool:
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if network is None:
        return bool(user.managed_networks.exists())
    return can_edit_network(user, network)


def can_organise_event(user: Any, event: Any) -> bool:
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or event.network_id is None:
        return False
    return Network.managers.through.objects.filter(
        network_id=event.network_id, user_id=user.pk
    ).exists()


def can_see_event(user: Any, event: Any) -> bool:
    return event.status != "draft" or can_organise_event(user, event)


def visible_events(user: Any) -> QuerySet[Any]:
    from grappe.events.models import Event

    if is_admin(user):
        return Event.objects.all()
    if getattr(user, "is_authenticated", False):
        managed = Network.managers.through.objects.filter(user=user).values("network_id")
        return Event.objects.filter(~Q(status="draft") | Q(network_id__in=managed))
    return Event.objects.exclude(status="draft")


def acts_for_participant(user: Any, participant: Any) -> bool:
    """The participant's own people: its organisation's editors and its representatives."""
    if not getattr(user, "is_authenticated", False) or participant.pk is None:
        return False
    if Organisation.editors.through.objects.filter(
        organisation_id=participant.organisation_id, user_id=user.pk
    ).exists():
        return True
    return participant.representatives.filter(user_id=user.pk).exists()


def participants_of_user(user: Any, event: Any) -> QuerySet[Any]:
    """The registrations of `event` the user acts for (usually one)."""
    from grappe.events.models import Participant

    if not getattr(user, "is_authenticated", False):
        return Participant.objects.none()
    edited = Organisation.editors.through.objects.filter(user=user).values("organisation_id")
    represented = Person.objects.filter(user=user).values("pk")
    return Participant.objects.filter(
        Q(organisation_id__in=edited) | Q(representatives__in=represented), event=event
    ).distinct()


def can_register_for_event(user: Any, event: Any, organisation: Organisation) -> bool:
    if can_organise_event(user, event):
        return True
    if event.status == "draft" or not getattr(user, "is_authenticated", False):
        return False
    return Organisation.editors.through.objects.filter(
        organisation_id=organisation.pk, user_id=user.pk
    ).exists()


def can_edit_participant(user: Any, participant: Any) -> bool:
    return can_organise_event(user, participant.event) or acts_for_participant(user, participant)


def can_see_participants(user: Any, event: Any) -> bool:
    """Profiles are shown to the event's participants and organisers."""
    return can_organise_event(user, event) or participants_of_user(user, event).exists()


def can_request_meeting(user: Any, source: Any) -> bool:
    return can_edit_participant(user, source)


def can_answer_request(user: Any, meeting_request: Any) -> bool:
    return can_edit_participant(user, meeting_request.target)


def can_cancel_request(user: Any, meeting_request: Any) -> bool:
    return can_edit_participant(user, meeting_request.source)


def can_schedule_event(user: Any, event: Any) -> bool:
    return can_organise_event(user, event)


def can_see_timetable(user: Any, participant: Any) -> bool:
    return can_edit_participant(user, participant)


def can_book_meeting(user: Any, participant: Any) -> bool:
    return can_edit_participant(user, participant)


def can_edit_meeting(user: Any, meeting: Any) -> bool:
    """Moving, locking or cancelling a scheduled meeting is the organiser's."""
    return can_organise_event(user, meeting.event)


def can_record_outcome(user: Any, meeting: Any, participant: Any) -> bool:
    if participant.pk not in (meeting.first_id, meeting.second_id):
        return False
    return can_edit_participant(user, participant)


# Experiences (knowledge base): platform admins and the managers of the experience's network
# write; everyone reads published experiences.


def can_create_experience(user: Any, network: Network | None) -> bool:
    """Admins, and managers of `network` for an experience of that network."""
    if is_admin(user):
        return True
    return network is not None and can_edit_network(user, network)


def can_edit_experience(user: Any, experience: Any) -> bool:
    if is_admin(user):
        return True
    network = experience.network if experience.network_id is not None else None
    return network is not None and can_edit_network(user, network)


def can_delete_experience(user: Any, experience: Any) -> bool:
    return can_edit_experience(user, experience)


def visible_experiences(user: Any) -> QuerySet[Any]:
    from grappe.experiences.models import Experience

    if is_admin(user):
        return Experience.objects.all()
    if getattr(user, "is_authenticated", False):
        managed = Network.managers.through.objects.filter(user=user).values("network_id")
        return Experience.objects.filter(Q(published=True) | Q(network_id__in=managed))
    return Experience.objects.filter(published=True)


def can_create_some_experience(user: Any) -> bool:
    """Whether to offer "new experience": admins, and managers of at least one network."""
    if is_admin(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and user.managed_networks.exists())
