from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """Reference data: the NAF rév. 2 / NACE rev. 2 nomenclature of economic activities."""

    name = "grappe.activities"
    label = "activities"
    verbose_name = _("Activities (NAF/NACE)")
