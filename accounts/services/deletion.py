"""Closing an account: asked for, cancelled during the grace period, then erased by a task.

- ``account_deletion_request``: the person confirms with their password and chooses what
  happens to their badges; the erasure is due ``ACCOUNT_DELETION_GRACE_DAYS`` days later
  (right away when the period is 0). They get an email saying when, with a link to cancel.
  Refused while something must be settled first (``deletion_blockers``: the last leader of
  an initiative with other members).
- ``account_deletion_cancel``: until the erasure runs.
- ``account_deletions_due``: the retention rule ``account_deletions`` (``manage.py
  apply_retention``, daily): queues the erasure task of every account whose day has come.
  The task (``accounts.tasks.account_erase_task``) calls ``user_delete``, which is safe to
  run twice: a task interrupted by a crash is queued again on the next run of the command.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import emails
from accounts.data_rights import blockers_of, sections
from accounts.models import AuditAction, User
from accounts.services.audit import audit_record
from accounts.tasks import account_erase_task

logger = logging.getLogger(__name__)


def deletion_blockers(*, user: User) -> list[str]:
    """What must be settled before ``user`` can close their account (empty: nothing)."""
    return blockers_of(user)


def deletion_consequences(*, user: User) -> list[str]:
    """What closing the account will do, section by section, in sentences."""
    found: list[str] = []
    for section in sections():
        if section.consequences is not None:
            found += section.consequences(user)
    return found


def _enqueue_erase(user_id: int) -> None:
    account_erase_task.enqueue(user_id=user_id)


@transaction.atomic
def account_deletion_request(*, user: User, keep_badges: bool) -> datetime:
    """``user`` asks to close their account; returns when it will be erased."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    blockers = deletion_blockers(user=locked)
    if blockers:
        raise ValidationError([ValidationError(text, code="deletion_blocked") for text in blockers])
    now = timezone.now()
    due = now + timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS)
    locked.deletion_requested_at = now
    locked.deletion_due_at = due
    locked.deletion_keep_badges = keep_badges
    locked.save(update_fields=["deletion_requested_at", "deletion_due_at", "deletion_keep_badges"])
    user.deletion_requested_at, user.deletion_due_at = now, due
    user.deletion_keep_badges = keep_badges
    audit_record(
        action=AuditAction.ACCOUNT_DELETION_REQUEST,
        actor=user,
        target_type="user",
        target_id=user.pk,
        details={"keep_badges": keep_badges, "due": due.isoformat()},
    )
    if settings.ACCOUNT_DELETION_GRACE_DAYS == 0:
        transaction.on_commit(partial(_enqueue_erase, user.pk))
    else:
        emails.account_deletion_scheduled(user=locked)
    logger.info("User %s asked to close their account (due %s)", user.pk, due.isoformat())
    return due


@transaction.atomic
def account_deletion_cancel(*, user: User) -> None:
    """``user`` changes their mind before the erasure ran."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.deletion_due_at is None:
        raise ValidationError(_("Your account is not being closed."), code="not_scheduled")
    locked.deletion_requested_at = None
    locked.deletion_due_at = None
    locked.save(update_fields=["deletion_requested_at", "deletion_due_at"])
    user.deletion_requested_at = user.deletion_due_at = None
    audit_record(
        action=AuditAction.ACCOUNT_DELETION_CANCEL,
        actor=user,
        target_type="user",
        target_id=user.pk,
    )


def account_deletions_due(cutoff: datetime) -> int:
    """Queue the erasure of every account whose day has come (``cutoff``: now); how many."""
    due = list(
        User.objects.filter(deletion_due_at__isnull=False, deletion_due_at__lte=cutoff)
        .order_by("deletion_due_at")
        .values_list("pk", flat=True)
    )
    # Queued once the command's transaction commits (never during ``--dry-run``).
    for user_id in due:
        transaction.on_commit(partial(_enqueue_erase, user_id))
    return len(due)
