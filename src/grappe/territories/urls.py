from django.urls import path

from grappe.territories import views

urlpatterns = [
    path("territories/", views.territory_list, name="territory-list"),
    path("territories/new/", views.territory_create, name="territory-create"),
    path("territories/suggest/", views.territory_suggest, name="territory-suggest"),
    path("territories/<str:key>/edit/", views.territory_edit, name="territory-edit"),
    path("territories/<str:key>/delete/", views.territory_delete, name="territory-delete"),
]
