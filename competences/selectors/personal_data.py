"""What competences holds about one person, for their "Mes données" page and export."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.api import User
from competences.models import FrameworkVersion


def versions_created_or_published_by(*, user: User) -> QuerySet[FrameworkVersion]:
    """The versions of a framework the person created (a draft) or published (as a
    steward), oldest first."""
    return (
        FrameworkVersion.objects.filter(Q(created_by=user) | Q(published_by=user))
        .select_related("framework")
        .order_by("created_at", "pk")
    )
