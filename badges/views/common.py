"""Small helpers shared by the badges views: the objects a URL names, or 404."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from badges.models import Award, BadgeClass, Issuer
from badges.selectors.awards import award_get
from badges.selectors.badge_classes import badge_class_get
from badges.selectors.issuers import issuer_get
from config.http import or_404


def issuer_or_404(uuid: UUID) -> Issuer:
    return or_404(issuer_get(uuid=uuid))


def badge_class_or_404(uuid: UUID) -> BadgeClass:
    return or_404(badge_class_get(uuid=uuid))


def award_or_404(uuid: UUID) -> Award:
    return or_404(award_get(uuid=uuid))


def holder_left_response(award: Award) -> HttpResponse:
    """410 for the stored credential of a holder who closed their account: the platform no
    longer holds it (the holder's own copy stays valid, or reports its revocation)."""
    response = JsonResponse(
        {
            "id": award.ob3_url,
            "detail": _(
                "The person who held this badge closed their account: the platform no longer "
                "keeps its credential. A copy they downloaded still verifies."
            ),
        },
        status=410,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
