"""Reads of awards."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser

from accounts.api import User
from badges.models import Award


def award_get(*, uuid: UUID | str) -> Award | None:
    """One award with its badge class, issuer and holder's account."""
    return (
        Award.objects.filter(uuid=uuid).select_related("badge_class__issuer", "recipient").first()
    )


def user_holds_award(*, award: Award, user: User | AnonymousUser | None) -> bool:
    """Whether ``user`` is the award's holder: the account it was awarded to, still there."""
    return (
        isinstance(user, User)
        and award.recipient_id is not None
        and award.recipient_id == user.pk
        and not award.holder_left
    )


def award_holder_public_name(*, award: Award) -> str:
    """The holder's display name when they chose to show it on the award's public page;
    ``""`` otherwise (never their address: without a display name, nothing is shown)."""
    if not award.holder_name_public or award.holder_left or award.recipient is None:
        return ""
    return award.recipient.display_name.strip()
