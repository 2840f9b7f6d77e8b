"""Template context of the badges app: the "Badges to confirm (n)" and, for stewards, the
"Issuers to recognise (n)" counts of the navigation.

The count is lazy: one query when a template reads it (the navigation of ``base.html``
does), and none for anonymous visitors or for people who manage no issuer. Whether
someone manages an issuer is read at sign-in and on the proposals page, and kept in the
session (``badges.receivers.on_user_logged_in``, ``badges.views.proposals``); stewards
and staff are always counted. A leader whose initiative gets an issuer during their
session sees the count from their next sign-in, or once they open the page (the
"badge to confirm" notifications link to it).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from badges.selectors.proposals import proposal_to_decide_count
from badges.selectors.recognition import recognition_pending_count, user_can_manage_recognition

# In the session: False when the person managed no issuer when last checked.
MAY_DECIDE_SESSION_KEY = "badges_may_decide"


def may_decide_remember(request: HttpRequest, may_decide: bool) -> None:
    """Keep in the session whether this person manages an issuer."""
    session = getattr(request, "session", None)
    if session is not None and session.get(MAY_DECIDE_SESSION_KEY) is not may_decide:
        session[MAY_DECIDE_SESSION_KEY] = may_decide


def _issuers_to_recognise(user: Any) -> Any:
    """The stewards' count of issuers waiting for the territory's decision (lazy: one query
    when the navigation reads it; nothing for everyone else)."""
    if not user_can_manage_recognition(user):
        return 0

    return cache(recognition_pending_count)


def badges(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"badges_to_confirm": 0, "issuers_to_recognise": 0}
    issuers_to_recognise = _issuers_to_recognise(user)
    session = getattr(request, "session", None)
    if (
        session is not None
        and session.get(MAY_DECIDE_SESSION_KEY) is False
        and not (user.is_steward or user.is_staff)
    ):
        return {"badges_to_confirm": 0, "issuers_to_recognise": issuers_to_recognise}

    @cache
    def badges_to_confirm() -> int:
        return proposal_to_decide_count(user=user)

    return {"badges_to_confirm": badges_to_confirm, "issuers_to_recognise": issuers_to_recognise}
