from django.urls import path

from grappe.experiences import views

urlpatterns = [
    path("experiences/", views.experience_list, name="experience-list"),
    path("experiences/new/", views.experience_create, name="experience-create"),
    path("experiences/similar/", views.experience_similar, name="experience-similar"),
    path("experiences/<str:ref>/", views.experience_detail, name="experience-detail"),
    path("experiences/<str:ref>/edit/", views.experience_edit, name="experience-edit"),
    path("experiences/<str:ref>/delete/", views.experience_delete, name="experience-delete"),
]
