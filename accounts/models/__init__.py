"""Models of the accounts app: people, and their inbox of notifications."""

from accounts.models.notifications import (
    NOTIFICATION_TEXTS,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationText,
)
from accounts.models.users import User, UserManager

__all__ = [
    "NOTIFICATION_TEXTS",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "NotificationText",
    "User",
    "UserManager",
]
