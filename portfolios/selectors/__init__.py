"""Reads of the portfolios app, filtered by what the viewer may see."""

from portfolios.selectors.initiatives import (
    initiative_get,
    initiative_list,
    initiative_list_for_member,
    invitation_get_by_token,
    invitation_pending_for_user,
    invitation_pending_list,
    join_request_pending_for_user,
    join_request_pending_list,
    leader_count,
    member_list,
    membership_get,
    membership_roles,
    user_can_create_initiative,
    user_can_verify_initiatives,
    user_exists_with_email,
)
from portfolios.selectors.notifications import (
    notification_email_settings,
    notification_list,
    notification_unread_count,
    notification_wants_email,
)

__all__ = [
    "initiative_get",
    "initiative_list",
    "initiative_list_for_member",
    "invitation_get_by_token",
    "invitation_pending_for_user",
    "invitation_pending_list",
    "join_request_pending_for_user",
    "join_request_pending_list",
    "leader_count",
    "member_list",
    "membership_get",
    "membership_roles",
    "notification_email_settings",
    "notification_list",
    "notification_unread_count",
    "notification_wants_email",
    "user_can_create_initiative",
    "user_can_verify_initiatives",
    "user_exists_with_email",
]
