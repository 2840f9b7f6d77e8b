from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "competences"
    verbose_name = _("Competence framework")
