"""Plain factory_boy factories for tests."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from grappe.activities.models import Activity
from grappe.core.search import search_text_for
from grappe.directory.models import (
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
from grappe.events.services import sync_slots
from grappe.experiences.services import experience_create
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


# Events --------------------------------------------------------------------------------------


def _days_ahead(days: int):
    return datetime.date.today() + datetime.timedelta(days=days)


def _clock(hour: int):
    return datetime.time(hour, 0)


class EventFactory(factory.django.DjangoModelFactory):
    """An open one-day event, 09:00-12:00 in 30-minute meetings (6 slots), slots generated."""

    class Meta:
        model = "events.Event"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bourse d'échanges {n}")
    slug = factory.Sequence(lambda n: f"bourse-{n}")
    network = factory.SubFactory(NetworkFactory)
    venue = "Palais des congrès"
    start_date = factory.LazyFunction(lambda: _days_ahead(30))
    end_date = factory.LazyAttribute(lambda e: e.start_date)
    day_start = factory.LazyFunction(lambda: _clock(9))
    day_end = factory.LazyFunction(lambda: _clock(12))
    meeting_minutes = 30
    status = "open"

    @factory.post_generation
    def _slots(obj, create, extracted, **kwargs):
        if create:
            sync_slots(obj)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Participant"

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    capacity = 1


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.MeetingRequest"

    source = factory.SubFactory(ParticipantFactory)
    target = factory.SubFactory(ParticipantFactory, event=factory.SelfAttribute("..source.event"))
    event = factory.SelfAttribute("source.event")
    priority = 2
    status = "accepted"


class ExperienceFactory(factory.django.DjangoModelFactory):
    """An experience made through its service (so its derived fields are set), by an admin.

    Pass `themes`, `partners` and `figures` as the service takes them, and `actor` to write as
    someone else.
    """

    class Meta:
        model = "experiences.Experience"

    ref = factory.Sequence(lambda n: f"exp-{n}")
    title_fr = factory.Sequence(lambda n: f"Expérience {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        actor = kwargs.pop("actor", None) or AdminFactory(username="experience-factory")
        children = {name: kwargs.pop(name, ()) for name in ("themes", "partners", "figures")}
        return experience_create(actor=actor, data=kwargs, **children)
