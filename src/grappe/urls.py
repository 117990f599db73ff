from django.contrib import admin
from django.urls import include, path

from grappe.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("grappe.site.urls")),
    path("", include("grappe.activities.urls")),
    path("", include("grappe.territories.urls")),
    path("", include("grappe.directory.urls")),
    path("", include("grappe.experiences.urls")),
    path("", include("grappe.events.urls")),
    path("", include("grappe.diagnostics.urls")),
]
