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
        from django.core import checks

        from accounts import personal_data
        from accounts.checks import privacy_controller_check
        from accounts.data_rights import (
            PersonalDataSection,
            RetentionRule,
            register_retention_rule,
            register_section,
        )
        from accounts.services.deletion import account_deletions_due
        from accounts.services.erasure import personal_data_erase
        from accounts.services.exports import data_export_purge
        from accounts.services.retention import task_records_purge, unverified_accounts_purge
        from accounts.tasks import data_export_runs_register

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="jalons_cache_table")
        checks.register(privacy_controller_check, checks.Tags.security, deploy=True)
        data_export_runs_register()
        register_retention_rule(
            RetentionRule(
                key="unverified_accounts",
                label=_("Accounts whose email address was never confirmed, after sign-up"),
                purge=lambda cutoff: unverified_accounts_purge(cutoff=cutoff),
            )
        )
        register_section(
            PersonalDataSection(
                key="accounts",
                order=10,
                title=personal_data.TITLE,
                summary=personal_data.summary,
                export=personal_data.export,
                erase=lambda user, erasure: personal_data_erase(user=user, erasure=erasure),
            )
        )
        register_retention_rule(
            RetentionRule(
                key="task_records",
                label=_("Records of finished background tasks (emails sent), after they ended"),
                purge=lambda cutoff: task_records_purge(cutoff=cutoff),
            )
        )
        register_retention_rule(
            RetentionRule(
                key="account_deletions",
                label=_("Accounts whose closing was asked for, once the grace period is over"),
                purge=account_deletions_due,
                days=lambda: 0,
            )
        )
        register_retention_rule(
            RetentionRule(
                key="exports",
                label=_("Files of people's data exports, after they were ready"),
                purge=data_export_purge,
            )
        )
