"""Writes on notifications.

Keyword-only, typed, atomic; models are checked with ``full_clean()``; emails
leave once the transaction commits. Services check permissions themselves
(``PermissionDenied``) so that views and the API cannot forget; broken rules
raise ``ValidationError`` with a message for the person concerned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import emails
from accounts.models import Notification, NotificationKind, NotificationPreference, User
from accounts.selectors.notifications import notification_wants_email


@transaction.atomic
def notification_send(
    *,
    recipient: User,
    kind: str,
    context: Mapping[str, object],
    link: str,
    email: Callable[[], None] | None = None,
) -> Notification:
    """Store a notification and email it, unless the recipient turned that kind off.

    ``context`` holds the parameters of the kind's sentence (see
    ``NOTIFICATION_TEXTS``); ``link`` is a path on this site. ``email``: an email of the
    caller's to send instead of the generic one (a richer one for this kind), under the
    same opt-out. Either is sent once the transaction commits.
    """
    notification = Notification(
        recipient=recipient,
        kind=kind,
        params={key: str(value) for key, value in context.items()},
        link=link,
    )
    notification.full_clean()
    notification.save()
    if recipient.is_active and notification_wants_email(user=recipient, kind=kind):
        send = email or (lambda: emails.notification(notification=notification))
        transaction.on_commit(send, robust=True)
    return notification


@transaction.atomic
def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_settings_update(*, user: User, email_by_kind: Mapping[str, bool]) -> None:
    """Turn emails on or off, per kind of notification."""
    for kind in NotificationKind.values:
        if kind in email_by_kind:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"email": bool(email_by_kind[kind])}
            )
