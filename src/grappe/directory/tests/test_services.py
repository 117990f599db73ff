"""The permission matrix and the behaviour of directory writes."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from grappe.audit.models import ChangeLogEntry
from grappe.directory import selectors, services
from grappe.directory.models import Membership, Network, OfferNeedKind, Organisation, Person
from grappe.testing.factories import (
    MembershipFactory,
    OfferNeedFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

NETWORK_DATA = {"name": "Club de Wissembourg", "slug": "wissembourg", "kind": "business_club"}


def test_network_create_by_admin_logs_the_change(admin_user):
    network = services.network_create(actor=admin_user, data=NETWORK_DATA)
    assert network.search_text == "club de wissembourg"
    entry = ChangeLogEntry.objects.get(object_type="network")
    assert (entry.action, entry.actor, entry.object_label) == ("created", admin_user, network.name)


@pytest.mark.parametrize("who", ["manager", "member_user", "outsider", "anonymous"])
def test_network_create_refused_to_others(request, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.network_create(actor=user, data=NETWORK_DATA)
    assert not Network.objects.filter(slug="wissembourg").exists()


def test_manager_edits_own_network_only(manager, network, other_network):
    services.network_update(actor=manager, network=network, data={"objectives": "Entraide"})
    network.refresh_from_db()
    assert network.objectives == "Entraide"
    with pytest.raises(PermissionDenied):
        services.network_update(actor=manager, network=other_network, data={"objectives": "x"})


def test_manager_cannot_grant_managers(manager, network, outsider):
    with pytest.raises(PermissionDenied):
        services.network_update(actor=manager, network=network, data={"managers": [outsider]})


def test_network_cannot_be_its_own_parent(admin_user, network):
    with pytest.raises(ValidationError) as error:
        services.network_update(actor=admin_user, network=network, data={"parents": [network]})
    assert "parents" in error.value.message_dict


def test_network_update_validates_fields(admin_user, network):
    with pytest.raises(ValidationError) as error:
        services.network_update(actor=admin_user, network=network, data={"kind": "nonsense"})
    assert "kind" in error.value.message_dict
    network.refresh_from_db()
    assert network.kind == "business_club"


def test_network_financing_replaced_atomically(admin_user, network):
    services.network_update(
        actor=admin_user,
        network=network,
        data={},
        financing=[{"kind": "dues", "share_percent": 50}, {"kind": "public", "funder": "Région"}],
    )
    assert network.financing.count() == 2
    with pytest.raises(ValidationError):
        services.network_update(
            actor=admin_user, network=network, data={}, financing=[{"kind": "bogus"}]
        )
    assert network.financing.count() == 2


def test_manager_keeps_memberships_of_own_network(manager, network, other_network):
    org = OrganisationFactory()
    membership = services.membership_create(
        actor=manager, data={"organisation": org, "network": network, "since": dt.date(2015, 1, 1)}
    )
    assert membership.network == network
    with pytest.raises(PermissionDenied):
        services.membership_create(
            actor=manager, data={"organisation": org, "network": other_network}
        )
    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=manager, membership=membership, data={"network": other_network}
        )


def test_membership_until_before_since_is_refused(admin_user, network):
    with pytest.raises(ValidationError):
        services.membership_create(
            actor=admin_user,
            data={
                "organisation": OrganisationFactory(),
                "network": network,
                "since": dt.date(2015, 1, 1),
                "until": dt.date(2014, 1, 1),
            },
        )
    assert Membership.objects.count() == 0


def test_member_edits_own_organisation_only(member_user, member_org):
    other = OrganisationFactory()
    services.organisation_update(actor=member_user, organisation=member_org, data={"city": "Agen"})
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=member_user, organisation=other, data={"city": "Agen"})


def test_manager_edits_member_organisations(manager, member_org):
    services.organisation_update(actor=manager, organisation=member_org, data={"employees": 12})
    member_org.refresh_from_db()
    assert member_org.employees == 12


def test_former_member_no_longer_editable_by_manager(manager, network):
    org = OrganisationFactory()
    MembershipFactory(organisation=org, network=network, until=dt.date(2010, 1, 1))
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=manager, organisation=org, data={"city": "Agen"})


def test_member_cannot_delete_organisation(member_user, member_org):
    with pytest.raises(PermissionDenied):
        services.organisation_delete(actor=member_user, organisation=member_org)
    assert Organisation.objects.filter(pk=member_org.pk).exists()


def test_offer_need_rights_follow_the_organisation(member_user, member_org, outsider):
    item = services.offer_need_create(
        actor=member_user,
        data={
            "organisation": member_org,
            "direction": "offer",
            "kind": OfferNeedKind.EQUIPMENT,
            "title": "Cabine de peinture",
        },
    )
    with pytest.raises(PermissionDenied):
        services.offer_need_update(actor=outsider, offer_need=item, data={"title": "x"})
    with pytest.raises(PermissionDenied):
        services.offer_need_update(
            actor=member_user, offer_need=item, data={"organisation": OrganisationFactory()}
        )


def test_hidden_offers_of_unpublished_organisations():
    hidden = OrganisationFactory(published=False)
    OfferNeedFactory(organisation=hidden)
    shown = OfferNeedFactory()
    assert list(selectors.offer_need_list(user=AnonymousUser())) == [shown]


def test_person_consent_time_is_recorded(member_user, member_org):
    person = services.person_create(
        actor=member_user,
        data={"organisation": member_org, "last_name": "Martin", "contact_consent": True},
    )
    assert person.consent_at is not None
    services.person_update(actor=member_user, person=person, data={"contact_consent": False})
    person.refresh_from_db()
    assert person.consent_at is None


def test_person_export_and_erase(member_user, member_org, outsider):
    person = PersonFactory(organisation=member_org, last_name="Lefèvre", phone="00 00")
    services.person_update(actor=member_user, person=person, data={"role": "Président"})
    with pytest.raises(PermissionDenied):
        selectors.person_export(actor=outsider, person=person)
    exported = selectors.person_export(actor=member_user, person=person)
    assert exported["last_name"] == "Lefèvre"
    assert exported["role"] == "Président"
    assert [c["action"] for c in exported["changes"]] == ["updated"]
    with pytest.raises(PermissionDenied):
        services.person_erase(actor=outsider, person=person)
    services.person_erase(actor=member_user, person=person)
    assert not Person.objects.filter(last_name="Lefèvre").exists()
    assert not ChangeLogEntry.objects.filter(object_label__contains="Lefèvre").exists()


def test_member_and_employee_counts_derive_from_memberships(network):
    a = OrganisationFactory(employees=40)
    b = OrganisationFactory(employees=15)
    MembershipFactory(organisation=a, network=network, since=dt.date(2000, 1, 1))
    MembershipFactory(
        organisation=b, network=network, since=dt.date(2005, 1, 1), until=dt.date(2010, 12, 31)
    )
    figures = selectors.network_figures(network=network, day=dt.date(2008, 6, 1))
    assert (figures.members, figures.employees) == (2, 55)
    figures = selectors.network_figures(network=network, day=dt.date(2012, 6, 1))
    assert (figures.members, figures.employees) == (1, 40)


def test_anonymous_sees_published_networks_only(network):
    Network.objects.create(name="Brouillon", slug="brouillon", kind="other", published=False)
    assert list(selectors.network_list(user=AnonymousUser())) == [network]


def test_search_ignores_accents_and_case(admin_user):
    services.network_create(
        actor=admin_user, data={"name": "Vallée de l'Arve", "slug": "arve", "kind": "lps"}
    )
    names = [n.name for n in selectors.network_list(user=AnonymousUser(), query="VALLEE arve")]
    assert names == ["Vallée de l'Arve"]
    assert list(selectors.network_list(user=AnonymousUser(), query="vallée bresle")) == []
