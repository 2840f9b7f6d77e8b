"""What accounts purges after a period (rule ``unverified_accounts``, run by
``manage.py apply_retention``; see accounts/data_rights.py)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors.tasks import finished_task_records
from accounts.services.users import user_delete


def _unverified_accounts(*, cutoff: datetime) -> QuerySet[User]:
    """Accounts whose address was never confirmed, created at ``cutoff`` or before.

    Never an account that holds a role someone gave it (staff, superuser, steward, advisor):
    a person vouched for it, and only a person takes it back.
    """
    return User.objects.filter(
        email_verified_at__isnull=True,
        date_joined__lte=cutoff,
        is_staff=False,
        is_superuser=False,
        is_steward=False,
        is_advisor=False,
    ).order_by("pk")


@transaction.atomic
def unverified_accounts_purge(*, cutoff: datetime) -> int:
    """Delete the accounts never confirmed since ``cutoff``; how many. Each goes through
    ``user_delete`` (the platform did it: the audit log records it, by account number)."""
    deleted = 0
    for user in _unverified_accounts(cutoff=cutoff).select_for_update():
        user_delete(user=user, by=None)
        deleted += 1
    return deleted


def task_records_purge(*, cutoff: datetime) -> int:
    """Records of background tasks that finished before ``cutoff`` (database backend only):
    they hold the emails sent (addresses, names, links in clear). How many."""
    records = finished_task_records()
    if records is None:
        return 0
    deleted, _kinds = records.filter(finished_at__lt=cutoff).delete()
    return deleted
