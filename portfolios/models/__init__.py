"""Models of the portfolios app, one module per subject."""

from portfolios.models.initiatives import (
    INVITATION_VALID_DAYS,
    LOGO_MAX_BYTES,
    Initiative,
    InitiativeKind,
    InitiativeSphere,
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
    Sphere,
    default_invitation_expiry,
    postcode_validator,
    token_hash,
)
from portfolios.models.notifications import (
    NOTIFICATION_TEXTS,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationText,
)

__all__ = [
    "INVITATION_VALID_DAYS",
    "LOGO_MAX_BYTES",
    "NOTIFICATION_TEXTS",
    "Initiative",
    "InitiativeKind",
    "InitiativeSphere",
    "Invitation",
    "InvitationStatus",
    "JoinRequest",
    "JoinRequestStatus",
    "Membership",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "NotificationText",
    "Role",
    "Sphere",
    "default_invitation_expiry",
    "postcode_validator",
    "token_hash",
]
