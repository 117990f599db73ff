from django.contrib import admin

from grappe.territories.models import Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "code", "parent", "population", "area_km2"]
    list_filter = ["level", "country"]
    search_fields = ["name", "code", "key"]
    autocomplete_fields = ["parent"]
