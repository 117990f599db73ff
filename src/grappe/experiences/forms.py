"""Forms of the experience pages: the catalogue sheet editor and the "similar situations" form.

Partners and figures are edited as lines of text separated by semicolons, so that a sheet can
be typed or pasted in one go; every bad line is named in the error.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grappe.core.forms import KeyField
from grappe.directory.models import Network, SizeBand
from grappe.experiences.enums import DensityClass, FigureKind, FigureName, OriginKind, Theme
from grappe.experiences.models import Experience
from grappe.territories.models import Territory

TEXTAREAS = [
    f"{name}_{lang}"
    for name in ("context", "objectives", "approach", "strong_points", "obstacles")
    for lang in ("fr", "en")
]


class _KeyField(KeyField):
    """KeyField that shows a typed key back as typed (the shared one looks a text up as a pk)."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and not value.isdigit():
            return value
        return super().prepare_value(value)


def _split(line: str) -> list[str]:
    return [part.strip() for part in line.split(";")]


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ".").replace(" ", ""))


class ExperienceForm(forms.ModelForm):
    network = _KeyField(
        model=Network,
        key="slug",
        label=_("network"),
        help_text=_("Identifier of the network, e.g. prodiaa."),
    )
    territory = _KeyField(
        model=Territory,
        key="key",
        datalist="territory-keys",
        label=_("territory"),
        help_text=_("Type a name and pick a key, e.g. departement:47."),
    )
    themes = forms.MultipleChoiceField(
        label=_("themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords_text = forms.CharField(
        label=_("keywords"),
        required=False,
        help_text=_("Separated by commas."),
    )
    partners_text = forms.CharField(
        label=_("partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name ; funding share in % ; note."),
    )
    figures_text = forms.CharField(
        label=_("figures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: figure ; kind ; value ; currency ; year ; source ; note. Figures: "
            "%(names)s. Kinds: %(kinds)s."
        )
        % {"names": ", ".join(FigureName.values), "kinds": ", ".join(FigureKind.values)},
    )

    class Meta:
        model = Experience
        fields = [
            "ref",
            "network",
            "territory",
            "title_fr",
            "title_en",
            "country",
            "region",
            "period_start",
            "period_end",
            "period_label",
            *TEXTAREAS,
            "declared_density_class",
            "source",
            "published",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in TEXTAREAS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        experience = self.instance
        if experience.pk is not None and not self.is_bound:
            self.initial["themes"] = [t.theme for t in experience.themes.all()]
            self.initial["keywords_text"] = ", ".join(experience.keywords or [])
            self.initial["partners_text"] = "\n".join(
                " ; ".join(
                    [p.name, "" if p.share_percent is None else f"{p.share_percent:g}", p.note]
                ).rstrip(" ;")
                for p in experience.partners.all()
            )
            self.initial["figures_text"] = "\n".join(
                " ; ".join(
                    [
                        f.name,
                        f.kind,
                        f"{f.value.normalize():f}",
                        f.currency,
                        "" if f.year is None else str(f.year),
                        f.source,
                        f.note,
                    ]
                ).rstrip(" ;")
                for f in experience.figures.all()
            )

    def clean_keywords_text(self) -> list[str]:
        text = self.cleaned_data.get("keywords_text") or ""
        return [k.strip() for k in re.split(r"[,;\n]", text) if k.strip()]

    def clean_partners_text(self) -> list[dict[str, Any]]:
        rows, errors = [], []
        for number, line in enumerate(
            (self.cleaned_data.get("partners_text") or "").splitlines(), 1
        ):
            if not line.strip():
                continue
            parts = [*_split(line), "", ""]
            name, share, note = parts[0], parts[1].rstrip("% "), parts[2]
            try:
                value = _decimal(share) if share else None
            except InvalidOperation:
                errors.append(_("line %(n)s: the share is not a number") % {"n": number})
                continue
            rows.append({"name": name, "share_percent": value, "note": note})
        if errors:
            raise forms.ValidationError(errors)
        return rows

    def clean_figures_text(self) -> list[dict[str, Any]]:
        rows, errors = [], []
        for number, line in enumerate(
            (self.cleaned_data.get("figures_text") or "").splitlines(), 1
        ):
            if not line.strip():
                continue
            parts = [*_split(line), *[""] * 7]
            name, kind, value, currency, year, source, note = parts[:7]
            if name not in FigureName.values or kind not in FigureKind.values:
                errors.append(_("line %(n)s: unknown figure or kind") % {"n": number})
                continue
            try:
                amount = _decimal(value)
            except InvalidOperation:
                errors.append(_("line %(n)s: the value is not a number") % {"n": number})
                continue
            if year and not year.isdigit():
                errors.append(_("line %(n)s: the year is not a number") % {"n": number})
                continue
            rows.append(
                {
                    "name": name,
                    "kind": kind,
                    "value": amount,
                    "currency": currency.upper(),
                    "year": int(year) if year else None,
                    "source": source,
                    "note": note,
                }
            )
        if errors:
            raise forms.ValidationError(errors)
        return rows

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["keywords"] = self.cleaned_data["keywords_text"]
        data["themes"] = self.cleaned_data["themes"]
        data["partners"] = self.cleaned_data["partners_text"]
        data["figures"] = self.cleaned_data["figures_text"]
        return data


class SituationForm(forms.Form):
    """A situation to compare with the experiences: any field may stay empty."""

    territory = _KeyField(
        model=Territory,
        key="key",
        datalist="territory-keys",
        label=_("territory"),
        help_text=_("Its density class is used when you choose none."),
    )
    density_class = forms.ChoiceField(
        label=_("territory class"),
        required=False,
        choices=[("", "—")]
        + [(c.value, c.label) for c in (DensityClass.T1, DensityClass.T2, DensityClass.T3)],
    )
    branches = forms.CharField(
        label=_("branches (NAF/NACE)"),
        required=False,
        help_text=_("Codes separated by spaces, e.g. 25 13."),
    )
    firms = forms.IntegerField(label=_("number of firms"), required=False, min_value=1)
    size_band = forms.ChoiceField(
        label=_("size of the firms"), required=False, choices=[("", "—"), *SizeBand.choices]
    )
    origin = forms.ChoiceField(
        label=_("who started it"),
        required=False,
        choices=[("", "—")] + [c for c in OriginKind.choices if c[0]],
    )
    themes = forms.MultipleChoiceField(
        label=_("goals"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("your situation in a few words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def situation_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "territory": data.get("territory"),
            "density_class": data.get("density_class") or "",
            "branches": (data.get("branches") or "").replace(",", " ").split(),
            "firms": data.get("firms"),
            "size_band": data.get("size_band") or "",
            "origin": data.get("origin") or "",
            "themes": data.get("themes") or [],
            "text": data.get("text") or "",
        }

    def is_empty(self) -> bool:
        return not any(self.data.get(name) for name in self.fields)
