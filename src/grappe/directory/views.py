"""Directory pages: networks, organisations, memberships, offers and needs, people."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grappe.core.editing import delete_page, form_page
from grappe.core.listing import list_page, object_or_404
from grappe.directory import rules, selectors, services
from grappe.directory.forms import (
    MembershipForm,
    NetworkForm,
    OfferNeedForm,
    OrganisationForm,
    PersonForm,
)
from grappe.directory.models import (
    Membership,
    NetworkKind,
    OfferNeed,
    OfferNeedDirection,
    OfferNeedKind,
    OrganisationKind,
    Person,
    SizeBand,
)
from grappe.territories import rules as territory_rules
from grappe.territories import selectors as territory_selectors
from grappe.territories.models import Territory


def _territory_filter(request: HttpRequest) -> Territory | None:
    key = request.GET.get("territory", "").strip()
    return Territory.objects.filter(key=key).first() if key else None


# Territory sheets ----------------------------------------------------------------------------
# A territory's sheet lists the networks in it, so the directory serves it (grappe.territories
# lies below the directory and does not know its networks).


def territory_detail(request: HttpRequest, key: str) -> HttpResponse:
    territory = get_object_or_404(Territory.objects.select_related("parent"), key=key)
    children = territory_selectors.territory_list(parent=territory)
    return render(
        request,
        "territories/territory_detail.html",
        {
            "territory": territory,
            "ancestors": territory_selectors.territory_ancestors(territory=territory),
            "density": territory_selectors.density_explanation(
                territory_selectors.territory_density(territory=territory)
            ),
            "map": territory_selectors.perimeter_map([territory]),
            "children": children[:200],
            "children_count": children.count(),
            "networks": selectors.network_list(user=request.user, territory=territory)[:50],
            "can_edit": territory_rules.can_manage_territories(request.user),
        },
    )


# Networks ------------------------------------------------------------------------------------


def network_list(request: HttpRequest) -> HttpResponse:
    territory = _territory_filter(request)
    networks = selectors.network_list(
        user=request.user,
        query=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
        territory=territory,
        branch=request.GET.get("branch", "").strip(),
    )
    return list_page(
        request,
        networks,
        "directory/network_list.html",
        {
            "kinds": NetworkKind.choices,
            "territory": territory,
            "can_create": rules.can_create_network(request.user),
        },
    )


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = object_or_404(selectors.network_detail, user=request.user, slug=slug)
    return render(
        request,
        "directory/network_detail.html",
        {
            "network": network,
            "figures": selectors.network_figures(network=network),
            "members": selectors.network_member_rows(network=network),
            "map": territory_selectors.perimeter_map(list(network.perimeter.all())),
            "can_edit": rules.can_edit_network(request.user, network),
            "can_delete": rules.can_delete_network(request.user, network),
        },
    )


@login_required
def network_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        form_class=NetworkForm,
        instance=None,
        allowed=rules.can_create_network(request.user),
        save=lambda data: services.network_create(actor=request.user, data=data),
        success_url=lambda n: reverse("network-detail", args=[n.slug]),
        title=_("New network"),
        cancel_url=reverse("network-list"),
    )


@login_required
def network_edit(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(rules.visible_networks(request.user), slug=slug)
    return form_page(
        request,
        form_class=NetworkForm,
        instance=network,
        allowed=rules.can_edit_network(request.user, network),
        save=lambda data: services.network_update(actor=request.user, network=network, data=data),
        success_url=lambda n: reverse("network-detail", args=[n.slug]),
        title=_("Edit %(name)s") % {"name": network.name},
        cancel_url=reverse("network-detail", args=[network.slug]),
    )


@login_required
def network_delete(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(rules.visible_networks(request.user), slug=slug)
    return delete_page(
        request,
        instance=network,
        allowed=rules.can_delete_network(request.user, network),
        delete=lambda: services.network_delete(actor=request.user, network=network),
        success_url=reverse("network-list"),
        cancel_url=reverse("network-detail", args=[network.slug]),
    )


# Memberships ---------------------------------------------------------------------------------


@login_required
def membership_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(rules.visible_networks(request.user), slug=slug)
    return form_page(
        request,
        form_class=MembershipForm,
        instance=None,
        allowed=rules.can_edit_membership(request.user, network),
        save=lambda data: services.membership_create(
            actor=request.user, data=data | {"network": network}
        ),
        success_url=lambda m: reverse("network-detail", args=[network.slug]) + "#members",
        title=_("New member of %(name)s") % {"name": network.name},
        cancel_url=reverse("network-detail", args=[network.slug]),
    )


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("network"), pk=pk)
    network = membership.network
    return form_page(
        request,
        form_class=MembershipForm,
        instance=membership,
        allowed=rules.can_edit_membership(request.user, network),
        save=lambda data: services.membership_update(
            actor=request.user, membership=membership, data=data
        ),
        success_url=lambda m: reverse("network-detail", args=[network.slug]) + "#members",
        title=_("Membership: %(name)s") % {"name": str(membership)},
        cancel_url=reverse("network-detail", args=[network.slug]),
    )


@login_required
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("network"), pk=pk)
    url = reverse("network-detail", args=[membership.network.slug])
    return delete_page(
        request,
        instance=membership,
        allowed=rules.can_edit_membership(request.user, membership.network),
        delete=lambda: services.membership_delete(actor=request.user, membership=membership),
        success_url=url,
        cancel_url=url,
    )


# Organisations -------------------------------------------------------------------------------


def organisation_list(request: HttpRequest) -> HttpResponse:
    territory = _territory_filter(request)
    organisations = selectors.organisation_list(
        user=request.user,
        query=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
        territory=territory,
        branch=request.GET.get("branch", "").strip(),
        size_band=request.GET.get("size_band", ""),
    )
    return list_page(
        request,
        organisations,
        "directory/organisation_list.html",
        {
            "kinds": OrganisationKind.choices,
            "size_bands": SizeBand.choices,
            "territory": territory,
            "can_create": rules.can_create_organisation(request.user),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = object_or_404(selectors.organisation_detail, user=request.user, slug=slug)
    people = selectors.people_of(user=request.user, organisation=organisation)
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "people": [(p, p.contact_shown) for p in people],
            "can_edit": rules.can_edit_organisation(request.user, organisation),
            "can_delete": rules.can_delete_organisation(request.user, organisation),
        },
    )


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        form_class=OrganisationForm,
        instance=None,
        allowed=rules.can_create_organisation(request.user),
        save=lambda data: services.organisation_create(actor=request.user, data=data),
        success_url=lambda o: reverse("organisation-detail", args=[o.slug]),
        title=_("New organisation"),
        cancel_url=reverse("organisation-list"),
    )


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(rules.visible_organisations(request.user), slug=slug)
    return form_page(
        request,
        form_class=OrganisationForm,
        instance=organisation,
        allowed=rules.can_edit_organisation(request.user, organisation),
        save=lambda data: services.organisation_update(
            actor=request.user, organisation=organisation, data=data
        ),
        success_url=lambda o: reverse("organisation-detail", args=[o.slug]),
        title=_("Edit %(name)s") % {"name": organisation.name},
        cancel_url=reverse("organisation-detail", args=[organisation.slug]),
    )


@login_required
def organisation_delete(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(rules.visible_organisations(request.user), slug=slug)
    return delete_page(
        request,
        instance=organisation,
        allowed=rules.can_delete_organisation(request.user, organisation),
        delete=lambda: services.organisation_delete(actor=request.user, organisation=organisation),
        success_url=reverse("organisation-list"),
        cancel_url=reverse("organisation-detail", args=[organisation.slug]),
    )


# Offers and needs ----------------------------------------------------------------------------


def offer_need_list(request: HttpRequest) -> HttpResponse:
    items = selectors.offer_need_list(
        user=request.user,
        direction=request.GET.get("direction", ""),
        kind=request.GET.get("kind", ""),
        query=request.GET.get("q", ""),
    )
    return list_page(
        request,
        items,
        "directory/offer_need_list.html",
        {"directions": OfferNeedDirection.choices, "kinds": OfferNeedKind.choices},
    )


@login_required
def offer_need_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(rules.visible_organisations(request.user), slug=slug)
    return form_page(
        request,
        form_class=OfferNeedForm,
        instance=None,
        allowed=rules.can_edit_organisation(request.user, organisation),
        save=lambda data: services.offer_need_create(
            actor=request.user, data=data | {"organisation": organisation}
        ),
        success_url=lambda o: reverse("organisation-detail", args=[organisation.slug]),
        title=_("New offer or need of %(name)s") % {"name": organisation.name},
        cancel_url=reverse("organisation-detail", args=[organisation.slug]),
        initial={"direction": request.GET.get("direction", "offer")},
    )


@login_required
def offer_need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(OfferNeed.objects.select_related("organisation"), pk=pk)
    url = reverse("organisation-detail", args=[item.organisation.slug])
    return form_page(
        request,
        form_class=OfferNeedForm,
        instance=item,
        allowed=rules.can_edit_offer_need(request.user, item),
        save=lambda data: services.offer_need_update(
            actor=request.user, offer_need=item, data=data
        ),
        success_url=lambda o: url,
        title=_("Edit %(name)s") % {"name": item.title},
        cancel_url=url,
    )


@login_required
def offer_need_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(OfferNeed.objects.select_related("organisation"), pk=pk)
    url = reverse("organisation-detail", args=[item.organisation.slug])
    return delete_page(
        request,
        instance=item,
        allowed=rules.can_edit_offer_need(request.user, item),
        delete=lambda: services.offer_need_delete(actor=request.user, offer_need=item),
        success_url=url,
        cancel_url=url,
    )


# People --------------------------------------------------------------------------------------


@login_required
def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(rules.visible_organisations(request.user), slug=slug)
    url = reverse("organisation-detail", args=[organisation.slug])
    return form_page(
        request,
        form_class=PersonForm,
        instance=None,
        allowed=rules.can_edit_organisation(request.user, organisation),
        save=lambda data: services.person_create(
            actor=request.user, data=data | {"organisation": organisation}
        ),
        success_url=lambda p: url,
        title=_("New person at %(name)s") % {"name": organisation.name},
        cancel_url=url,
    )


@login_required
def person_edit(request: HttpRequest, ref: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("organisation"), ref=ref)
    url = _person_back_url(person)
    return form_page(
        request,
        form_class=PersonForm,
        instance=person,
        allowed=rules.can_edit_person(request.user, person),
        save=lambda data: services.person_update(actor=request.user, person=person, data=data),
        success_url=lambda p: url,
        title=_("Edit %(name)s") % {"name": str(person)},
        cancel_url=url,
    )


def _person_back_url(person: Person) -> str:
    if person.organisation is not None:
        return reverse("organisation-detail", args=[person.organisation.slug])
    return reverse("home")


@login_required
def person_erase(request: HttpRequest, ref: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("organisation"), ref=ref)
    url = _person_back_url(person)
    return delete_page(
        request,
        instance=person,
        allowed=rules.can_edit_person(request.user, person),
        delete=lambda: services.person_erase(actor=request.user, person=person),
        success_url=url,
        cancel_url=url,
    )


@login_required
@require_POST
def person_export(request: HttpRequest, ref: str) -> HttpResponse:
    person = get_object_or_404(Person, ref=ref)
    data = selectors.person_export(actor=request.user, person=person)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.ref}.json"'
    return response
