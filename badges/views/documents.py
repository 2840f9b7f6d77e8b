"""Thin views: hosted Open Badges 2.0 documents and the baked images of an award.

All public (verifiers and backpacks read them without an account):

- ``ob2_assertion`` / ``ob2_badge_class``: JSON-LD, open to other sites (CORS ``*``). A
  revoked award's Assertion answers ``410 Gone`` with ``revoked: true``; so does, without
  it, the Assertion of a holder who closed their account (their address is erased).
- ``award_png`` / ``award_svg``: the badge image with the OB 3.0 credential baked in,
  exactly the text served by ``award_ob3`` (``documents.credential_json``).
- ``ob2_assertion_png`` / ``ob2_assertion_svg``: the image with the hosted Assertion
  baked in, exactly the text served by ``ob2_assertion``.
- ``badge_class_default_image``: the drawn medal of a badge class without an image.

A revoked badge, or one whose holder closed their account, is not handed out as an image:
its baked downloads answer 410 with a short explanation (a revoked badge's OB 3.0 JSON
stays, so verifiers can report it revoked).
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from badges import ob2
from badges.default_image import default_badge_png
from badges.documents import credential_json
from badges.models import Award
from badges.selectors.badge_classes import badge_class_alignments, badge_class_tags
from badges.selectors.baked_images import baked_png, baked_svg
from badges.selectors.public_documents import award_for_ob2
from badges.views.common import (
    AWARD_DOCUMENT_CACHE,
    ISSUER_DOCUMENT_CACHE,
    award_or_404,
    badge_class_or_404,
)
from config.conditional import text_response
from config.http import or_404

JSON_LD = "application/ld+json"
PNG = "image/png"
SVG = "image/svg+xml"


def _json(text: str, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, content_type=f"{JSON_LD}; charset=utf-8", status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _gone(text: str) -> HttpResponse:
    response = _json(text, status=410)
    response["Cache-Control"] = AWARD_DOCUMENT_CACHE
    return response


@require_safe
def ob2_assertion(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The hosted OB 2.0 Assertion; 410 Gone with ``revoked: true`` once revoked. Built from
    the few columns it shows (one query); ``304`` for a current copy."""
    award = or_404(award_for_ob2(uuid=uuid))
    if award.holder_left:
        return _gone(ob2.document_json(ob2.ob2_gone_assertion(award)))
    if award.is_revoked:
        return _gone(ob2.document_json(ob2.ob2_revoked_assertion(award)))
    return text_response(
        request,
        text=ob2.ob2_assertion_json(award),
        media_type=JSON_LD,
        cache_control=AWARD_DOCUMENT_CACHE,
        last_modified=award.documents_last_modified,
    )


@require_safe
def ob2_badge_class(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The OB 2.0 BadgeClass (``304`` for a current copy)."""
    badge_class = badge_class_or_404(uuid)
    document = ob2.ob2_badge_class(
        badge_class,
        alignment=badge_class_alignments(badge_class=badge_class),
        tags=badge_class_tags(badge_class=badge_class),
    )
    return text_response(
        request,
        text=ob2.document_json(document),
        media_type=JSON_LD,
        cache_control=ISSUER_DOCUMENT_CACHE,
    )


@require_safe
def badge_class_default_image(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The drawn default image of a badge class (PNG)."""
    badge_class = badge_class_or_404(uuid)
    response = HttpResponse(default_badge_png(badge_class.name), content_type=PNG)
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Baked images ---


def _revoked_image(award: Award) -> HttpResponse:
    if award.holder_left:
        message = _(
            "The person who held this badge closed their account: its image is no longer "
            "handed out here. The copy they downloaded is theirs."
        )
    else:
        message = _(
            "This badge has been revoked: its image is no longer handed out. "
            "Its public page still shows it as revoked."
        )
    return HttpResponse(message, content_type="text/plain; charset=utf-8", status=410)


def _download(award: Award, content: bytes, *, media_type: str, suffix: str) -> HttpResponse:
    name = slugify(award.badge_class.name)[:60].strip("-") or "badge"
    filename = f"{name}-{str(award.uuid)[:8]}{suffix}"
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def award_png(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The badge PNG with the OB 3.0 credential baked in."""
    award = award_or_404(uuid)
    if award.is_revoked or award.holder_left:
        return _revoked_image(award)
    content = baked_png(award.badge_class, credential_json(award), version="ob3")
    return _download(award, content, media_type=PNG, suffix=".png")


@require_safe
def award_svg(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The badge SVG with the OB 3.0 credential baked in."""
    award = award_or_404(uuid)
    if award.is_revoked or award.holder_left:
        return _revoked_image(award)
    content = baked_svg(award.badge_class, credential_json(award), version="ob3")
    return _download(award, content, media_type=SVG, suffix=".svg")


@require_safe
def ob2_assertion_png(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The badge PNG with the hosted OB 2.0 Assertion baked in."""
    award = award_or_404(uuid)
    if award.is_revoked or award.holder_left:
        return _revoked_image(award)
    content = baked_png(award.badge_class, ob2.ob2_assertion_json(award), version="ob2")
    return _download(award, content, media_type=PNG, suffix="-ob2.png")


@require_safe
def ob2_assertion_svg(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The badge SVG with the hosted OB 2.0 Assertion baked in."""
    award = award_or_404(uuid)
    if award.is_revoked or award.holder_left:
        return _revoked_image(award)
    content = baked_svg(
        award.badge_class, ob2.ob2_assertion_json(award), version="ob2", verify_url=award.ob2_url
    )
    return _download(award, content, media_type=SVG, suffix="-ob2.svg")
