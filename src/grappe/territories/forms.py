from django.utils.translation import gettext_lazy as _

from grappe.core.forms import KeyField, ServiceForm
from grappe.territories.models import Territory


class TerritoryForm(ServiceForm):
    parent = KeyField(model=Territory, key="key", datalist="territory-keys", label=_("parent"))

    class Meta:
        model = Territory
        fields = [
            "key",
            "level",
            "code",
            "name",
            "country",
            "parent",
            "population",
            "population_year",
            "area_km2",
            "cantons_count",
            "establishments_0_9",
            "establishments_10_49",
            "establishments_50_249",
            "establishments_250_plus",
            "establishments_year",
            "description",
            "source",
        ]
