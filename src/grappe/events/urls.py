from django.urls import path

from grappe.events import views

E = "events/<slug:slug>/"
P = E + "participants/<int:pk>/"

urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events/new/", views.event_create, name="event-create"),
    path(E, views.event_detail, name="event-detail"),
    path(E + "edit/", views.event_edit, name="event-edit"),
    path(E + "delete/", views.event_delete, name="event-delete"),
    path(E + "register/", views.event_register, name="event-register"),
    path(E + "participants/", views.participant_list, name="event-participants"),
    path(E + "requests/", views.request_list, name="event-requests"),
    path(E + "schedule/", views.schedule_page, name="event-schedule"),
    path(E + "schedule/run/", views.schedule_run, name="event-schedule-run"),
    path(E + "schedule/runs/<int:pk>/", views.schedule_progress, name="event-schedule-progress"),
    path(E + "publish/", views.schedule_publish, name="event-publish"),
    path(E + "grid/", views.event_grid, name="event-grid"),
    path(E + "sheets.pdf", views.event_sheets_pdf, name="event-sheets-pdf"),
    path(P, views.participant_detail, name="participant-detail"),
    path(P + "edit/", views.participant_edit, name="participant-edit"),
    path(P + "withdraw/", views.participant_withdraw, name="participant-withdraw"),
    path(P + "request/", views.request_create, name="request-create"),
    path(P + "book/", views.meeting_book, name="meeting-book"),
    path(P + "timetable/", views.participant_timetable, name="participant-timetable"),
    path(P + "timetable.pdf", views.participant_timetable_pdf, name="participant-timetable-pdf"),
    path(P + "timetable.ics", views.participant_timetable_ics, name="participant-timetable-ics"),
    path("event-requests/<int:pk>/accept/", views.request_accept, name="request-accept"),
    path("event-requests/<int:pk>/decline/", views.request_decline, name="request-decline"),
    path("event-requests/<int:pk>/cancel/", views.request_cancel, name="request-cancel"),
    path("meetings/<int:pk>/outcome/", views.meeting_outcome, name="meeting-outcome"),
    path("meetings/<int:pk>/lock/", views.meeting_lock, name="meeting-lock"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
]
