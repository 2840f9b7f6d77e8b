"""Models of the accounts app: people, and their inbox of notifications.

Every public name of the submodules, so that ``accounts.models`` is the one way in.
"""

from accounts.models.notifications import (
    NOTIFICATION_TEXTS,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationText,
)
from accounts.models.users import (
    User,
    UserManager,
)

__all__ = [
    "NOTIFICATION_TEXTS",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "NotificationText",
    "User",
    "UserManager",
]
