from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatafilesConfig(AppConfig):
    name = "grappe.datafiles"
    label = "datafiles"
    verbose_name = _("Import and export")
