from django.contrib import admin

from grappe.activities.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "label_fr", "label_en"]
    list_filter = ["level"]
    search_fields = ["code", "label_fr", "label_en"]
