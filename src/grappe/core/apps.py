from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app's pages and API build on; it imports no other Grappe app."""

    name = "grappe.core"
    label = "core"
    verbose_name = _("Core")
