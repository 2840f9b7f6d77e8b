"""Template tags of the accounts app, for the navigation of every page."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.selectors.notifications import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context: template.Context) -> int:
    """The signed-in person's unread notifications, for the navigation (one query)."""
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return notification_unread_count(user=user)
