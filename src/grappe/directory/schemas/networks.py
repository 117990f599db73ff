"""API schemas of networks (with their budget, dues and financing), memberships and dues."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from grappe.activities.schemas import ACTIVITIES
from grappe.core.schemas import (
    Amount,
    Code,
    Count,
    Filters,
    Input,
    Key,
    Slug,
    UserName,
    Year,
    decimal,
    partial,
    request_memo,
)
from grappe.directory import rules, selectors
from grappe.directory.models import (
    BranchScope,
    FinancingKind,
    FinancingSource,
    LegalStatus,
    Membership,
    MembershipRole,
    MembershipType,
    Network,
    NetworkKind,
)
from grappe.directory.money import Currency
from grappe.directory.schemas import (
    NETWORK,
    NETWORKS,
    ORGANISATION,
    USERS,
    request_actor,
)
from grappe.territories.schemas import TERRITORIES, TERRITORY

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
}

# Input ---------------------------------------------------------------------------------------


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


# List filters --------------------------------------------------------------------------------


class NetworkFilters(Filters):
    refs = {"territory": TERRITORY}

    q: str = Field("", description="Words to find, accents ignored.")
    kind: NetworkKind | None = None
    territory: str | None = Field(None, description="Territory key (territories inside count).")
    branch: str | None = Field(None, description="NAF/NACE code (codes below it count).")


class FiguresDate(Schema):
    date: dt.date | None = Field(None, description="Day of the member counts (default today).")


class MembershipFilters(Filters):
    refs = {"organisation": ORGANISATION, "network": NETWORK}

    network: str | None = Field(None, description="Network slug.")
    organisation: str | None = Field(None, description="Organisation slug.")


# Output --------------------------------------------------------------------------------------


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
    return request_memo(
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
        if not rules.can_edit_network(request_actor(context), obj):
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
        allowed = request_memo(
            request,
            "memberships",
            obj.network_id,
            lambda: rules.can_edit_membership(request_actor(context), obj.network),
        )
        return list(obj.dues.all()) if allowed else None
