"""What the community app does when someone signs in (connected in
``CommunityConfig.ready``): remember in the session whether they lead an initiative, so that
the navigation shows them the "My initiatives" group without a query on every page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest

from accounts.api import User
from community.context_processors import leads_remember
from community.selectors.summaries import user_leads_any_initiative


def on_user_logged_in(
    sender: Any, *, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None:
        leads_remember(request, user_leads_any_initiative(user=user))


def connect() -> None:
    user_logged_in.connect(on_user_logged_in, dispatch_uid="community.leads")
