"""Template tags of the portfolios app."""

from __future__ import annotations

from typing import Any

from django import template

from portfolios import selectors
from portfolios.selectors import endorsements as endorsement_selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context: template.Context) -> int:
    """The signed-in person's unread notifications, for the navigation (one query)."""
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return selectors.notification_unread_count(user=user)


@register.simple_tag(takes_context=True)
def waiting_endorsement_count(context: template.Context) -> int:
    """Endorsement requests waiting for the signed-in person, for the navigation (one query)."""
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return endorsement_selectors.endorsement_request_waiting_count(user=user)
