from django.urls import path

from grappe.activities import views

urlpatterns = [
    path("activities/suggest/", views.activity_suggest, name="activity-suggest"),
]
