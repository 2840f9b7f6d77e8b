"""Reads of awards as lists, for the API: a badge class's, an issuer's, a person's.

Who may read them is checked by the callers (issuer staff for a badge class's or an
issuer's awards); each list costs one query for its rows, whatever its length.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.api import User
from badges.models import Award, BadgeClass, Issuer


def _awards() -> QuerySet[Award]:
    return Award.objects.select_related("badge_class__issuer", "recipient", "awarded_by").order_by(
        "-issued_at", "-pk"
    )


def award_list_for_badge_class(*, badge_class: BadgeClass) -> QuerySet[Award]:
    """The badge class's awards, newest first (revoked and expired ones included)."""
    return _awards().filter(badge_class=badge_class)


def award_list_for_issuer(*, issuer: Issuer) -> QuerySet[Award]:
    """Every award of every badge class of the issuer, newest first."""
    return _awards().filter(badge_class__issuer=issuer)


def award_list_for_recipient(*, user: User) -> QuerySet[Award]:
    """The awards made to this person's account, newest first."""
    return _awards().filter(recipient=user)


def award_list_valid_for_recipient(*, user: User, at: datetime | None = None) -> QuerySet[Award]:
    """The awards made to this person's account that are neither revoked nor expired."""
    now = at or timezone.now()
    return award_list_for_recipient(user=user).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True
    )


def awards_under_current_rules(*, badge_class: BadgeClass) -> int:
    """How many awards were issued since the rules last changed (all, if they never did)."""
    awards = Award.objects.filter(badge_class=badge_class)
    if badge_class.rules_changed_at is not None:
        awards = awards.filter(issued_at__gte=badge_class.rules_changed_at)
    return awards.count()
