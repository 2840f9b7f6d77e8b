"""Small helpers shared by the badges views: the objects a URL names, or 404; the stored
OB 3.0 credential answered with its validators (``credential_response``); how long each kind
of public document may be cached."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from badges.documents import credential_json
from badges.models import Award, BadgeClass, Issuer
from badges.selectors.awards import award_get
from badges.selectors.badge_classes import badge_class_get
from badges.selectors.issuers import issuer_get
from badges.selectors.public_documents import award_credential_stored
from config.conditional import (
    Validators,
    document_response,
    request_validators,
    text_digest,
)
from config.http import or_404

JSON_LD = "application/ld+json"
# How long a copy may be used before asking again (``ETag`` / ``Last-Modified`` make asking
# cheap). An award's documents: a revocation changes its OB 2.0 Assertion at once. A status
# list: revocations must reach verifiers quickly. An issuer's profiles: a new key must be
# seen before the credentials it signs.
AWARD_DOCUMENT_CACHE = "public, max-age=300, must-revalidate"
STATUS_LIST_CACHE = "public, max-age=60, must-revalidate"
ISSUER_DOCUMENT_CACHE = "public, max-age=300, must-revalidate"


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


def credential_response(
    request: HttpRequest, uuid: UUID, *, media_type: str = JSON_LD, vary_accept: bool = False
) -> HttpResponseBase:
    """The award's OB 3.0 credential as stored (one narrow query), ``304`` when the copy
    the client holds is current, 410 once its holder left."""
    validators = request_validators(request)
    while True:
        stored = or_404(award_credential_stored(uuid=uuid, validators=validators))
        if stored.holder_left:
            return holder_left_response(Award(uuid=uuid))
        text, digest = stored.text, stored.digest
        if not digest:  # no stored text (an award older than it): built from the credential
            text = credential_json(award_or_404(uuid))
            digest = text_digest(text)
        response = document_response(
            request,
            text=text,
            digest=digest,
            media_type=media_type,
            cache_control=AWARD_DOCUMENT_CACHE,
            last_modified=stored.issued_at,
            vary_accept=vary_accept,
        )
        if response is not None:
            return response
        validators = Validators()  # the database saw a match the request did not: read it
