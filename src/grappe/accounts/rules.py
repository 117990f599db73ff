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
