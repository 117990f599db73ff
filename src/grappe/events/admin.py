from django.contrib import admin

from grappe.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    Participant,
    ScheduleRun,
    Seat,
    Slot,
)


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "start_date", "end_date", "venue", "status"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["network"]
    inlines = [SlotInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["organisation", "event", "stand", "location", "capacity"]
    list_filter = ["stand", "event"]
    search_fields = ["organisation__name", "location"]
    autocomplete_fields = ["organisation", "representatives"]
    raw_id_fields = ["event"]
    filter_horizontal = ["absent_slots"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "event", "priority", "status", "last_minute", "created_at"]
    list_filter = ["status", "priority", "last_minute"]
    search_fields = ["source__organisation__name", "target__organisation__name"]
    raw_id_fields = ["event", "source", "target"]


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    raw_id_fields = ["participant", "slot"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["slot", "first", "second", "table", "locked", "published", "last_minute"]
    list_filter = ["published", "locked", "last_minute"]
    raw_id_fields = ["event", "request", "slot", "first", "second"]
    inlines = [SeatInline]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["event", "created_at", "status", "time_limit", "meetings", "value", "gap"]
    list_filter = ["status"]
    raw_id_fields = ["event", "created_by"]
    readonly_fields = ["stats"]
