from django.contrib import admin

from grappe.accounts.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["digest", "created_at", "last_used_at"]
