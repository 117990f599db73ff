"""What every app's forms build on: model forms whose data goes to a service, and objects typed
by their key."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceForm(forms.ModelForm):
    """A model form whose cleaned data goes to a service, not to `save()`."""

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}


class KeyField(forms.CharField):
    """One object typed by its natural key (territory key, organisation slug, NAF code).

    Large reference tables (35,000 communes) cannot be a <select>: the page offers an
    autocompletion list instead, and unknown keys are named in the error.
    """

    def __init__(self, *, model: type[models.Model], key: str, datalist: str = "", **kwargs: Any):
        self.model, self.key = model, key
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        if datalist:
            self.widget.attrs["list"] = datalist

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, models.Model):
            return getattr(value, self.key)
        if isinstance(value, int | str) and value and self.key != "pk":
            # Initial data holds the primary key; data sent back holds what the user typed,
            # which may be no valid primary key at all ("departement:99x"): show it as typed.
            try:
                obj = self.model._default_manager.filter(pk=value).first()
            except (ValueError, TypeError, ValidationError):
                return value
            return getattr(obj, self.key) if obj else value
        return value

    def clean(self, value: Any) -> Any:
        value = super().clean(value).strip()
        if not value:
            return None
        try:
            return self.model._default_manager.get(**{self.key: value})
        except self.model.DoesNotExist:
            raise forms.ValidationError(
                _("Unknown: %(key)s"), code="unknown", params={"key": value}
            ) from None


class KeyListField(KeyField):
    """Several objects typed by their keys, separated by spaces, commas or new lines."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple | models.QuerySet):
            return " ".join(
                str(
                    getattr(v, self.key)
                    if isinstance(v, models.Model)
                    else super().prepare_value(v)
                )
                for v in value
            )
        return value

    def clean(self, value: Any) -> Any:
        value = forms.CharField.clean(self, value) or ""
        keys = [k for k in re.split(r"[\s,;]+", value) if k]
        found = {
            getattr(o, self.key): o
            for o in self.model._default_manager.filter(**{f"{self.key}__in": keys})
        }
        unknown = [k for k in keys if k not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown: %(keys)s"), code="unknown", params={"keys": ", ".join(unknown)}
            )
        return [found[k] for k in dict.fromkeys(keys)]
