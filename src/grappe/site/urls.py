from django.urls import path

from grappe.site import views

urlpatterns = [
    path("", views.home, name="home"),
]
