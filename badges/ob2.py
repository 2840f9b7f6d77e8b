"""The hosted Open Badges 2.0 documents of an award: its Assertion and its BadgeClass.

Older systems (Open Badges 2.0 backpacks, IMS Global's openbadges-validator-core) read
these. Verification is ``HostedBadge``: the verifier fetches the Assertion at its ``id``
(``SITE_URL/ob/v2/assertions/<uuid>``), then the BadgeClass and the Issuer
(``badges.documents.ob2_issuer``), all on this site's origin. A revoked award's Assertion
answers ``410 Gone`` with ``revoked: true`` (``ob2_revoked_assertion``); the issuer's
RevocationList also lists it.

The recipient is the same salted hash of the email as in the OB 3.0 credential
(``sha256$`` + hex of sha256(email + salt)). ``ob2_assertion_json`` is the exact text
served and baked into the OB 2.0 images.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from badges.crypto.data_integrity import format_datetime
from badges.documents import OB_V2_CONTEXT
from badges.models import Award, BadgeClass
from badges.ob3 import badge_class_image_url
from config.http import absolute_url

ALIGNMENT_KEYS = ("targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode")
EVIDENCE_KEYS = ("id", "name", "description", "narrative", "genre", "audience")


def badge_class_ob2_url(badge_class: BadgeClass) -> str:
    """The ``id`` of the OB 2.0 BadgeClass."""
    return absolute_url(reverse("badges:ob2_badge_class", kwargs={"uuid": badge_class.uuid}))


def badge_class_default_image_url(badge_class: BadgeClass) -> str:
    """The drawn default image of a badge class (``badges.default_image``)."""
    path = reverse("badges:badge_class_default_image", kwargs={"uuid": badge_class.uuid})
    return absolute_url(path)


def badge_class_png_url(badge_class: BadgeClass) -> str:
    """The badge class's own PNG, or its drawn default image (OB 2.0 requires one)."""
    return badge_class_image_url(badge_class) or badge_class_default_image_url(badge_class)


def ob2_badge_class(
    badge_class: BadgeClass, *, alignment: Sequence[dict[str, Any]], tags: Sequence[str]
) -> dict[str, Any]:
    """The Open Badges 2.0 ``BadgeClass``, with the OB 3.0 ``alignment`` of the badge class
    (``badge_class_alignments``, in OB 2.0 form here) and its ``tags``."""
    document: dict[str, Any] = {
        "@context": OB_V2_CONTEXT,
        "type": "BadgeClass",
        "id": badge_class_ob2_url(badge_class),
        "name": badge_class.name,
        "description": badge_class.description,
        "image": badge_class_png_url(badge_class),
        "criteria": {"id": badge_class.id_url, "narrative": badge_class.criteria_narrative},
        "issuer": badge_class.issuer.ob2_url,
    }
    alignment = [
        {key: entry[key] for key in ALIGNMENT_KEYS if entry.get(key)} for entry in alignment
    ]
    if alignment:
        document["alignment"] = alignment
    if tags:
        document["tags"] = list(tags)
    return document


def _evidence(award: Award) -> list[dict[str, Any]]:
    """The OB 3.0 credential's evidence items that have an ``id``, in OB 2.0 form."""
    items = award.credential.get("evidence") or []
    if isinstance(items, dict):
        items = [items]
    return [
        {key: item[key] for key in EVIDENCE_KEYS if isinstance(item.get(key), str)}
        for item in items
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]
    ]


def ob2_assertion(award: Award) -> dict[str, Any]:
    """The hosted Open Badges 2.0 ``Assertion`` of an award (not revoked)."""
    document: dict[str, Any] = {
        "@context": OB_V2_CONTEXT,
        "type": "Assertion",
        "id": award.ob2_url,
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.salt,
            "identity": award.identity_hash,
        },
        "badge": badge_class_ob2_url(award.badge_class),
        "verification": {"type": "HostedBadge"},
        "issuedOn": format_datetime(award.issued_at),
        "image": award.ob2_png_url,
    }
    if award.expires_at is not None:
        document["expires"] = format_datetime(award.expires_at)
    if award.narrative:
        document["narrative"] = award.narrative
    evidence = _evidence(award)
    if evidence:
        document["evidence"] = evidence
    return document


def ob2_revoked_assertion(award: Award) -> dict[str, Any]:
    """What a revoked award's Assertion URL answers (with HTTP 410 Gone)."""
    return {
        "@context": OB_V2_CONTEXT,
        "id": award.ob2_url,
        "type": "Assertion",
        "revoked": True,
        "revocationReason": award.revocation_reason,
    }


def ob2_gone_assertion(award: Award) -> dict[str, Any]:
    """What the Assertion URL answers (with HTTP 410 Gone) once the holder closed their
    account: hosted verification needs their address, which is erased."""
    if award.is_revoked:
        return ob2_revoked_assertion(award)
    return {"@context": OB_V2_CONTEXT, "id": award.ob2_url, "type": "Assertion"}


def document_json(document: dict[str, Any]) -> str:
    """The text of a served OB 2.0 document (also what the OB 2.0 images carry)."""
    return json.dumps(document, ensure_ascii=False, indent=2)


def ob2_assertion_json(award: Award) -> str:
    """The exact text of the hosted Assertion (served, and baked into OB 2.0 images)."""
    return document_json(ob2_assertion(award))
