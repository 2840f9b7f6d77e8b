"""Writes of the portfolios app, one module per subject."""

from portfolios.services.initiatives import (
    initiative_create,
    initiative_set_verified,
    initiative_update,
    invitation_accept,
    invitation_accept_with_sign_up,
    invitation_create,
    invitation_decline,
    invitation_is_for,
    invitation_revoke,
    join_request_accept,
    join_request_create,
    join_request_refuse,
    membership_change_role,
    membership_leave,
    membership_remove,
)
from portfolios.services.notifications import (
    notification_mark_all_read,
    notification_mark_read,
    notification_send,
    notification_settings_update,
)

__all__ = [
    "initiative_create",
    "initiative_set_verified",
    "initiative_update",
    "invitation_accept",
    "invitation_accept_with_sign_up",
    "invitation_create",
    "invitation_decline",
    "invitation_is_for",
    "invitation_revoke",
    "join_request_accept",
    "join_request_create",
    "join_request_refuse",
    "membership_change_role",
    "membership_leave",
    "membership_remove",
    "notification_mark_all_read",
    "notification_mark_read",
    "notification_send",
    "notification_settings_update",
]
