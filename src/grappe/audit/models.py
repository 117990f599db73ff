"""A log of who changed what, for the home page's recent changes and for accountability."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChangeAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    DELETED = "deleted", _("deleted")
    IMPORTED = "imported", _("imported")
    ERASED = "erased", _("erased")


class ChangeLogEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(
        pgettext_lazy("change log", "object id"), max_length=64, blank=True
    )
    object_label = models.CharField(_("object"), max_length=250, blank=True)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    public = models.BooleanField(default=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_label}"
