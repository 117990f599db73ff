"""Experiences in the admin site, read only: writes go through the pages, the API and imports
(grappe.experiences.services), which keep the search fields up to date."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from grappe.experiences.models import Experience


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    list_display = ["ref", "title_fr", "title_en", "country", "period_start", "published"]
    list_filter = ["country", "density_class", "published"]
    search_fields = ["ref", "title_fr", "title_en"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
