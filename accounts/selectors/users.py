"""Reads on accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def advisor_list(*, viewer: User) -> QuerySet[User]:
    """Advisors, for stewards and staff; nobody else may list them."""
    if not viewer.can_grant_advisor:
        return User.objects.none()
    return User.objects.filter(is_advisor=True).select_related("advisor_granted_by")
