"""Schemas of the HTTP API, and the one place its natural keys are turned into objects.

Inputs name related objects as the data files do (docs/data-format.md): a territory by its key,
an organisation or network by its slug, an activity by its NAF/NACE code, a user by user name.
`Input.to_data(actor)` returns the model fields a service takes, with those keys resolved, and
raises ValidationError naming every field whose key is unknown. `partial(Schema)` is the PATCH
variant of an input: every field optional, and only the fields sent are changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import AfterValidator, ConfigDict, create_model

from grappe.accounts import rules
from grappe.directory import selectors
from grappe.directory.models import (
    Activity,
    BranchScope,
    FinancingKind,
    FinancingSource,
    LegalStatus,
    Membership,
    MembershipRole,
    MembershipType,
    Network,
    NetworkKind,
    OfferNeed,
    OfferNeedDirection,
    OfferNeedKind,
    Organisation,
    OrganisationKind,
    Person,
    SizeBand,
)
from grappe.directory.money import Currency
from grappe.territories.models import Territory, TerritoryLevel
from grappe.territories.selectors import territory_density

# Natural keys --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """How an input field names related objects: by which model field, among which rows."""

    label: str
    lookup: str
    rows: Callable[[Any], QuerySet[Any]]  # actor -> the rows the actor may refer to
    many: bool = False


TERRITORY = Ref("territory key", "key", lambda actor: Territory.objects.all())
TERRITORIES = Ref("territory key", "key", lambda actor: Territory.objects.all(), many=True)
ACTIVITY = Ref("NAF/NACE code", "code", lambda actor: Activity.objects.all())
ACTIVITIES = Ref("NAF/NACE code", "code", lambda actor: Activity.objects.all(), many=True)
ORGANISATION = Ref("organisation", "slug", rules.visible_organisations)
NETWORK = Ref("network", "slug", rules.visible_networks)
NETWORKS = Ref("network", "slug", rules.visible_networks, many=True)
USERS = Ref(
    "user name",
    "username",
    lambda actor: get_user_model().objects.filter(is_active=True),
    many=True,
)


def resolve_keys(data: Mapping[str, Any], refs: Mapping[str, Ref], actor: Any) -> dict[str, Any]:
    """`data` with the natural keys of `refs` fields replaced by instances.

    None stays None (a cleared link; an empty list for many-valued fields). Raises
    ValidationError naming every field that holds a key no row answers to.
    """
    out = dict(data)
    errors: dict[str, str] = {}
    for field, ref in refs.items():
        value = data.get(field)
        if field not in data or (value is None and not ref.many):
            continue
        keys = list(dict.fromkeys(value or [])) if ref.many else [value]
        rows = ref.rows(actor).filter(**{f"{ref.lookup}__in": keys}) if keys else []
        found = {getattr(row, ref.lookup): row for row in rows}
        missing = [str(k) for k in keys if k not in found]
        if missing:
            errors[field] = f"Unknown {ref.label}: {', '.join(missing)}."
        else:
            out[field] = [found[k] for k in keys] if ref.many else found[value]
    if errors:
        raise ValidationError(errors)
    return out


# Names of model fields that the API shows nested, for the field names of error messages.
API_FIELD_NAMES = {
    "budget_amount": "budget.amount",
    "budget_currency": "budget.currency",
    "budget_year": "budget.year",
    "budget_description": "budget.description",
    "dues_amount": "dues.amount",
    "dues_currency": "dues.currency",
    "dues_description": "dues.description",
    "reported_members": "reported.members",
    "reported_employees": "reported.employees",
    "reported_year": "reported.year",
    "establishments_0_9": "establishments.0_9",
    "establishments_10_49": "establishments.10_49",
    "establishments_50_249": "establishments.50_249",
    "establishments_250_plus": "establishments.250_plus",
}

# Input ---------------------------------------------------------------------------------------

Slug = Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=120)]
Key = Annotated[str, Field(min_length=1, max_length=120)]
Code = Annotated[str, Field(min_length=1, max_length=10)]
UserName = Annotated[str, Field(min_length=1, max_length=150)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Count = Annotated[int, Field(ge=0)]
Year = Annotated[int, Field(ge=1000, le=9999)]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def decimal(max_digits: int, **constraints: Any) -> Any:
    """A non-negative decimal as the models store it: two decimal places, `max_digits` in all."""
    return Annotated[
        Decimal,
        Field(ge=0, max_digits=max_digits, decimal_places=2, **constraints),
        AfterValidator(_cents),
    ]


Amount = decimal(14)
Band = Literal["0_9", "10_49", "50_249", "250_plus"]
BANDS: tuple[str, ...] = ("0_9", "10_49", "50_249", "250_plus")


class Input(Schema):
    """Base of the bodies of POST and PATCH: unknown fields are refused, keys are resolved."""

    model_config = ConfigDict(extra="forbid")
    model: ClassVar[type[models.Model]]
    refs: ClassVar[dict[str, Ref]] = {}

    def to_data(self, actor: Any) -> dict[str, Any]:
        """The model fields sent, keys resolved, ready for the service."""
        data = self.to_fields(self.model_dump(exclude_unset=True))
        for name, value in data.items():
            field = self._model_field(name)
            if value is None and isinstance(field, models.CharField | models.TextField):
                data[name] = ""  # text fields are blank, never null
        return resolve_keys(data, self.refs, actor)

    def to_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        """Flatten nested API objects into model fields (a hook for subclasses)."""
        return data

    def _model_field(self, name: str) -> Any:
        try:
            return self.model._meta.get_field(name)
        except Exception:
            return None


InputT = TypeVar("InputT", bound=Input)


def partial(schema: type[InputT]) -> type[InputT]:
    """The PATCH variant of an input schema: every field optional, none with a default."""
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        fields[name] = (annotation | None, Field(None, description=info.description))
    name = schema.__name__.removesuffix("In") + "Patch"
    return create_model(name, __base__=schema, **fields)  # type: ignore[call-overload,no-any-return]


class TerritoryIn(Input):
    model = Territory
    refs = {"parent": TERRITORY}

    key: str = Field(
        pattern=r"^[a-z_]+:[^/\s]+$",
        max_length=120,
        description="`<level>:<official code>` or `<level>:<slug>`, e.g. `departement:47`.",
    )
    level: TerritoryLevel
    code: str = Field("", max_length=20)
    name: str = Field(min_length=1, max_length=200)
    country: Country = "FR"
    parent: Key | None = Field(None, description="Territory key.")
    population: Count | None = None
    population_year: Year | None = None
    area_km2: decimal(12) | None = None
    cantons_count: Count | None = None
    establishments: dict[Band, Count | None] = Field(
        default_factory=dict, description="Establishments by size band; any band may be missing."
    )
    establishments_year: Year | None = None
    description: str = ""
    source: str = Field("", max_length=300)

    def to_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        for band, value in (data.pop("establishments", None) or {}).items():
            data[f"establishments_{band}"] = value
        return data


TerritoryPatch = partial(TerritoryIn)


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


class MoneyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    amount: Amount | None = None
    currency: Currency


class BudgetIn(MoneyIn):
    year: Year | None = None
    description: str = ""


class DuesIn(MoneyIn):
    amount: decimal(12) | None = None
    description: str = Field("", max_length=300)


class ReportedIn(Schema):
    model_config = ConfigDict(extra="forbid")

    members: Count | None = None
    employees: Count | None = None
    year: Year | None = None


class FinancingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: FinancingKind
    funder: str = Field("", max_length=200)
    share_percent: decimal(5, le=100) | None = None
    amount: Amount | None = None
    currency: Currency = Currency.EUR
    year: Year | None = None
    note: str = Field("", max_length=300)


_NESTED: dict[str, dict[str, Any]] = {
    # API object -> its fields and the values that clear it
    "budget": {"amount": None, "year": None, "description": ""},
    "dues": {"amount": None, "description": ""},
    "reported": {"members": None, "employees": None, "year": None},
}


class NetworkIn(Input):
    model = Network
    refs = {
        "perimeter": TERRITORIES,
        "branches": ACTIVITIES,
        "parents": NETWORKS,
        "managers": USERS,
    }

    slug: Slug
    name: str = Field(min_length=1, max_length=200)
    acronym: str = Field("", max_length=40)
    kind: NetworkKind
    founded_year: Year | None = None
    founding_stages: str = ""
    perimeter: list[Key] = Field(default_factory=list, description="Territory keys.")
    perimeter_description: str = ""
    origin: str = ""
    legal_status: LegalStatus = LegalStatus.UNKNOWN
    legal_status_detail: str = Field("", max_length=200)
    branch_scope: BranchScope = BranchScope.UNKNOWN
    branches: list[Code] = Field(default_factory=list, description="NAF/NACE codes.")
    branches_description: str = ""
    composition: str = ""
    governance: str = ""
    staff_fte: decimal(6) | None = None
    staff_description: str = ""
    budget: BudgetIn | None = None
    dues: DuesIn | None = None
    financing: list[FinancingIn] | None = Field(
        None, description="Replaces all financing sources when given."
    )
    relations_with_institutions: str = ""
    objectives: str = ""
    achievements: str = ""
    evaluation: str = ""
    outlook: str = ""
    needs: str = ""
    reported: ReportedIn | None = None
    parents: list[Slug] = Field(default_factory=list, description="Slugs of parent networks.")
    managers: list[UserName] = Field(
        default_factory=list, description="User names of the managers (admins only)."
    )
    source: str = Field("", max_length=300)
    published: bool = True

    def to_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        """`financing` stays a list of rows (the service takes it apart); objects are flattened."""
        for prefix, cleared in _NESTED.items():
            if prefix not in data:
                continue
            values = data.pop(prefix)
            for name, value in (cleared if values is None else values).items():
                data[f"{prefix}_{name}"] = value
        return data


NetworkPatch = partial(NetworkIn)


class MembershipIn(Input):
    model = Membership
    refs = {"organisation": ORGANISATION, "network": NETWORK}

    organisation: Slug
    network: Slug
    membership_type: MembershipType = MembershipType.FULL
    role: MembershipRole = MembershipRole.MEMBER
    since: dt.date | None = None
    until: dt.date | None = None
    renewal_date: dt.date | None = None
    note: str = Field("", max_length=300)


MembershipPatch = partial(MembershipIn)


class MembershipDuesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    amount: decimal(12)
    currency: Currency
    paid: bool = False


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


class Filters(Schema):
    """Query parameters of a list; `resolved(actor)` gives the selector's keyword arguments."""

    refs: ClassVar[dict[str, Ref]] = {}

    def resolved(self, actor: Any) -> dict[str, Any]:
        data = {k: v for k, v in self.model_dump().items() if v not in (None, "")}
        if "q" in data:
            data["query"] = data.pop("q")
        return resolve_keys(data, self.refs, actor)


class TerritoryFilters(Filters):
    refs = {"parent": TERRITORY}

    q: str = Field("", description="Words of the name or code, accents ignored.")
    level: TerritoryLevel | None = None
    parent: str | None = Field(None, description="Key of the parent territory.")


class OrganisationFilters(Filters):
    refs = {"territory": TERRITORY, "network": NETWORK}

    q: str = Field("", description="Words to find, accents ignored.")
    kind: OrganisationKind | None = None
    territory: str | None = Field(None, description="Territory key (territories inside count).")
    branch: str | None = Field(None, description="NAF/NACE code (codes below it count).")
    size_band: SizeBand | None = None
    network: str | None = Field(None, description="Slug of a network the organisation joined.")


class NetworkFilters(Filters):
    refs = {"territory": TERRITORY}

    q: str = Field("", description="Words to find, accents ignored.")
    kind: NetworkKind | None = None
    territory: str | None = Field(None, description="Territory key (territories inside count).")
    branch: str | None = Field(None, description="NAF/NACE code (codes below it count).")


class FiguresDate(Schema):
    date: dt.date | None = Field(None, description="Day of the member counts (default today).")


class PersonFilters(Filters):
    refs = {"organisation": ORGANISATION}

    q: str = Field("", description="Words of the name or role.")
    organisation: str | None = Field(None, description="Organisation slug.")


class MembershipFilters(Filters):
    refs = {"organisation": ORGANISATION, "network": NETWORK}

    network: str | None = Field(None, description="Network slug.")
    organisation: str | None = Field(None, description="Organisation slug.")


class OfferNeedFilters(Filters):
    q: str = Field("", description="Words of the title or description.")
    direction: OfferNeedDirection | None = None
    kind: OfferNeedKind | None = None


# Output --------------------------------------------------------------------------------------


def _request_actor(context: Any) -> Any:
    from grappe.accounts.auth import actor

    return actor(context["request"])


def _memo(request: Any, name: str, key: Any, compute: Callable[[], Any]) -> Any:
    """A per-request cache, for permission checks repeated over the items of a list."""
    cache = request.__dict__.setdefault("_api_cache", {}).setdefault(name, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


class TerritoryOut(Schema):
    key: str
    level: str
    code: str
    name: str
    country: str
    parent: str | None = Field(None, description="Key of the parent territory.")
    population: int | None
    population_year: int | None
    area_km2: Decimal | None
    cantons_count: int | None
    establishments: dict[str, int | None] = Field(default_factory=dict)
    establishments_year: int | None
    description: str
    source: str

    @staticmethod
    def resolve_parent(obj: Territory) -> str | None:
        return obj.parent.key if obj.parent is not None else None

    @staticmethod
    def resolve_establishments(obj: Territory) -> dict[str, int | None]:
        return {band: getattr(obj, f"establishments_{band}") for band in BANDS}


class DensityOut(Schema):
    density_class: str = Field(description="T1, T2, T3, between or unknown (AIMVER thresholds).")
    inhabitants_per_km2: float | None
    firms_per_canton: float | None
    firms_10_plus_per_canton: float | None
    missing: list[str]


class TerritoryDetailOut(TerritoryOut):
    density: DensityOut | None = None

    @staticmethod
    def resolve_density(obj: Territory) -> dict[str, Any]:
        result = territory_density(territory=obj)
        return {
            "density_class": str(result.klass),
            "inhabitants_per_km2": result.inhabitants_per_km2,
            "firms_per_canton": result.firms_per_canton,
            "firms_10_plus_per_canton": result.firms_10_plus_per_canton,
            "missing": list(result.missing),
        }


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
        if not rules.can_edit_organisation(_request_actor(context), obj):
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
        request = context["request"]
        visible = _memo(
            request, "contact", obj.pk, lambda: rules.can_see_contact(_request_actor(context), obj)
        )
        return getattr(obj, field) if visible else None

    @staticmethod
    def resolve_email(obj: Person, context: Any) -> str | None:
        return PersonOut._contact(obj, context, "email")

    @staticmethod
    def resolve_phone(obj: Person, context: Any) -> str | None:
        return PersonOut._contact(obj, context, "phone")


class MoneyOut(Schema):
    amount: Decimal | None
    currency: str


class BudgetOut(MoneyOut):
    year: int | None
    description: str


class DuesOut(MoneyOut):
    description: str


class ReportedOut(Schema):
    members: int | None
    employees: int | None
    year: int | None


class FinancingOut(Schema):
    kind: str
    funder: str
    share_percent: Decimal | None
    amount: Decimal | None
    currency: str
    year: int | None
    note: str


def _network_figures(obj: Network, context: Any) -> selectors.NetworkFigures:
    request = context["request"]
    day = getattr(request, "api_figures_date", None)
    return _memo(
        request, "figures", obj.pk, lambda: selectors.network_figures(network=obj, day=day)
    )


class NetworkOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    founded_year: int | None
    founding_stages: str
    perimeter: list[str] = Field(default_factory=list, description="Territory keys.")
    perimeter_description: str
    origin: str
    legal_status: str
    legal_status_detail: str
    branch_scope: str
    branches: list[str] = Field(default_factory=list, description="NAF/NACE codes.")
    branches_description: str
    composition: str
    governance: str
    staff_fte: Decimal | None
    staff_description: str
    budget: BudgetOut | None = None
    dues: DuesOut | None = None
    financing: list[FinancingOut] = Field(default_factory=list)
    relations_with_institutions: str
    objectives: str
    achievements: str
    evaluation: str
    outlook: str
    needs: str
    reported: ReportedOut | None = Field(None, description="Figures as the source reports them.")
    members: int = Field(0, description="Member organisations on `figures_date`.")
    employees: int = Field(0, description="Employees of those members on `figures_date`.")
    figures_date: dt.date | None = None
    parents: list[str] = Field(default_factory=list, description="Slugs of parent networks.")
    source: str
    published: bool
    updated_at: dt.datetime

    @staticmethod
    def resolve_perimeter(obj: Network) -> list[str]:
        return sorted(t.key for t in obj.perimeter.all())

    @staticmethod
    def resolve_branches(obj: Network) -> list[str]:
        return sorted(a.code for a in obj.branches.all())

    @staticmethod
    def resolve_parents(obj: Network) -> list[str]:
        return sorted(n.slug for n in obj.parents.all())

    @staticmethod
    def resolve_financing(obj: Network) -> list[FinancingSource]:
        return list(obj.financing.all())

    @staticmethod
    def resolve_budget(obj: Network) -> dict[str, Any] | None:
        if obj.budget_amount is None and obj.budget_year is None and not obj.budget_description:
            return None
        return {
            "amount": obj.budget_amount,
            "currency": obj.budget_currency,
            "year": obj.budget_year,
            "description": obj.budget_description,
        }

    @staticmethod
    def resolve_dues(obj: Network) -> dict[str, Any] | None:
        if obj.dues_amount is None and not obj.dues_description:
            return None
        return {
            "amount": obj.dues_amount,
            "currency": obj.dues_currency,
            "description": obj.dues_description,
        }

    @staticmethod
    def resolve_reported(obj: Network) -> dict[str, Any] | None:
        values = (obj.reported_members, obj.reported_employees, obj.reported_year)
        if all(v is None for v in values):
            return None
        return dict(zip(("members", "employees", "year"), values, strict=True))

    @staticmethod
    def resolve_members(obj: Network, context: Any) -> int:
        return _network_figures(obj, context).members

    @staticmethod
    def resolve_employees(obj: Network, context: Any) -> int:
        return _network_figures(obj, context).employees

    @staticmethod
    def resolve_figures_date(obj: Network, context: Any) -> dt.date:
        return _network_figures(obj, context).day


class NetworkDetailOut(NetworkOut):
    children: list[str] = Field(default_factory=list, description="Slugs of member networks.")
    managers: list[str] | None = Field(None, description="Shown to those who may edit it.")

    @staticmethod
    def resolve_children(obj: Network) -> list[str]:
        return sorted(n.slug for n in obj.children.all())

    @staticmethod
    def resolve_managers(obj: Network, context: Any) -> list[str] | None:
        if not rules.can_edit_network(_request_actor(context), obj):
            return None
        return sorted(u.get_username() for u in obj.managers.all())


class MembershipDuesOut(Schema):
    year: int
    amount: Decimal
    currency: str
    paid: bool


class MembershipOut(Schema):
    id: int
    organisation: str = Field(description="Organisation slug.")
    network: str = Field(description="Network slug.")
    membership_type: str
    role: str
    since: dt.date | None
    until: dt.date | None
    renewal_date: dt.date | None
    note: str
    dues: list[MembershipDuesOut] | None = Field(
        None, description="Shown to those who keep the network's memberships."
    )

    @staticmethod
    def resolve_organisation(obj: Membership) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_network(obj: Membership) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_dues(obj: Membership, context: Any) -> list[Any] | None:
        request = context["request"]
        allowed = _memo(
            request,
            "memberships",
            obj.network_id,
            lambda: rules.can_edit_membership(_request_actor(context), obj.network),
        )
        return list(obj.dues.all()) if allowed else None


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


class Detail(Schema):
    detail: str


class FieldError(Schema):
    field: str = Field(description="Dotted name of the field, or `__all__`.")
    message: str


class FieldErrors(Schema):
    detail: list[FieldError]


# Lists are paginated with `limit` and `offset` and give the total `count`.
MAX_PAGE_SIZE = 200
paginated = paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
