"""Template context of the community app, for the navigation: whether the signed-in person
leads an initiative (the "My initiatives" group) and, for them, how many requests to join
wait for an answer.

Whether someone leads an initiative is read at sign-in (``community.receivers``) and on
their home page, and kept in the session: the navigation spends no query on the others,
and one (when it reads the count) on leaders. Someone who becomes a leader during their
session sees the group from their next sign-in, or once they open their home page.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from community.selectors.summaries import join_request_waiting_count, user_leads_any_initiative

# In the session: whether the person led an initiative when last checked.
LEADS_SESSION_KEY = "community_leads"


def leads_remember(request: HttpRequest, leads: bool) -> None:
    """Keep in the session whether this person leads an initiative."""
    session = getattr(request, "session", None)
    if session is not None and session.get(LEADS_SESSION_KEY) is not leads:
        session[LEADS_SESSION_KEY] = leads


def community(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"leads_initiatives": False, "join_requests_waiting": 0}

    @cache
    def leads_initiatives() -> bool:
        session = getattr(request, "session", None)
        leads = None if session is None else session.get(LEADS_SESSION_KEY)
        if leads is None:  # a session opened before this was remembered
            leads = user_leads_any_initiative(user=user)
            leads_remember(request, leads)
        return bool(leads)

    @cache
    def join_requests_waiting() -> int:
        return join_request_waiting_count(user=user) if leads_initiatives() else 0

    return {"leads_initiatives": leads_initiatives, "join_requests_waiting": join_requests_waiting}
