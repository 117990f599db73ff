"""Plain factory_boy factories for tests."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from grappe.directory.models import (
    Activity,
    Membership,
    Network,
    NetworkKind,
    OfferNeed,
    OfferNeedDirection,
    OfferNeedKind,
    Organisation,
    OrganisationKind,
    Person,
)
from grappe.directory.search import search_text_for
from grappe.territories.models import Territory, TerritoryLevel


class _Searchable(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @factory.post_generation
    def _search_text(obj, create, extracted, **kwargs):
        obj.search_text = search_text_for(obj)
        if create:
            type(obj).objects.filter(pk=obj.pk).update(search_text=obj.search_text)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")


class AdminFactory(UserFactory):
    is_superuser = True
    is_staff = True


class TerritoryFactory(_Searchable):
    class Meta:
        model = Territory
        skip_postgeneration_save = True

    level = TerritoryLevel.DEPARTEMENT
    code = factory.Sequence(lambda n: f"{10 + n % 80:02d}{n}")
    key = factory.LazyAttribute(lambda t: f"{t.level}:{t.code}")
    name = factory.Sequence(lambda n: f"Territoire {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        django_get_or_create = ("code",)

    code = "C"
    level = "section"
    label_fr = "Industrie manufacturière"
    label_en = "Manufacturing"


class OrganisationFactory(_Searchable):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    slug = factory.Sequence(lambda n: f"entreprise-{n}")
    kind = OrganisationKind.COMPANY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Claire"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"claire{n}@example.org")


class NetworkFactory(_Searchable):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Club {n}")
    slug = factory.Sequence(lambda n: f"club-{n}")
    kind = NetworkKind.BUSINESS_CLUB


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    network = factory.SubFactory(NetworkFactory)


class OfferNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferNeed

    organisation = factory.SubFactory(OrganisationFactory)
    direction = OfferNeedDirection.OFFER
    kind = OfferNeedKind.EQUIPMENT
    title = factory.Sequence(lambda n: f"Presse plieuse {n}")
