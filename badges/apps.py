from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = _("Open Badges")

    def ready(self) -> None:
        from badges import receivers

        receivers.connect()
