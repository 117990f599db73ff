"""The codes of the NAF rév. 2 / NACE rev. 2 nomenclature, as reference data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ActivityLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")
    GROUP = "group", _("Group")
    CLASS = "class", _("Class")
    SUBCLASS = "subclass", _("Sub-class (NAF)")


class Activity(models.Model):
    """A code of the NAF rév. 2 / NACE rev. 2 nomenclature (reference data, loaded from a file)."""

    code = models.CharField(_("code"), max_length=10, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=ActivityLevel.choices)
    label_fr = models.CharField(_("French label"), max_length=300)
    label_en = models.CharField(_("English label"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        # The table was created by the directory, which held this model first.
        db_table = "directory_activity"
        verbose_name = _("activity (NACE/NAF)")
        verbose_name_plural = _("activities (NACE/NAF)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        if (get_language() or "fr").startswith("en") and self.label_en:
            return self.label_en
        return self.label_fr
