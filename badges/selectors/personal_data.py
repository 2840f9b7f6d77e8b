"""Everything badges holds about one person, for their "Mes données" page and export."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.api import User
from badges.models import Award, AwardProposal


def awards_of(*, user: User) -> QuerySet[Award]:
    """The badges awarded to the person: to their account, or to their address before it
    was attached to the account (revoked and expired ones included), oldest first."""
    return (
        Award.objects.filter(
            Q(recipient=user) | Q(recipient__isnull=True, recipient_email__iexact=user.email)
        )
        .select_related("badge_class__issuer")
        .order_by("issued_at", "pk")
    )


def proposals_for(*, user: User) -> QuerySet[AwardProposal]:
    """The badges the platform proposed for the person (awarded, declined or waiting)."""
    return (
        AwardProposal.objects.filter(user=user)
        .select_related("badge_class__issuer", "award")
        .order_by("created_at", "pk")
    )
