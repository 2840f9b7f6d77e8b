from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfoliosConfig(AppConfig):
    name = "portfolios"
    verbose_name = _("Portfolios")

    def ready(self) -> None:
        from portfolios.indicators import share_indicators_register
        from portfolios.tasks import report_runs_register

        share_indicators_register()
        report_runs_register()
        from django.core import checks

        from accounts.api import (
            PersonalDataSection,
            RetentionRule,
            register_privacy_figure,
            register_retention_rule,
            register_section,
        )
        from community.api import initiative_links_register
        from portfolios import personal_data
        from portfolios.checks import pdf_fonts_check
        from portfolios.extensions import (
            initiative_attestation_links,
            initiative_orientation_links,
        )
        from portfolios.models.portfolios import SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS
        from portfolios.services.erasure import erasure_consequences, personal_data_erase
        from portfolios.services.retention import (
            closed_share_links_purge,
            expired_share_link_tokens_forget,
        )

        checks.register(pdf_fonts_check)
        initiative_links_register(initiative_attestation_links)
        initiative_links_register(initiative_orientation_links)
        register_retention_rule(
            RetentionRule(
                key="closed_share_links",
                label=_("Share links and their access log, after they expired or were revoked"),
                purge=lambda cutoff: closed_share_links_purge(cutoff=cutoff),
            )
        )
        register_retention_rule(
            RetentionRule(
                key="expired_share_link_tokens",
                label=_("The encrypted copy of a share link, as soon as it expired"),
                purge=lambda cutoff: expired_share_link_tokens_forget(cutoff=cutoff),
                days=lambda: 0,
            )
        )
        register_privacy_figure("share_link_default_days", SHARE_DEFAULT_DAYS)
        register_privacy_figure("share_link_max_days", SHARE_MAX_DAYS)
        register_section(
            PersonalDataSection(
                key="portfolios",
                order=40,
                title=personal_data.TITLE,
                summary=personal_data.summary,
                export=personal_data.export,
                erase=lambda user, erasure: personal_data_erase(user=user, erasure=erasure),
                consequences=erasure_consequences,
            )
        )
