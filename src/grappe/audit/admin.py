from django.contrib import admin

from grappe.audit.models import ChangeLogEntry


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_label"]
    list_filter = ["action", "object_type"]
    readonly_fields = [f.name for f in ChangeLogEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
