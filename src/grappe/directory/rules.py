"""Who may see and change the directory (grappe.accounts.rules describes the roles).

- network manager: listed in `Network.managers`; edits those networks, their memberships and the
  profiles, people, offers and needs of the organisations that are current members;
- member: listed in `Organisation.editors`; edits that organisation's profile, people, offers and
  needs.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from grappe.accounts.rules import is_admin as is_admin
from grappe.accounts.rules import is_signed_in
from grappe.accounts.rules import require as require
from grappe.directory.models import Membership, Network, OfferNeed, Organisation, Person


def can_create_network(user: Any) -> bool:
    return is_admin(user)


def can_edit_network(user: Any, network: Network) -> bool:
    if is_admin(user):
        return True
    if not is_signed_in(user) or network.pk is None:
        return False
    return network.managers.filter(pk=user.pk).exists()


def can_delete_network(user: Any, network: Network) -> bool:
    return is_admin(user)


def managed_network_ids(user: Any) -> QuerySet[Any]:
    """The ids of the networks a signed-in user manages, as a subquery (no join, no DISTINCT)."""
    return Network.managers.through.objects.filter(user=user).values("network_id")


def manages_some_network(user: Any) -> bool:
    """Whether the user manages at least one network (the offers of "new …" buttons)."""
    return bool(is_signed_in(user) and user.managed_networks.exists())


def can_create_organisation(user: Any) -> bool:
    """Admins, and network managers who add the firms of their network."""
    return is_admin(user) or manages_some_network(user)


def editable_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations the user edits: admins all; editors theirs; managers the current
    members of their networks."""
    if is_admin(user):
        return Organisation.objects.all()
    if not is_signed_in(user):
        return Organisation.objects.none()
    edited = Organisation.editors.through.objects.filter(user=user).values("organisation_id")
    managed = Membership.objects.filter(network__managers=user, until__isnull=True).values(
        "organisation_id"
    )
    return Organisation.objects.filter(Q(pk__in=edited) | Q(pk__in=managed))


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    if is_admin(user):
        return True
    if not is_signed_in(user) or organisation.pk is None:
        return False
    return editable_organisations(user).filter(pk=organisation.pk).exists()


def can_delete_organisation(user: Any, organisation: Organisation) -> bool:
    return is_admin(user)


def can_edit_membership(user: Any, network: Network) -> bool:
    """Memberships are kept by the network's managers."""
    return can_edit_network(user, network)


def can_edit_person(user: Any, person: Person) -> bool:
    if is_admin(user):
        return True
    if not is_signed_in(user):
        return False
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return person.organisation is not None and can_edit_organisation(user, person.organisation)


def can_edit_offer_need(user: Any, offer_need: OfferNeed) -> bool:
    return can_edit_organisation(user, offer_need.organisation)


def visible_networks(user: Any) -> QuerySet[Network]:
    if is_admin(user):
        return Network.objects.all()
    if is_signed_in(user):
        # Subqueries rather than joins: no DISTINCT over large lists.
        return Network.objects.filter(Q(published=True) | Q(pk__in=managed_network_ids(user)))
    return Network.objects.filter(published=True)


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    if is_admin(user):
        return Organisation.objects.all()
    if is_signed_in(user):
        edited = Organisation.editors.through.objects.filter(user=user).values("organisation_id")
        managed = Membership.objects.filter(network__managers=user).values("organisation_id")
        return Organisation.objects.filter(Q(published=True) | Q(pk__in=edited) | Q(pk__in=managed))
    return Organisation.objects.filter(published=True)


def can_see_people(user: Any) -> bool:
    """People are listed to signed-in users only; contact details need consent or edit rights."""
    return is_signed_in(user)


def can_see_contact(user: Any, person: Person) -> bool:
    return (person.contact_consent and can_see_people(user)) or can_edit_person(user, person)


def contact_visible(user: Any) -> Q:
    """`can_see_contact` as a condition on people, for lists (one query, not one per person)."""
    if is_admin(user):
        return Q(pk__isnull=False)
    if not is_signed_in(user):
        return Q(pk__isnull=True)
    return Q(contact_consent=True) | Q(user=user) | Q(organisation__in=editable_organisations(user))
