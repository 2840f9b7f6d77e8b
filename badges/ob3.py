"""The Open Badges 3.0 ``OpenBadgeCredential`` of an award (VC Data Model 2.0), unsigned.

The builders here are pure: they receive what they write (``badges.services.award_documents``
reads it) and query nothing. ``open_badge_credential(award, achievement=...)`` builds the
document that ``badges.services.award_create`` signs once with the issuer's key
(``issuer_sign``: a Data Integrity ``eddsa-rdfc-2022`` proof, appended to a ``proof`` array)
and stores. Choices (see
``shared/reference/standards.md`` §2 and §6):

- ``@context``: the two the specification requires, then ``extensions.json``, which
  defines ``1EdTechJsonSchemaValidator2019`` (the ``credentialSchema`` type); without it
  canonicalization in safe mode refuses the document.
- ``id``: the public address of the credential's JSON (``SITE_URL/badges/awards/<uuid>.json``).
- ``issuer``: the issuer's profile, embedded, without keys (verifiers load the keys from
  the issuer's ``id``).
- The recipient is identified only by a salted hash of the email (``IdentityObject``).
- ``credentialSchema``: the official AchievementCredential schema (array).
- ``credentialStatus``: a ``BitstringStatusListEntry`` in the issuer's revocation list
  (``badges.status_lists``), given by ``award_create``.
- ``evidence``: the ``evidence_url`` given with the award, then what ``award_document``
  (``badges.services.award_documents``) gathers: the public details of the contributions
  and the endorsements behind the badge's rules.
- ``endorsement``: the leaders' ``EndorsementCredential``s about this award, each signed by
  its initiative's issuer (``award_document`` signs them before the award is signed).
- The Achievement (``achievement``) embeds the partner organisations' endorsements of the
  badge class in force when the badge is awarded (``credentialSubject.achievement.endorsement``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.urls import reverse

from badges.crypto.data_integrity import format_datetime
from badges.documents import CREDENTIALS_V2, OB_V3_CONTEXT, issuer_profile_embedded
from badges.models import Award, BadgeClass
from config.http import absolute_url

OB_V3_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CREDENTIAL_CONTEXT: list[str] = [CREDENTIALS_V2, OB_V3_CONTEXT, OB_V3_EXTENSIONS]
CREDENTIAL_SCHEMA_ID = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
CREDENTIAL_SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"
SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "schemas" / "achievementcredential.json"


def badge_class_image_url(badge_class: BadgeClass) -> str:
    """The absolute URL of the badge class's image (a PNG served here), or ``""``.

    The ``v`` parameter changes with each new image, so that caches see the new one.
    """
    if not badge_class.image:
        return ""
    path = reverse("badges:badge_class_image", kwargs={"uuid": badge_class.uuid})
    version = Path(badge_class.image.name or "").stem[:12]
    return absolute_url(f"{path}?v={version}")


def achievement(
    badge_class: BadgeClass,
    *,
    alignment: Sequence[dict[str, Any]],
    tags: Sequence[str],
    endorsements: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """The OB 3.0 ``Achievement`` of a badge class, with its ``alignment``
    (``badge_class_alignments``), its ``tags`` and the signed ``EndorsementCredential``s of
    the partner organisations in force."""
    document: dict[str, Any] = {
        "id": badge_class.id_url,
        "type": ["Achievement"],
        "name": badge_class.name,
        "description": badge_class.description,
        "criteria": {"narrative": badge_class.criteria_narrative},
        "achievementType": badge_class.achievement_type,
    }
    image = badge_class_image_url(badge_class)
    if image:
        document["image"] = {"id": image, "type": "Image", "caption": badge_class.name}
    if tags:
        document["tag"] = list(tags)
    if alignment:
        document["alignment"] = list(alignment)
    if endorsements:
        document["endorsement"] = list(endorsements)
    return document


def achievement_document(achievement: dict[str, Any]) -> dict[str, Any]:
    """The ``Achievement`` as a JSON-LD document of its own: what its ``id`` serves."""
    return {"@context": list(CREDENTIAL_CONTEXT), **achievement}


def credential_subject(award: Award, *, achievement: dict[str, Any]) -> dict[str, Any]:
    """The ``AchievementSubject``: the hashed email, the achievement, the narrative."""
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": award.identity_hash,
                "identityType": "emailAddress",
                "hashed": True,
                "salt": award.salt,
            }
        ],
        "achievement": achievement,
    }
    if award.narrative:
        subject["narrative"] = award.narrative
    return subject


def open_badge_credential(
    award: Award,
    *,
    achievement: dict[str, Any],
    credential_status: dict[str, Any] | None = None,
    evidence_url: str = "",
    evidence: Sequence[dict[str, Any]] = (),
    endorsements: Sequence[dict[str, Any]] = (),
    issuer_profile: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential`` of an award (its ``uuid``, dates, salt and hash
    must be set; the award need not be saved yet) for its badge class's ``achievement``,
    with its ``credentialStatus`` if given
    (``badges.status_lists.status_entry``), an ``Evidence`` for ``evidence_url`` followed by
    the ``evidence`` items, and the signed ``endorsements`` (``EndorsementCredential``).
    ``issuer_profile``: the issuer's embedded profile when the caller already built it
    (``issuer_profile_embedded``, the same for every award of an issuer)."""
    badge_class = award.badge_class
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": award.ob3_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": (
            issuer_profile
            if issuer_profile is not None
            else issuer_profile_embedded(badge_class.issuer)
        ),
        "validFrom": format_datetime(award.issued_at),
    }
    if award.expires_at is not None:
        credential["validUntil"] = format_datetime(award.expires_at)
    credential["awardedDate"] = format_datetime(award.issued_at)
    credential["name"] = badge_class.name
    credential["credentialSubject"] = credential_subject(award, achievement=achievement)
    items: list[dict[str, Any]] = []
    if evidence_url:
        items.append({"id": evidence_url, "type": ["Evidence"], "name": badge_class.name})
    items += evidence
    if items:
        credential["evidence"] = items
    if endorsements:
        credential["endorsement"] = list(endorsements)
    credential["credentialSchema"] = [{"id": CREDENTIAL_SCHEMA_ID, "type": CREDENTIAL_SCHEMA_TYPE}]
    if credential_status is not None:
        credential["credentialStatus"] = credential_status
    return credential
