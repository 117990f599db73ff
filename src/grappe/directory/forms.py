"""Forms of the directory pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grappe.activities.models import Activity
from grappe.core.forms import KeyField, KeyListField, ServiceForm
from grappe.directory.models import (
    Membership,
    Network,
    OfferNeed,
    Organisation,
    Person,
)
from grappe.territories.models import Territory


def _territory_field(**kwargs: Any) -> KeyField:
    return KeyField(
        model=Territory,
        key="key",
        datalist="territory-keys",
        help_text=_("Type a name and pick a key, e.g. departement:47."),
        **kwargs,
    )


class OrganisationForm(ServiceForm):
    territory = _territory_field(label=_("territory"))
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    activity = KeyField(
        model=Activity, key="code", datalist="activity-codes", label=_("main activity (NAF/NACE)")
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "slug",
            "kind",
            "legal_form",
            "activity",
            "size_band",
            "employees",
            "territory",
            "address",
            "postcode",
            "city",
            "country",
            "website",
            "description",
            "published",
        ]


class NetworkForm(ServiceForm):
    perimeter = KeyListField(
        model=Territory,
        key="key",
        datalist="territory-keys",
        label=_("perimeter"),
        help_text=_("Territory keys separated by spaces, e.g. canton:8012 departement:80."),
    )
    branches = KeyListField(
        model=Activity,
        key="code",
        datalist="activity-codes",
        label=_("branches (NACE/NAF)"),
        help_text=_("NAF/NACE codes separated by spaces, e.g. 25 28.1."),
    )
    parents = KeyListField(
        model=Network,
        key="slug",
        label=_("parent networks"),
        help_text=_("Identifiers of the networks this one belongs to."),
    )

    class Meta:
        model = Network
        fields = [
            "name",
            "slug",
            "acronym",
            "kind",
            "founded_year",
            "founding_stages",
            "perimeter",
            "perimeter_description",
            "origin",
            "legal_status",
            "legal_status_detail",
            "branch_scope",
            "branches",
            "branches_description",
            "composition",
            "governance",
            "staff_fte",
            "staff_description",
            "budget_amount",
            "budget_currency",
            "budget_year",
            "budget_description",
            "dues_amount",
            "dues_currency",
            "dues_description",
            "relations_with_institutions",
            "objectives",
            "achievements",
            "evaluation",
            "outlook",
            "needs",
            "reported_members",
            "reported_employees",
            "reported_year",
            "parents",
            "source",
            "published",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "founding_stages",
                "perimeter_description",
                "origin",
                "branches_description",
                "composition",
                "governance",
                "staff_description",
                "budget_description",
                "relations_with_institutions",
                "objectives",
                "achievements",
                "evaluation",
                "outlook",
                "needs",
            )
        }


class MembershipForm(ServiceForm):
    organisation = KeyField(
        model=Organisation,
        key="slug",
        required=True,
        label=_("organisation"),
        help_text=_("Identifier of the member organisation."),
    )

    class Meta:
        model = Membership
        fields = [
            "organisation",
            "membership_type",
            "role",
            "since",
            "until",
            "renewal_date",
            "note",
        ]
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "renewal_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class OfferNeedForm(ServiceForm):
    activity = KeyField(model=Activity, key="code", datalist="activity-codes", label=_("activity"))
    territory = _territory_field(label=_("territory"))

    class Meta:
        model = OfferNeed
        fields = ["direction", "kind", "title", "description", "activity", "territory", "published"]


class PersonForm(ServiceForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "role", "email", "phone", "contact_consent"]
