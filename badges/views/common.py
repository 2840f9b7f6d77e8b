"""Small helpers shared by the badges views: the signed-in user, posted data, 404s."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest

from accounts.models import User
from badges import selectors
from badges.models import Award, BadgeClass, Issuer


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user (views using it are behind ``login_required``)."""
    user = request.user
    assert isinstance(user, User)
    return user


def posted(request: HttpRequest) -> Any:
    """The POST data to bind a form to, or ``None`` for a GET."""
    return request.POST if request.method == "POST" else None


def issuer_or_404(uuid: UUID) -> Issuer:
    issuer = selectors.issuer_get(uuid=uuid)
    if issuer is None:
        raise Http404
    return issuer


def badge_class_or_404(uuid: UUID) -> BadgeClass:
    badge_class = selectors.badge_class_get(uuid=uuid)
    if badge_class is None:
        raise Http404
    return badge_class


def award_or_404(uuid: UUID) -> Award:
    award = selectors.award_get(uuid=uuid)
    if award is None:
        raise Http404
    return award
