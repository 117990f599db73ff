"""HTTP API of the directory: organisations, people, networks, memberships, offers and needs.

Each endpoint parses its input, resolves natural keys (grappe.core.schemas), makes one
service or selector call and returns an output schema; rights are checked by the services and
the selectors (grappe.directory.rules), never here.
"""

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from grappe.accounts.auth import SIGNED_IN, actor
from grappe.core.schemas import paginated
from grappe.directory import rules, selectors, services
from grappe.directory.models import Person
from grappe.directory.schemas.networks import (
    MembershipDuesIn,
    MembershipDuesOut,
    MembershipFilters,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    NetworkDetailOut,
    NetworkFilters,
    NetworkIn,
    NetworkOut,
    NetworkPatch,
)
from grappe.directory.schemas.organisations import (
    OfferNeedFilters,
    OfferNeedIn,
    OfferNeedOut,
    OfferNeedPatch,
    OrganisationDetailOut,
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    PersonFilters,
    PersonIn,
    PersonOut,
    PersonPatch,
)

# Organisations -------------------------------------------------------------------------------

organisations = Router(tags=["organisations"])


@organisations.get("", response=list[OrganisationOut], summary="List organisations")
@paginated
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    user = actor(request)
    return selectors.organisation_list(user=user, **filters.resolved(user))


@organisations.post(
    "", response={201: OrganisationDetailOut}, auth=SIGNED_IN, summary="Create an organisation"
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Any:
    user = actor(request)
    return Status(201, services.organisation_create(actor=user, data=payload.to_data(user)))


@organisations.get("/{slug}", response=OrganisationDetailOut, summary="Read an organisation")
def get_organisation(request: HttpRequest, slug: str) -> Any:
    return selectors.organisation_detail(user=actor(request), slug=slug)


@organisations.patch(
    "/{slug}", response=OrganisationDetailOut, auth=SIGNED_IN, summary="Update an organisation"
)
def update_organisation(request: HttpRequest, slug: str, payload: OrganisationPatch) -> Any:
    user = actor(request)
    organisation = selectors.organisation_detail(user=user, slug=slug)
    return services.organisation_update(
        actor=user, organisation=organisation, data=payload.to_data(user)
    )


@organisations.delete(
    "/{slug}", response={204: None}, auth=SIGNED_IN, summary="Delete an organisation"
)
def delete_organisation(request: HttpRequest, slug: str) -> Any:
    user = actor(request)
    organisation = selectors.organisation_detail(user=user, slug=slug)
    services.organisation_delete(actor=user, organisation=organisation)
    return Status(204, None)


# People --------------------------------------------------------------------------------------

people = Router(tags=["people"], auth=SIGNED_IN)


def _person(user: Any, ref: str) -> Person:
    return selectors.person_list(user=user).get(ref=ref)


@people.get("", response=list[PersonOut], summary="List people (signed-in users only)")
@paginated
def list_people(request: HttpRequest, filters: Query[PersonFilters]) -> Any:
    user = actor(request)
    return selectors.person_list(user=user, **filters.resolved(user))


@people.post("", response={201: PersonOut}, summary="Create a person")
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    user = actor(request)
    return Status(201, services.person_create(actor=user, data=payload.to_data(user)))


@people.get("/{ref}", response=PersonOut, summary="Read a person")
def get_person(request: HttpRequest, ref: str) -> Any:
    return _person(actor(request), ref)


@people.patch("/{ref}", response=PersonOut, summary="Update a person")
def update_person(request: HttpRequest, ref: str, payload: PersonPatch) -> Any:
    user = actor(request)
    person = _person(user, ref)
    return services.person_update(actor=user, person=person, data=payload.to_data(user))


@people.delete("/{ref}", response={204: None}, summary="Delete a person")
def delete_person(request: HttpRequest, ref: str) -> Any:
    user = actor(request)
    services.person_delete(actor=user, person=_person(user, ref))
    return Status(204, None)


@people.post(
    "/{ref}/erase",
    response={204: None},
    summary="Erase a person for good (right to erasure), with the traces in the change log",
)
def erase_person(request: HttpRequest, ref: str) -> Any:
    user = actor(request)
    services.person_erase(actor=user, person=_person(user, ref))
    return Status(204, None)


@people.get(
    "/{ref}/export",
    response=dict[str, Any],
    summary="Everything held about a person (right of access)",
)
def export_person(request: HttpRequest, ref: str) -> Any:
    user = actor(request)
    return selectors.person_export(actor=user, person=_person(user, ref))


# Networks ------------------------------------------------------------------------------------

networks = Router(tags=["networks"])


def _figures_on(request: HttpRequest, date: dt.date | None) -> None:
    """The day of the derived member counts the output shows (see schemas.NetworkOut)."""
    request.api_figures_date = date  # type: ignore[attr-defined]


@networks.get("", response=list[NetworkOut], summary="List networks")
@paginated
def list_networks(
    request: HttpRequest, filters: Query[NetworkFilters], date: dt.date | None = None
) -> Any:
    user = actor(request)
    _figures_on(request, date)
    networks = selectors.network_list(user=user, **filters.resolved(user))
    return selectors.with_figures(networks, day=date).prefetch_related(
        "perimeter",
        "branches",
        "financing",
        Prefetch("parents", queryset=rules.visible_networks(user)),
    )


@networks.post("", response={201: NetworkDetailOut}, auth=SIGNED_IN, summary="Create a network")
def create_network(request: HttpRequest, payload: NetworkIn) -> Any:
    user = actor(request)
    data = payload.to_data(user)
    financing = data.pop("financing", None)
    network = services.network_create(actor=user, data=data, financing=financing)
    return Status(201, selectors.network_detail(user=user, slug=network.slug))


@networks.get("/{slug}", response=NetworkDetailOut, summary="Read a network")
def get_network(request: HttpRequest, slug: str, date: dt.date | None = None) -> Any:
    _figures_on(request, date)
    return selectors.network_detail(user=actor(request), slug=slug)


@networks.patch("/{slug}", response=NetworkDetailOut, auth=SIGNED_IN, summary="Update a network")
def update_network(request: HttpRequest, slug: str, payload: NetworkPatch) -> Any:
    user = actor(request)
    network = selectors.network_detail(user=user, slug=slug)
    data = payload.to_data(user)
    financing = data.pop("financing", None)
    network = services.network_update(actor=user, network=network, data=data, financing=financing)
    return selectors.network_detail(user=user, slug=network.slug)


@networks.delete("/{slug}", response={204: None}, auth=SIGNED_IN, summary="Delete a network")
def delete_network(request: HttpRequest, slug: str) -> Any:
    user = actor(request)
    services.network_delete(actor=user, network=selectors.network_detail(user=user, slug=slug))
    return Status(204, None)


# Memberships ---------------------------------------------------------------------------------

memberships = Router(tags=["memberships"])


@memberships.get("", response=list[MembershipOut], summary="List memberships")
@paginated
def list_memberships(request: HttpRequest, filters: Query[MembershipFilters]) -> Any:
    user = actor(request)
    return selectors.membership_list(user=user, **filters.resolved(user))


@memberships.post("", response={201: MembershipOut}, auth=SIGNED_IN, summary="Create a membership")
def create_membership(request: HttpRequest, payload: MembershipIn) -> Any:
    user = actor(request)
    return Status(201, services.membership_create(actor=user, data=payload.to_data(user)))


@memberships.get("/{membership_id}", response=MembershipOut, summary="Read a membership")
def get_membership(request: HttpRequest, membership_id: int) -> Any:
    return selectors.membership_list(user=actor(request)).get(pk=membership_id)


@memberships.patch(
    "/{membership_id}", response=MembershipOut, auth=SIGNED_IN, summary="Update a membership"
)
def update_membership(request: HttpRequest, membership_id: int, payload: MembershipPatch) -> Any:
    user = actor(request)
    membership = selectors.membership_list(user=user).get(pk=membership_id)
    return services.membership_update(actor=user, membership=membership, data=payload.to_data(user))


@memberships.delete(
    "/{membership_id}", response={204: None}, auth=SIGNED_IN, summary="Delete a membership"
)
def delete_membership(request: HttpRequest, membership_id: int) -> Any:
    user = actor(request)
    services.membership_delete(
        actor=user, membership=selectors.membership_list(user=user).get(pk=membership_id)
    )
    return Status(204, None)


@memberships.put(
    "/{membership_id}/dues/{year}",
    response=MembershipDuesOut,
    auth=SIGNED_IN,
    summary="Record or correct one year's dues of a membership",
)
def set_membership_dues(
    request: HttpRequest,
    membership_id: int,
    payload: MembershipDuesIn,
    year: int = Path(..., ge=1000, le=9999),
) -> Any:
    user = actor(request)
    membership = selectors.membership_list(user=user).get(pk=membership_id)
    return services.membership_dues_set(
        actor=user, membership=membership, year=year, data=payload.model_dump()
    )


# Offers and needs ----------------------------------------------------------------------------

offers_needs = Router(tags=["offers and needs"])


@offers_needs.get("", response=list[OfferNeedOut], summary="List offers and needs")
@paginated
def list_offers_needs(request: HttpRequest, filters: Query[OfferNeedFilters]) -> Any:
    user = actor(request)
    return selectors.offer_need_list(user=user, **filters.resolved(user)).order_by(
        "-updated_at", "-pk"
    )


@offers_needs.post(
    "", response={201: OfferNeedOut}, auth=SIGNED_IN, summary="Create an offer or need"
)
def create_offer_need(request: HttpRequest, payload: OfferNeedIn) -> Any:
    user = actor(request)
    return Status(201, services.offer_need_create(actor=user, data=payload.to_data(user)))


@offers_needs.get("/{offer_need_id}", response=OfferNeedOut, summary="Read an offer or need")
def get_offer_need(request: HttpRequest, offer_need_id: int) -> Any:
    return selectors.offer_need_list(user=actor(request)).get(pk=offer_need_id)


@offers_needs.patch(
    "/{offer_need_id}", response=OfferNeedOut, auth=SIGNED_IN, summary="Update an offer or need"
)
def update_offer_need(request: HttpRequest, offer_need_id: int, payload: OfferNeedPatch) -> Any:
    user = actor(request)
    offer_need = selectors.offer_need_list(user=user).get(pk=offer_need_id)
    return services.offer_need_update(actor=user, offer_need=offer_need, data=payload.to_data(user))


@offers_needs.delete(
    "/{offer_need_id}", response={204: None}, auth=SIGNED_IN, summary="Delete an offer or need"
)
def delete_offer_need(request: HttpRequest, offer_need_id: int) -> Any:
    user = actor(request)
    offer_need = selectors.offer_need_list(user=user).get(pk=offer_need_id)
    services.offer_need_delete(actor=user, offer_need=offer_need)
    return Status(204, None)
