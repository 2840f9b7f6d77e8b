from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = _("Open Badges")

    def ready(self) -> None:
        from badges.indicators import badge_indicators_register

        badge_indicators_register()
        from accounts.api import PersonalDataSection, register_section
        from badges import personal_data, receivers
        from badges.services.erasure import erasure_consequences, personal_data_erase
        from badges.tasks import bulk_award_runs_register

        receivers.connect()
        bulk_award_runs_register()
        register_section(
            PersonalDataSection(
                key="badges",
                order=30,
                title=personal_data.TITLE,
                summary=personal_data.summary,
                export=personal_data.export,
                erase=lambda user, erasure: personal_data_erase(user=user, erasure=erasure),
                consequences=erasure_consequences,
            )
        )
