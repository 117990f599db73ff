"""The diagnosis questionnaire: only what the study's rules need, every answer optional.

`QuestionnaireForm.answers()` turns the cleaned answers into the facts of
`grappe.diagnostics.reading.answers` (shares from 0 to 1, amounts in euros, "don't know" left
out).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grappe.activities.models import Activity
from grappe.core.forms import KeyListField
from grappe.diagnostics import texts
from grappe.diagnostics.engine.facts import Aspect, Initiator, LinkKind
from grappe.directory.models import CURRENCY_CHOICES
from grappe.directory.money import Currency, Money
from grappe.territories.models import Territory

_TRI = [("", _("don't know")), ("yes", _("yes")), ("no", _("no"))]
_LINK_CHOICES = [
    (k.value, texts.LINKS[k.value]) for k in LinkKind if k is not LinkKind.PUBLIC_STATUS
]
_ASPECT_CHOICES = [(a.value, texts.ASPECTS[a.value]) for a in Aspect]


def _tri(label: Any, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=_TRI, required=False, help_text=help_text)


def _int(label: Any, help_text: Any = "", minimum: int = 0) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=minimum, help_text=help_text)


def _percent(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        help_text=help_text,
    )


class QuestionnaireForm(forms.Form):
    name = forms.CharField(label=_("Name of the network or club"), max_length=200)
    founding = forms.BooleanField(label=_("The club is being founded"), required=False)
    founded_year = _int(_("Founding year"), minimum=1800)
    # Branches
    branch_scope = forms.ChoiceField(
        label=_("Branches of the members"),
        required=False,
        choices=[("", _("don't know")), ("single", _("one branch")), ("multiple", _("several"))],
    )
    branch_codes = KeyListField(
        model=Activity,
        key="code",
        datalist="activity-codes",
        label=_("Branches (NACE/NAF codes)"),
        help_text=_("Codes separated by spaces, e.g. 25 28.1"),
    )
    dominant_branch_share = _percent(_("Share of members in the main branch (%)"))
    # Members
    member_firms = _int(_("Number of member firms"))
    members_total = _int(_("Number of members, firms and others"))
    member_size_min = _int(_("Staff of the smallest member firm"))
    member_size_max = _int(_("Staff of the largest member firm"))
    member_firms_10_plus = _int(_("Member firms of 10 or more staff"))
    participation_share = _percent(_("Share of the area's firms of 10+ staff that are members (%)"))
    large_firms_engaged = _tri(_("Do the largest firms of the area take part?"))
    outside_groups_engaged = _tri(_("Do plants of outside groups take part?"))
    # Territory
    perimeter = KeyListField(
        model=Territory,
        key="key",
        datalist="territory-keys",
        label=_("Perimeter (territories)"),
        help_text=_("Territory keys; their figures fill the empty answers below."),
    )
    cantons = _int(_("Number of cantons covered"), minimum=1)
    population = _int(_("Population of the area"))
    area_km2 = forms.DecimalField(label=_("Area (km²)"), required=False, min_value=0)
    area_firms = _int(_("Establishments of the area, all sizes"))
    area_firms_10_plus = _int(_("Establishments of the area with 10+ staff"))
    # Origin and ties
    initiator = forms.ChoiceField(
        label=_("Who started it?"),
        required=False,
        choices=[
            ("", _("don't know")),
            *[(i.value, texts.VALUES["P4"][i.value]) for i in Initiator],
        ],
    )
    public_links = forms.MultipleChoiceField(
        label=_("Ties with a public body (town, district, chamber of commerce…)"),
        required=False,
        choices=_LINK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    public_body = forms.CharField(label=_("Which public body?"), required=False, max_length=200)
    no_public_tie = forms.BooleanField(label=_("No tie with any public body"), required=False)
    # Steering
    motor_individual = _tri(_("Is there a driving person behind it?"))
    business_leader_at_helm = _tri(_("Is it led by a head of firm?"))
    president_active = _tri(_("Is the president active and motivating?"))
    core_team = _tri(_("Is there a small committed team of heads of firms?"))
    # Means
    staff_fte = forms.DecimalField(
        label=_("Permanent staff (full-time equivalent)"), required=False, min_value=0
    )
    budget_amount = forms.DecimalField(label=_("Annual budget"), required=False, min_value=0)
    dues_amount = forms.DecimalField(
        label=_("Dues per member and year"), required=False, min_value=0
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="EUR")
    public_funding_share = _percent(_("Share of public money in the budget (%)"))
    logistics_support = _tri(_("Does an institution provide secretariat or logistics?"))
    # Relations
    political_distance = _tri(_("Does it keep away from party politics?"))
    local_cooperation = _tri(_("Does it cooperate with the local authorities?"))
    development_bodies_support = _tri(
        _("Do the chamber of commerce or the development bodies support it?")
    )
    position_clear = _tri(_("Is its place beside the local institutions clear?"))
    # Activity
    activities_done = forms.MultipleChoiceField(
        label=_("What it has done"),
        required=False,
        choices=_ASPECT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    activities_aimed = forms.MultipleChoiceField(
        label=_("What it aims at"),
        required=False,
        choices=_ASPECT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    concrete_projects = _int(_("Concrete projects under way or done this year"))
    yearly_theme = _tri(_("Is there a progress theme for the year?"))
    employment_focus = _tri(_("Are jobs, training or integration among its subjects?"))

    FIELDSETS = (
        (_("The network"), ("name", "founding", "founded_year")),
        (_("Branches"), ("branch_scope", "branch_codes", "dominant_branch_share")),
        (
            _("Members"),
            (
                "member_firms",
                "members_total",
                "member_size_min",
                "member_size_max",
                "member_firms_10_plus",
                "participation_share",
                "large_firms_engaged",
                "outside_groups_engaged",
            ),
        ),
        (
            _("Territory"),
            ("perimeter", "cantons", "population", "area_km2", "area_firms", "area_firms_10_plus"),
        ),
        (_("Origin and ties"), ("initiator", "public_links", "public_body", "no_public_tie")),
        (
            _("Steering"),
            ("motor_individual", "business_leader_at_helm", "president_active", "core_team"),
        ),
        (
            _("Means"),
            (
                "staff_fte",
                "budget_amount",
                "dues_amount",
                "currency",
                "public_funding_share",
                "logistics_support",
            ),
        ),
        (
            _("Relations"),
            (
                "political_distance",
                "local_cooperation",
                "development_bodies_support",
                "position_clear",
            ),
        ),
        (
            _("Activity"),
            (
                "activities_done",
                "activities_aimed",
                "concrete_projects",
                "yearly_theme",
                "employment_focus",
            ),
        ),
    )

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as facts (see grappe.diagnostics.reading.answers)."""
        data = self.cleaned_data
        out: dict[str, Any] = {"name": data["name"], "founding": bool(data.get("founding"))}
        for name, field in self.fields.items():
            value = data.get(name)
            if isinstance(field, forms.ChoiceField) and field.choices == _TRI:
                if value in ("yes", "no"):
                    out[name] = value == "yes"
            elif type(field) is forms.IntegerField and value is not None:
                out[name] = value
        for name in ("dominant_branch_share", "participation_share", "public_funding_share"):
            if data.get(name) is not None:
                out[name] = float(data[name]) / 100
        for name in ("area_km2", "staff_fte"):
            if data.get(name) is not None:
                out[name] = float(data[name])
        currency = Currency(data.get("currency") or "EUR")
        for name, key in (("budget_amount", "budget_eur"), ("dues_amount", "dues_eur")):
            amount: Decimal | None = data.get(name)
            if amount is not None:
                out[key] = str(Money(amount, currency).in_euros().amount)
        for name in ("branch_scope", "initiator"):
            if data.get(name):
                out[name] = data[name]
        out["branch_codes"] = [a.code for a in data.get("branch_codes") or []]
        out["perimeter"] = [t.key for t in data.get("perimeter") or []]
        body = data.get("public_body", "")
        if data.get("public_links"):
            out["public_links"] = [{"kind": k, "body": body} for k in data["public_links"]]
        elif data.get("no_public_tie"):
            out["public_links"] = []
        out["activities_done"] = list(data.get("activities_done") or [])
        out["activities_aimed"] = list(data.get("activities_aimed") or [])
        return out
