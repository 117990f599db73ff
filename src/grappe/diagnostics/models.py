"""What the diagnostics app stores: questionnaire answers about a network."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkAnswers(models.Model):
    """Answers to the diagnosis questionnaire about a network (facts as JSON, see
    grappe.diagnostics.reading.answers); they override what is read from the record."""

    network = models.OneToOneField(
        "directory.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="diagnosis_answers",
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("questionnaire answers")
        verbose_name_plural = _("questionnaire answers")

    def __str__(self) -> str:
        return str(self.network)
