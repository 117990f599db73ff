"""API schemas of organisations, their people, and their offers and needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from grappe.activities.schemas import ACTIVITY
from grappe.core.schemas import (
    Code,
    Count,
    Country,
    Filters,
    Input,
    Key,
    Slug,
    UserName,
    partial,
    request_memo,
)
from grappe.directory import rules
from grappe.directory.models import (
    OfferNeed,
    OfferNeedDirection,
    OfferNeedKind,
    Organisation,
    OrganisationKind,
    Person,
    SizeBand,
)
from grappe.directory.schemas import NETWORK, ORGANISATION, USERS, request_actor
from grappe.territories.schemas import TERRITORY

# Input ---------------------------------------------------------------------------------------


class OrganisationIn(Input):
    model = Organisation
    refs = {"territory": TERRITORY, "activity": ACTIVITY, "editors": USERS}

    slug: Slug
    name: str = Field(min_length=1, max_length=200)
    kind: OrganisationKind
    legal_form: str = Field("", max_length=100)
    activity: Code | None = Field(None, description="NAF/NACE code.")
    size_band: SizeBand | None = None
    employees: Count | None = None
    territory: Key | None = Field(None, description="Territory key.")
    address: str = Field("", max_length=300)
    postcode: str = Field("", max_length=20)
    city: str = Field("", max_length=120)
    country: Country = "FR"
    website: str = Field("", max_length=200)
    description: str = ""
    source: str = Field("", max_length=300)
    published: bool = True
    editors: list[UserName] = Field(
        default_factory=list, description="User names of the member accounts (admins only)."
    )


OrganisationPatch = partial(OrganisationIn)


class PersonIn(Input):
    model = Person
    refs = {"organisation": ORGANISATION}

    ref: str | None = Field(
        None, pattern=r"^[A-Za-z0-9._-]+$", max_length=40, description="Generated when omitted."
    )
    first_name: str = Field("", max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    role: str = Field("", max_length=200)
    organisation: Slug | None = None
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    contact_consent: bool = False

    def to_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("ref", "") is None:
            del data["ref"]
        return data


PersonPatch = partial(PersonIn)


class OfferNeedIn(Input):
    model = OfferNeed
    refs = {"organisation": ORGANISATION, "activity": ACTIVITY, "territory": TERRITORY}

    organisation: Slug
    direction: OfferNeedDirection
    kind: OfferNeedKind
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    activity: Code | None = Field(None, description="NAF/NACE code.")
    territory: Key | None = Field(None, description="Territory key.")
    published: bool = True


OfferNeedPatch = partial(OfferNeedIn)


# List filters --------------------------------------------------------------------------------


class OrganisationFilters(Filters):
    refs = {"territory": TERRITORY, "network": NETWORK}

    q: str = Field("", description="Words to find, accents ignored.")
    kind: OrganisationKind | None = None
    territory: str | None = Field(None, description="Territory key (territories inside count).")
    branch: str | None = Field(None, description="NAF/NACE code (codes below it count).")
    size_band: SizeBand | None = None
    network: str | None = Field(None, description="Slug of a network the organisation joined.")


class PersonFilters(Filters):
    refs = {"organisation": ORGANISATION}

    q: str = Field("", description="Words of the name or role.")
    organisation: str | None = Field(None, description="Organisation slug.")


class OfferNeedFilters(Filters):
    q: str = Field("", description="Words of the title or description.")
    direction: OfferNeedDirection | None = None
    kind: OfferNeedKind | None = None


# Output --------------------------------------------------------------------------------------


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    legal_form: str
    activity: str | None = Field(None, description="NAF/NACE code.")
    size_band: str
    employees: int | None
    territory: str | None = Field(None, description="Territory key.")
    address: str
    postcode: str
    city: str
    country: str
    website: str
    description: str
    source: str
    published: bool
    updated_at: dt.datetime

    @staticmethod
    def resolve_activity(obj: Organisation) -> str | None:
        return obj.activity_id

    @staticmethod
    def resolve_territory(obj: Organisation) -> str | None:
        return obj.territory.key if obj.territory is not None else None


class OrganisationDetailOut(OrganisationOut):
    editors: list[str] | None = Field(None, description="Shown to those who may edit it.")

    @staticmethod
    def resolve_editors(obj: Organisation, context: Any) -> list[str] | None:
        if not rules.can_edit_organisation(request_actor(context), obj):
            return None
        return sorted(u.get_username() for u in obj.editors.all())


class PersonOut(Schema):
    ref: str
    first_name: str
    last_name: str
    role: str
    organisation: str | None = Field(None, description="Organisation slug.")
    email: str | None = Field(None, description="Shown with consent or edit rights only.")
    phone: str | None = Field(None, description="Shown with consent or edit rights only.")
    contact_consent: bool

    @staticmethod
    def resolve_organisation(obj: Person) -> str | None:
        return obj.organisation.slug if obj.organisation is not None else None

    @staticmethod
    def _contact(obj: Person, context: Any, field: str) -> str | None:
        visible = getattr(obj, "contact_shown", None)  # annotated by selectors.person_list
        if visible is None:
            visible = request_memo(
                context["request"],
                "contact",
                obj.pk,
                lambda: rules.can_see_contact(request_actor(context), obj),
            )
        return getattr(obj, field) if visible else None

    @staticmethod
    def resolve_email(obj: Person, context: Any) -> str | None:
        return PersonOut._contact(obj, context, "email")

    @staticmethod
    def resolve_phone(obj: Person, context: Any) -> str | None:
        return PersonOut._contact(obj, context, "phone")


class OfferNeedOut(Schema):
    id: int
    organisation: str = Field(description="Organisation slug.")
    direction: str
    kind: str
    title: str
    description: str
    activity: str | None = Field(None, description="NAF/NACE code.")
    territory: str | None = Field(None, description="Territory key.")
    published: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_organisation(obj: OfferNeed) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_activity(obj: OfferNeed) -> str | None:
        return obj.activity_id

    @staticmethod
    def resolve_territory(obj: OfferNeed) -> str | None:
        return obj.territory.key if obj.territory is not None else None
