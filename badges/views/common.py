"""Small helpers shared by the badges views: the objects a URL names, or 404."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from badges.models import Award, BadgeClass, Issuer
from badges.selectors.awards import award_get
from badges.selectors.badge_classes import badge_class_get
from badges.selectors.issuers import issuer_get


def issuer_or_404(uuid: UUID) -> Issuer:
    issuer = issuer_get(uuid=uuid)
    if issuer is None:
        raise Http404
    return issuer


def badge_class_or_404(uuid: UUID) -> BadgeClass:
    badge_class = badge_class_get(uuid=uuid)
    if badge_class is None:
        raise Http404
    return badge_class


def award_or_404(uuid: UUID) -> Award:
    award = award_get(uuid=uuid)
    if award is None:
        raise Http404
    return award
