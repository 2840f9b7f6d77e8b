from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfoliosConfig(AppConfig):
    name = "portfolios"
    verbose_name = _("Portfolios")

    def ready(self) -> None:
        from django.core import checks

        from portfolios.checks import pdf_fonts_check

        checks.register(pdf_fonts_check)
