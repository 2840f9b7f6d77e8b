"""Reads on notifications."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import Notification, NotificationKind, NotificationPreference, User

Viewer = User | AnonymousUser


def notification_list(*, recipient: Viewer) -> QuerySet[Notification]:
    if not recipient.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=recipient).order_by("-created_at", "-pk")


def notification_unread_count(*, user: Viewer) -> int:
    """One query; used by the navigation on every page."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_email_settings(*, user: User) -> dict[str, bool]:
    """For each kind, whether the person wants an email (yes unless they turned it off)."""
    settings = {kind: True for kind in NotificationKind.values}
    for kind, email in NotificationPreference.objects.filter(user=user).values_list(
        "kind", "email"
    ):
        if kind in settings:
            settings[kind] = email
    return settings


def notification_wants_email(*, user: User, kind: str) -> bool:
    return not NotificationPreference.objects.filter(
        Q(user=user) & Q(kind=kind) & Q(email=False)
    ).exists()
