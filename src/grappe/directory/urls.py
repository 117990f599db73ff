from django.urls import path

from grappe.directory import views

urlpatterns = [
    path("territories/<str:key>/", views.territory_detail, name="territory-detail"),
    path("networks/", views.network_list, name="network-list"),
    path("networks/new/", views.network_create, name="network-create"),
    path("networks/<slug:slug>/", views.network_detail, name="network-detail"),
    path("networks/<slug:slug>/edit/", views.network_edit, name="network-edit"),
    path("networks/<slug:slug>/delete/", views.network_delete, name="network-delete"),
    path("networks/<slug:slug>/members/new/", views.membership_create, name="membership-create"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/delete/", views.membership_delete, name="membership-delete"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation-edit"),
    path(
        "organisations/<slug:slug>/delete/", views.organisation_delete, name="organisation-delete"
    ),
    path(
        "organisations/<slug:slug>/offers-needs/new/",
        views.offer_need_create,
        name="offer-need-create",
    ),
    path("organisations/<slug:slug>/people/new/", views.person_create, name="person-create"),
    path("offers-needs/", views.offer_need_list, name="offer-need-list"),
    path("offers-needs/<int:pk>/edit/", views.offer_need_edit, name="offer-need-edit"),
    path("offers-needs/<int:pk>/delete/", views.offer_need_delete, name="offer-need-delete"),
    path("people/<str:ref>/edit/", views.person_edit, name="person-edit"),
    path("people/<str:ref>/erase/", views.person_erase, name="person-erase"),
    path("people/<str:ref>/export/", views.person_export, name="person-export"),
]
