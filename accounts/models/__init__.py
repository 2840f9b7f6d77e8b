"""Models of the accounts app: people, their inbox of notifications, the audit log.

Every public name of the submodules, so that ``accounts.models`` is the one way in.
"""

from accounts.models.audit import AppendOnlyError, AuditAction, AuditEvent, AuditEventQuerySet
from accounts.models.exports import EXPORT_PENDING, DataExport, ExportStatus
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
    "EXPORT_PENDING",
    "NOTIFICATION_TEXTS",
    "AppendOnlyError",
    "AuditAction",
    "AuditEvent",
    "AuditEventQuerySet",
    "DataExport",
    "ExportStatus",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "NotificationText",
    "User",
    "UserManager",
]
