"""The rules said twice, once per object and once as a query for lists, say the same."""

import pytest
from django.contrib.auth.models import AnonymousUser

from grappe.directory import rules
from grappe.directory.models import Organisation, Person
from grappe.testing.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(admin_user, manager, member_user, outsider, network):
    former = OrganisationFactory(slug="former")
    MembershipFactory(organisation=former, network=network, until="2020-01-01")
    people = [
        PersonFactory(organisation=org, contact_consent=consent)
        for org in [*Organisation.objects.all(), None]
        for consent in (True, False)
    ]
    people.append(PersonFactory(organisation=None, user=outsider))
    return [admin_user, manager, member_user, outsider, AnonymousUser()], people


def test_contact_visible_is_can_see_contact_over_a_list(everyone):
    users, people = everyone
    for user in users:
        listed = set(
            Person.objects.filter(rules.contact_visible(user)).values_list("pk", flat=True)
        )
        one_by_one = {p.pk for p in people if rules.can_see_contact(user, p)}
        assert listed == one_by_one, user


def test_editable_organisations_is_can_edit_organisation_over_a_list(everyone):
    users, _people = everyone
    for user in users:
        listed = set(rules.editable_organisations(user).values_list("pk", flat=True))
        one_by_one = {
            o.pk for o in Organisation.objects.all() if rules.can_edit_organisation(user, o)
        }
        assert listed == one_by_one, user
        assert listed or not getattr(user, "is_authenticated", False) or user.username == "outsider"
