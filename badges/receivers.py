"""What the badges app does when other apps announce something (connected in
``BadgesConfig.ready``).

- ``community.signals.endorsement_recorded`` (after commit): refresh the proposals of
  the person endorsed, as a task.
- ``accounts.signals.email_verified``: awards made to that address before the account
  existed (or was verified) are attached to it; then its proposals are refreshed.
- ``user_logged_in``: remember in the session whether the person could manage an issuer,
  so that the navigation counts badges to confirm only for them.

Before ``manage.py restore`` it checks that the archive's signing keys decrypt here
(``badges.backups``, registered with ``config.backup.checks.restore_check_register``).

It also adds its links to initiatives' pages (``community.api.initiative_links_register``):
the issuer profile of an initiative that awards badges, and for its leaders, when it does
not yet, "become an issuer of badges".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.api import User, email_verified
from badges.backups import signing_keys_decrypt
from badges.context_processors import may_decide_remember
from badges.selectors.issuers import issuer_for_initiative
from badges.selectors.proposals import user_may_decide_proposals
from badges.services.awards import awards_attach
from badges.tasks import award_proposals_refresh_task
from community.api import (
    Initiative,
    InitiativeLink,
    endorsement_recorded,
    initiative_links_register,
)
from config.backup.checks import restore_check_register


def on_endorsement_recorded(sender: Any, *, user_id: int, **kwargs: Any) -> None:
    award_proposals_refresh_task.enqueue(user_id=user_id)


def on_email_verified(sender: Any, *, user: User, **kwargs: Any) -> None:
    awards_attach(user=user)
    user_id = user.pk
    transaction.on_commit(
        lambda: award_proposals_refresh_task.enqueue(user_id=user_id), robust=True
    )


def on_user_logged_in(
    sender: Any, *, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None:
        may_decide_remember(request, user_may_decide_proposals(user=user))


def initiative_issuer_links(
    initiative: Initiative, viewer: object, viewer_leads: bool
) -> list[InitiativeLink]:
    """The issuer profile of an initiative that awards badges; else, for its leaders, the
    way to become an issuer."""
    issuer = issuer_for_initiative(initiative=initiative)
    if issuer is not None:
        return [
            InitiativeLink(
                term=_("Open Badges"),
                label=_("This initiative awards badges: see its issuer profile"),
                url=issuer.get_absolute_url(),
                place="detail",
            )
        ]
    if viewer_leads:
        return [
            InitiativeLink(
                label=_("Become an issuer of badges"),
                url=reverse("badges:issuer_create_initiative", args=[initiative.slug]),
                place="leader_action",
            )
        ]
    return []


def connect() -> None:
    endorsement_recorded.connect(on_endorsement_recorded, dispatch_uid="badges.proposals")
    email_verified.connect(on_email_verified, dispatch_uid="badges.awards_attach")
    user_logged_in.connect(on_user_logged_in, dispatch_uid="badges.may_decide")
    initiative_links_register(initiative_issuer_links)
    restore_check_register(signing_keys_decrypt)
