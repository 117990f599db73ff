from django.apps import AppConfig

from grappe.datafiles.sections import section_register


class ExperiencesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "grappe.experiences"

    def ready(self) -> None:
        # The `experiences` list of the data files; its module needs the models, loaded only now.
        from grappe.experiences.dataimport import SECTION  # noqa: PLC0415 -- django setup

        section_register(SECTION)
