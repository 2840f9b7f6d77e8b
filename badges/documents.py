"""The public JSON-LD documents of issuers, one function per document.

- ``issuer_profile``: the OB 3.0 ``Profile`` served at the issuer's ``id`` URL
  (``SITE_URL/issuers/<uuid>``, by content negotiation). It is also the
  controller document of the issuer's keys: ``assertionMethod`` lists every key,
  retired ones included, as a ``Multikey`` whose ``id`` is
  ``<issuer id>#<publicKeyMultibase>``. A fragment cannot be fetched, so a
  verifier resolves a key by loading the issuer document and picking the
  method with that ``id`` (``verification_method_document`` gives the
  stand-alone form that JSON-LD document loaders return for it).
- ``issuer_profile_embedded``: the same profile without keys nor ``@context``,
  to embed as the ``issuer`` of a credential.
- ``ob2_issuer`` and ``ob2_revocation_list``: the Open Badges 2.0 Issuer
  profile and its RevocationList (hosted verification).
- ``credential_json``: the text of an award's OB 3.0 credential, as served at its ``id``
  and baked into its images (one function, so both stay byte for byte the same);
  ``credential_store`` keeps that text on the award when it is signed.
- ``competence_alignment``: the OB 3.0 ``Alignment``s of a framework competence (badge
  classes and portfolios' CLR align to competences the same way).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.urls import reverse

from badges.models import Award, Issuer, SigningKey
from competences.api import Competence, ExternalAlignment, Status, case_uri
from config.conditional import text_digest
from config.http import absolute_url

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
OB_V2_CONTEXT = "https://w3id.org/openbadges/v2"

ESCO_PREFIX = "http://data.europa.eu/esco/"
# OB 3.0 ``targetType`` has no ESCO value; its vocabulary is extensible with ``ext:`` names
# (schema pattern ``(ext:)[a-z|A-Z|0-9|.|-|_]+``: letters and digits are safe).
ESCO_TARGET_TYPES = {"skill": "ext:ESCOSkill", "occupation": "ext:ESCOOccupation"}

# None of the three contexts above defines ``assertionMethod`` at the top level (the VC 2.0
# context only does inside a proof). Without a definition a JSON-LD processor drops the
# property, and verifiers that frame the controller document (jsonld-signatures'
# ControllerProofPurpose, whenever the first context is not DID v1) would find no key.
# This one-term context maps it to the IRI the DID and Controlled Identifier contexts use.
ASSERTION_METHOD_TERM: dict[str, Any] = {
    "assertionMethod": {
        "@id": "https://w3id.org/security#assertionMethod",
        "@type": "@id",
        "@container": "@set",
    }
}
ISSUER_PROFILE_CONTEXT: list[Any] = [
    CREDENTIALS_V2,
    OB_V3_CONTEXT,
    MULTIKEY_V1,
    ASSERTION_METHOD_TERM,
]


def issuer_image_url(issuer: Issuer) -> str:
    """The absolute URL of the issuer's image (a PNG served by this site), or ``""``.

    The ``v`` parameter changes with each new image, so that caches see the new one.
    """
    if not issuer.image:
        return ""
    path = reverse("badges:issuer_image", kwargs={"uuid": issuer.uuid})
    version = Path(issuer.image.name or "").stem[:12]
    return absolute_url(f"{path}?v={version}")


def _keys(issuer: Issuer) -> list[SigningKey]:
    """Every key, oldest first (uses a prefetch of ``signing_keys`` when there is one)."""
    keys = sorted(issuer.signing_keys.all(), key=lambda key: (key.created_at, key.pk))
    for key in keys:
        key.issuer = issuer  # the controller, without a query per key
    return keys


def verification_method(key: SigningKey) -> dict[str, Any]:
    """A key as listed in the issuer document."""
    return {
        "id": key.verification_method_id,
        "type": "Multikey",
        "controller": key.issuer.id_url,
        "publicKeyMultibase": key.public_key_multibase,
    }


def verification_method_document(key: SigningKey) -> dict[str, Any]:
    """A key as a document of its own: what a document loader returns for its ``id``."""
    return {"@context": MULTIKEY_V1, **verification_method(key)}


def issuer_profile_embedded(issuer: Issuer) -> dict[str, Any]:
    """The OB 3.0 ``Profile`` of the issuer, without keys: the ``issuer`` of a credential."""
    profile: dict[str, Any] = {
        "id": issuer.id_url,
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.public_url,
        "email": issuer.email,
    }
    if issuer.description:
        profile["description"] = issuer.description
    image = issuer_image_url(issuer)
    if image:
        profile["image"] = {"id": image, "type": "Image", "caption": issuer.name}
    return profile


def issuer_profile(issuer: Issuer) -> dict[str, Any]:
    """The document at the issuer's ``id``: its profile and every public key it ever used."""
    return {
        "@context": ISSUER_PROFILE_CONTEXT,
        **issuer_profile_embedded(issuer),
        "assertionMethod": [verification_method(key) for key in _keys(issuer)],
    }


def issuer_documents(issuer: Issuer) -> dict[str, dict[str, Any]]:
    """The issuer document and each key's document, by URL: for an offline document loader."""
    documents = {issuer.id_url: issuer_profile(issuer)}
    for key in _keys(issuer):
        documents[key.verification_method_id] = verification_method_document(key)
    return documents


def ob2_issuer(issuer: Issuer) -> dict[str, Any]:
    """The Open Badges 2.0 Issuer profile (``id``, ``type``, ``name``, ``url``, ``email``)."""
    profile: dict[str, Any] = {
        "@context": OB_V2_CONTEXT,
        "type": "Issuer",
        "id": issuer.ob2_url,
        "name": issuer.name,
        "url": issuer.public_url,
        "email": issuer.email,
    }
    if issuer.description:
        profile["description"] = issuer.description
    image = issuer_image_url(issuer)
    if image:
        profile["image"] = image
    profile["revocationList"] = issuer.ob2_revocation_list_url
    return profile


def ob2_revocation_list(
    issuer: Issuer, *, revoked: Iterable[Mapping[str, str] | str] = ()
) -> dict[str, Any]:
    """The issuer's OB 2.0 RevocationList.

    ``revoked``: each revoked assertion, as its ``id`` or ``{"id", "revocationReason"}``.
    """
    return {
        "@context": OB_V2_CONTEXT,
        "id": issuer.ob2_revocation_list_url,
        "type": "RevocationList",
        "issuer": issuer.ob2_url,
        "revokedAssertions": [item if isinstance(item, str) else dict(item) for item in revoked],
    }


def credential_json(award: Award) -> str:
    """The text of the award's OB 3.0 credential as signed: served at its ``id`` and baked
    (the stored text, written when it was signed; built from ``credential`` for an award
    that has none yet)."""
    if award.credential_text:
        return award.credential_text
    return json.dumps(award.credential, ensure_ascii=False, indent=2)


def credential_store(award: Award) -> None:
    """Keep the text of the just-signed ``award.credential`` (its key order as signed) and
    its digest on the award, before it is saved: the public JSON serves these bytes."""
    award.credential_text = json.dumps(award.credential, ensure_ascii=False, indent=2)
    award.credential_digest = text_digest(award.credential_text)


def _framework_title(competence: Competence) -> str:
    version = competence.version
    return f"{version.framework.name} {version.label}".strip()


def _external_alignment(external: ExternalAlignment) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": ["Alignment"],
        "targetName": external.label or external.target_url,
        "targetUrl": external.target_url,
        "targetFramework": external.target_framework,
    }
    if external.target_url.startswith(ESCO_PREFIX):
        kind = external.target_url[len(ESCO_PREFIX) :].split("/", 1)[0]
        if kind in ESCO_TARGET_TYPES:
            entry["targetType"] = ESCO_TARGET_TYPES[kind]
    if external.target_code:
        entry["targetCode"] = external.target_code
    return entry


def competence_target_url(competence: Competence) -> str:
    """Where a competence's alignment points: its CASE ``CFItems/<uuid>`` (what a CASE
    consumer reads) when the CASE provider serves it (a published or retired version), else
    its public page."""
    if competence.version.status in (Status.PUBLISHED, Status.RETIRED):
        return case_uri("CFItems", competence.uuid)
    return absolute_url(competence.get_absolute_url())


def competence_alignment(
    competence: Competence, *, externals: Iterable[ExternalAlignment]
) -> list[dict[str, Any]]:
    """The OB 3.0 ``Alignment``s of a competence: its CASE ``CFItem`` (``targetUrl``: the
    CASE provider's ``CFItems/<uuid>`` address once its version is published, its public page
    before; ``targetCode``: the CFItem identifier, its UUID), then its ``externals`` (ESCO
    skills as ``ext:ESCOSkill``), each address once. Texts in the active language;
    ``competence`` comes with its version and framework."""
    item: dict[str, Any] = {
        "type": ["Alignment"],
        "targetType": "CFItem",
        "targetName": competence.title or competence.code,
        "targetUrl": competence_target_url(competence),
        "targetCode": str(competence.uuid),
        "targetFramework": _framework_title(competence),
    }
    if competence.description:
        item["targetDescription"] = competence.description
    alignment = [item]
    seen = {item["targetUrl"]}
    for external in externals:
        if external.target_url not in seen:
            seen.add(external.target_url)
            alignment.append(_external_alignment(external))
    return alignment
