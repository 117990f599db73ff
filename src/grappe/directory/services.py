"""Writes on the directory: the one path for pages, API, commands and demo data.

Every service checks the actor's rights (grappe.directory.rules), validates with full_clean,
saves inside a transaction and logs the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grappe.audit.models import ChangeAction
from grappe.audit.services import forget_object, log_change, record_delete, record_save
from grappe.core.search import search_text_for
from grappe.directory import rules
from grappe.directory.models import (
    FinancingSource,
    Membership,
    MembershipDues,
    Network,
    OfferNeed,
    Organisation,
    Person,
)

NETWORK_M2M = ("perimeter", "branches", "parents", "managers")
ORGANISATION_M2M = ("editors",)


# Organisations -------------------------------------------------------------------------------


def organisation_create(*, actor: Any, data: Mapping[str, Any]) -> Organisation:
    rules.require(rules.can_create_organisation(actor))
    organisation = record_save(
        actor=actor,
        instance=Organisation(),
        data=data,
        m2m=ORGANISATION_M2M,
        search_text=search_text_for,
    )
    if not rules.is_admin(actor) and getattr(actor, "is_authenticated", False):
        # A manager who adds a firm may keep it until it joins their network.
        organisation.editors.add(actor)
    return organisation


def organisation_update(
    *, actor: Any, organisation: Organisation, data: Mapping[str, Any]
) -> Organisation:
    rules.require(rules.can_edit_organisation(actor, organisation))
    if "editors" in data:
        rules.require(rules.is_admin(actor))
    return record_save(
        actor=actor,
        instance=organisation,
        data=data,
        m2m=ORGANISATION_M2M,
        search_text=search_text_for,
    )


def organisation_delete(*, actor: Any, organisation: Organisation) -> None:
    rules.require(rules.can_delete_organisation(actor, organisation))
    record_delete(actor=actor, instance=organisation)


# Networks ------------------------------------------------------------------------------------


def network_create(
    *,
    actor: Any,
    data: Mapping[str, Any],
    financing: list[Mapping[str, Any]] | None = None,
) -> Network:
    rules.require(rules.can_create_network(actor))
    with transaction.atomic():
        network = record_save(
            actor=actor, instance=Network(), data=data, m2m=NETWORK_M2M, search_text=search_text_for
        )
        if financing is not None:
            _set_financing(network, financing)
    return network


def network_update(
    *,
    actor: Any,
    network: Network,
    data: Mapping[str, Any],
    financing: list[Mapping[str, Any]] | None = None,
) -> Network:
    rules.require(rules.can_edit_network(actor, network))
    if "managers" in data:
        rules.require(rules.is_admin(actor))
    if (
        network.pk
        and "parents" in data
        and network.pk in {getattr(p, "pk", p) for p in data["parents"]}
    ):
        raise ValidationError({"parents": _("A network cannot be its own parent.")})
    with transaction.atomic():
        network = record_save(
            actor=actor, instance=network, data=data, m2m=NETWORK_M2M, search_text=search_text_for
        )
        if financing is not None:
            _set_financing(network, financing)
    return network


def _set_financing(network: Network, financing: list[Mapping[str, Any]]) -> None:
    rows = [FinancingSource(network=network, **row) for row in financing]
    for row in rows:
        row.full_clean(exclude=["network"])
    network.financing.all().delete()
    FinancingSource.objects.bulk_create(rows)


def network_delete(*, actor: Any, network: Network) -> None:
    rules.require(rules.can_delete_network(actor, network))
    record_delete(actor=actor, instance=network)


# Memberships ---------------------------------------------------------------------------------


def membership_create(*, actor: Any, data: Mapping[str, Any]) -> Membership:
    network = data["network"]
    rules.require(rules.can_edit_membership(actor, network))
    return record_save(actor=actor, instance=Membership(), data=data)


def membership_update(*, actor: Any, membership: Membership, data: Mapping[str, Any]) -> Membership:
    rules.require(rules.can_edit_membership(actor, membership.network))
    if "network" in data and data["network"] != membership.network:
        rules.require(rules.can_edit_membership(actor, data["network"]))
    return record_save(actor=actor, instance=membership, data=data)


def membership_delete(*, actor: Any, membership: Membership) -> None:
    rules.require(rules.can_edit_membership(actor, membership.network))
    record_delete(actor=actor, instance=membership)


def membership_dues_set(
    *, actor: Any, membership: Membership, year: int, data: Mapping[str, Any]
) -> MembershipDues:
    """Record (or correct) one year's dues of a membership."""
    rules.require(rules.can_edit_membership(actor, membership.network))
    dues = MembershipDues.objects.filter(membership=membership, year=year).first()
    dues = dues or MembershipDues(membership=membership, year=year)
    return record_save(actor=actor, instance=dues, data=data, public=False)


# People --------------------------------------------------------------------------------------


def person_create(*, actor: Any, data: Mapping[str, Any]) -> Person:
    person = Person(**{k: v for k, v in data.items() if k == "organisation"})
    rules.require(
        rules.is_admin(actor)
        or (
            person.organisation is not None
            and rules.can_edit_organisation(actor, person.organisation)
        )
    )
    data = _with_consent_time(person, data)
    return record_save(actor=actor, instance=person, data=data, public=False)


def person_update(*, actor: Any, person: Person, data: Mapping[str, Any]) -> Person:
    rules.require(rules.can_edit_person(actor, person))
    new_org = data.get("organisation", person.organisation)
    if new_org is not None and new_org != person.organisation:
        rules.require(rules.can_edit_organisation(actor, new_org))
    data = _with_consent_time(person, data)
    return record_save(actor=actor, instance=person, data=data, public=False)


def _with_consent_time(person: Person, data: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "contact_consent" in data:
        if data["contact_consent"] and not person.contact_consent:
            data["consent_at"] = timezone.now()
        elif not data["contact_consent"]:
            data["consent_at"] = None
    return data


def person_delete(*, actor: Any, person: Person) -> None:
    rules.require(rules.can_edit_person(actor, person))
    record_delete(actor=actor, instance=person, public=False)


def person_erase(*, actor: Any, person: Person) -> None:
    """Erase a person's data for good (right to erasure): the record and its traces in the log."""
    rules.require(rules.can_edit_person(actor, person))
    pk = str(person.pk)
    with transaction.atomic():
        person.delete()
        forget_object(object_type="person", object_id=pk)
        log_change(actor=actor, action=ChangeAction.ERASED, instance=Person(pk=None), public=False)


# Offers and needs ----------------------------------------------------------------------------


def offer_need_create(*, actor: Any, data: Mapping[str, Any]) -> OfferNeed:
    rules.require(rules.can_edit_organisation(actor, data["organisation"]))
    return record_save(actor=actor, instance=OfferNeed(), data=data)


def offer_need_update(*, actor: Any, offer_need: OfferNeed, data: Mapping[str, Any]) -> OfferNeed:
    rules.require(rules.can_edit_offer_need(actor, offer_need))
    if "organisation" in data and data["organisation"] != offer_need.organisation:
        rules.require(rules.can_edit_organisation(actor, data["organisation"]))
    return record_save(actor=actor, instance=offer_need, data=data)


def offer_need_delete(*, actor: Any, offer_need: OfferNeed) -> None:
    rules.require(rules.can_edit_offer_need(actor, offer_need))
    record_delete(actor=actor, instance=offer_need)
