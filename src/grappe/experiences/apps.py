from django.apps import AppConfig


class ExperiencesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "grappe.experiences"
