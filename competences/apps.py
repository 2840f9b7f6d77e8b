from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "competences"
    verbose_name = _("Competence framework")

    def ready(self) -> None:
        from accounts.api import PersonalDataSection, register_section
        from competences import personal_data

        register_section(
            PersonalDataSection(
                key="competences",
                order=15,
                title=personal_data.TITLE,
                summary=personal_data.summary,
                export=personal_data.export,
                erase=personal_data.erase,
            )
        )
