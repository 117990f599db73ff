from django.contrib import admin

from grappe.diagnostics.models import NetworkAnswers


@admin.register(NetworkAnswers)
class NetworkAnswersAdmin(admin.ModelAdmin):
    list_display = ("network", "author", "updated_at")
    search_fields = ("network__name",)
    raw_id_fields = ("network", "author")
