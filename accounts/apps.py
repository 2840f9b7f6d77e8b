from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """``migrate`` also creates the database cache's table (rate limits, login locks, the
    signed trust list), when the cache is the database (the default): nothing to remember."""
    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="jalons_cache_table")
