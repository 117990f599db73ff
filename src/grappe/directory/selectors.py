"""Reads on the directory: lists with search and filters, details, derived figures, exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from grappe.activities.selectors import activity_codes_under
from grappe.audit.models import ChangeLogEntry
from grappe.core.search import normalise
from grappe.directory import rules
from grappe.directory.models import (
    Membership,
    MembershipRole,
    MembershipType,
    Network,
    OfferNeed,
    Organisation,
    Person,
)
from grappe.territories.models import Territory
from grappe.territories.selectors import territory_with_descendants


def search_filter(query: str) -> Q:
    """Every word of the query must appear in the normalised search text (accents ignored)."""
    condition = Q()
    for word in normalise(query).split():
        condition &= Q(search_text__contains=word)
    return condition


def organisation_list(
    *,
    user: Any,
    query: str = "",
    kind: str = "",
    territory: Territory | None = None,
    branch: str = "",
    size_band: str = "",
    network: Network | None = None,
) -> QuerySet[Organisation]:
    qs = rules.visible_organisations(user)
    if query:
        qs = qs.filter(search_filter(query))
    if kind:
        qs = qs.filter(kind=kind)
    if size_band:
        qs = qs.filter(size_band=size_band)
    if territory is not None:
        qs = qs.filter(territory__in=territory_with_descendants(territory))
    if branch:
        qs = qs.filter(activity__in=activity_codes_under(branch))
    if network is not None:
        qs = qs.filter(memberships__network=network).distinct()
    return qs.select_related("territory", "activity").order_by("name", "pk")


def network_list(
    *,
    user: Any,
    query: str = "",
    kind: str = "",
    territory: Territory | None = None,
    branch: str = "",
) -> QuerySet[Network]:
    qs = rules.visible_networks(user)
    if query:
        qs = qs.filter(search_filter(query))
    if kind:
        qs = qs.filter(kind=kind)
    if territory is not None:
        qs = qs.filter(perimeter__in=territory_with_descendants(territory)).distinct()
    if branch:
        qs = qs.filter(branches__in=activity_codes_under(branch)).distinct()
    return qs.order_by("name", "pk")


@dataclass(frozen=True)
class NetworkFigures:
    """Member and employee counts derived from memberships, beside the source's own figures."""

    day: dt.date
    members: int
    employees: int
    reported_members: int | None
    reported_employees: int | None
    reported_year: int | None


def with_figures(networks: QuerySet[Network], *, day: dt.date | None = None) -> QuerySet[Network]:
    """`networks` with their member and employee counts on `day` (today by default), computed
    by the database for the whole list: what `network_figures` then reads."""
    day = day or dt.date.today()
    in_force = Membership.objects.filter(
        Q(since__isnull=True) | Q(since__lte=day),
        Q(until__isnull=True) | Q(until__gte=day),
        network=OuterRef("pk"),
    ).order_by()
    members = in_force.annotate(
        n=Func(F("organisation"), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")
    ).values("n")
    employees = (
        Organisation.objects.filter(pk__in=in_force.values("organisation"))
        .order_by()
        .annotate(total=Func(F("employees"), function="SUM"))
        .values("total")
    )
    return networks.annotate(
        figures_day=Value(day, output_field=DateField()),
        figures_members=Coalesce(Subquery(members), 0),
        figures_employees=Coalesce(Subquery(employees), 0),
    )


def network_figures(*, network: Network, day: dt.date | None = None) -> NetworkFigures:
    day = day or dt.date.today()
    counted = getattr(network, "figures_day", None) == day
    return NetworkFigures(
        day=day,
        members=network.figures_members if counted else network.member_count(day),  # type: ignore[attr-defined]
        employees=network.figures_employees if counted else network.employee_count(day),  # type: ignore[attr-defined]
        reported_members=network.reported_members,
        reported_employees=network.reported_employees,
        reported_year=network.reported_year,
    )


def network_detail(*, user: Any, slug: str) -> Network:
    """A visible network with what its sheet shows, in a fixed number of queries."""
    # Only what the members table shows: the page must stay fast for networks of hundreds.
    current = (
        Membership.objects.filter(until__isnull=True)
        .select_related("organisation")
        .only(
            "network_id",
            "membership_type",
            "role",
            "since",
            "until",
            "organisation__name",
            "organisation__slug",
            "organisation__employees",
        )
        .order_by("organisation__name", "pk")
    )
    return (
        rules.visible_networks(user)
        .prefetch_related(
            "perimeter",
            "branches",
            "financing",
            Prefetch("parents", queryset=rules.visible_networks(user)),
            Prefetch("children", queryset=rules.visible_networks(user)),
            Prefetch("memberships", queryset=current, to_attr="current_memberships"),
        )
        .get(slug=slug)
    )


def organisation_detail(*, user: Any, slug: str) -> Organisation:
    return (
        rules.visible_organisations(user)
        .select_related("territory", "activity")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("network").order_by("-since"),
            ),
            Prefetch("offers_needs", queryset=offer_need_list(user=user)),
        )
        .get(slug=slug)
    )


def offer_need_list(
    *, user: Any, direction: str = "", kind: str = "", query: str = ""
) -> QuerySet[OfferNeed]:
    qs = OfferNeed.objects.select_related("organisation", "activity", "territory")
    if not rules.is_admin(user):
        visible = rules.visible_organisations(user)
        mine = Q(organisation__editors=user) if getattr(user, "is_authenticated", False) else Q()
        qs = qs.filter(Q(published=True) | mine, organisation__in=visible)
    if direction:
        qs = qs.filter(direction=direction)
    if kind:
        qs = qs.filter(kind=kind)
    for word in query.split():
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return qs


def person_list(
    *, user: Any, query: str = "", organisation: Organisation | None = None
) -> QuerySet[Person]:
    """People of the organisations the user sees (all for admins), and the user's own record;
    each with `contact_shown`, whether the user may see its e-mail and phone."""
    rules.require(rules.can_see_people(user))
    qs = Person.objects.select_related("organisation")
    if not rules.is_admin(user):
        qs = qs.filter(Q(organisation__in=rules.visible_organisations(user)) | Q(user=user))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    for word in query.split():
        qs = qs.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(role__icontains=word)
        )
    return qs.annotate(contact_shown=_contact_shown(user)).order_by("last_name", "first_name", "pk")


def membership_list(
    *, user: Any, network: Network | None = None, organisation: Organisation | None = None
) -> QuerySet[Membership]:
    """Memberships between a network and an organisation the user both sees."""
    qs = Membership.objects.filter(
        network__in=rules.visible_networks(user),
        organisation__in=rules.visible_organisations(user),
    )
    if network is not None:
        qs = qs.filter(network=network)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return (
        qs.select_related("organisation", "network")
        .prefetch_related("dues")
        .order_by("network__name", "organisation__name", "pk")
    )


def people_of(*, user: Any, organisation: Organisation) -> list[Person]:
    """The organisation's people the user may see, each with `contact_shown`."""
    if not rules.can_see_people(user):
        return []
    return list(organisation.people.annotate(contact_shown=_contact_shown(user)))


def _contact_shown(user: Any) -> Case:
    """Whether the user may see a person's e-mail and phone (rules.can_see_contact)."""
    return Case(When(rules.contact_visible(user), then=True), default=False)


def person_export(*, actor: Any, person: Person) -> dict[str, Any]:
    """Everything Grappe holds about one person, for a data-access request."""
    rules.require(rules.can_edit_person(actor, person))
    log = ChangeLogEntry.objects.filter(object_type="person", object_id=str(person.pk))
    return {
        "ref": person.ref,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "role": person.role,
        "organisation": person.organisation.name if person.organisation else None,
        "email": person.email,
        "phone": person.phone,
        "contact_consent": person.contact_consent,
        "consent_at": person.consent_at.isoformat() if person.consent_at else None,
        "account": person.user.get_username() if person.user else None,
        "created_at": person.created_at.isoformat(),
        "updated_at": person.updated_at.isoformat(),
        "changes": [{"at": e.at.isoformat(), "action": e.action, "fields": e.fields} for e in log],
    }


def directory_counts(*, user: Any) -> dict[str, int]:
    return {
        "networks": rules.visible_networks(user).count(),
        "organisations": rules.visible_organisations(user).count(),
        "memberships": Membership.objects.count(),
        "offers_needs": OfferNeed.objects.filter(published=True).count(),
        "territories": Territory.objects.count(),
    }


def networks_by_kind(*, user: Any) -> list[dict[str, Any]]:
    return list(
        rules.visible_networks(user)
        .values("kind")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n")
    )


@dataclass(frozen=True)
class MemberRow:
    """One line of a network's members table, its labels already translated."""

    membership_id: int
    organisation_name: str
    organisation_url: str
    type_label: str
    role_label: str
    since: dt.date | None
    employees: int | None


def network_member_rows(*, network: Network) -> list[MemberRow]:
    """The current members of a network as shown on its sheet (after `network_detail`).

    The labels are looked up once per page: `get_…_display` per row would translate every
    choice again for each member, a real cost on networks of hundreds."""
    types = {value: str(label) for value, label in MembershipType.choices}
    roles = {value: str(label) for value, label in MembershipRole.choices}
    # One reverse() for the page, not one per member.
    url = reverse("organisation-detail", args=["-slug-"])
    return [
        MemberRow(
            m.pk,
            m.organisation.name,
            url.replace("-slug-", m.organisation.slug),
            types.get(m.membership_type, m.membership_type),
            roles.get(m.role, m.role),
            m.since,
            m.organisation.employees,
        )
        for m in network.current_memberships  # type: ignore[attr-defined]  # prefetched
    ]
