"""The 1EdTech CLR 2.0 ``ClrCredential`` of a portfolio (VC Data Model 2.0), unsigned.

``clr_credential(content, ...)`` builds, from the ``PortfolioContent`` every rendering
reads, the document that ``portfolios.services.releases.portfolio_release_create`` signs
with the platform's issuer (the territory issuer, ``eddsa-rdfc-2022``), stores in the
release, serves as JSON and attaches to the PDF. Choices (``shared/reference/standards.md``
§3 and §6):

- ``@context``: VC 2.0, CLR 2.0.1, OB 3.0.3, and OB 3.0 ``extensions.json`` (all bundled,
  ``badges/data/contexts``), which defines the type of its ``credentialSchema``.
- ``credentialSchema``: the official CLR 2.0 ClrCredential JSON Schema's address (1EdTech
  names it; no copy could be obtained to validate against, see docs/open-badges.md).
- ``id``: the public address of the release's CLR (``/portfolios/releases/<uuid>/clr.json``).
- ``issuer``: the territory issuer's profile, embedded without keys, as in the badges.
- ``partial``: ``true``: a portfolio is the volunteer's own selection, not everything the
  platform knows about them (CLR: "does not contain all the assertions known").
- ``credentialSubject`` (``ClrSubject``): the owner identified by a salted hash of their
  email only (a new salt per release); ``verifiableCredential``: the selected badges'
  signed OB 3.0 credentials exactly as issued (their own proofs keep verifying; revoked
  ones are left out), then the badges of other organisations she chose, as received
  (a JSON-LD credential unchanged, a VC-JWT in an ``EnvelopedVerifiableCredential``;
  ``portfolios.external``); ``achievement``: one ``Competency`` per selected competence (``id`` =
  its public page, with the endorsed level, aligned to its CASE CFItem and ESCO skills like
  the badges) and one per domain (``id`` = the domain's CASE CFItem); ``association``:
  each competence ``isChildOf`` its domain, and each badge's achievement ``isRelatedTo``
  the selected competences it is aligned to (the badge's rules).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from badges.api import (
    CREDENTIAL_SCHEMA_TYPE,
    CREDENTIALS_V2,
    OB_V3_CONTEXT,
    OB_V3_EXTENSIONS,
    Issuer,
    competence_alignment,
    email_identity_hash,
    format_datetime,
    issuer_profile_embedded,
)
from competences.api import Competence, Domain, case_uri
from portfolios.content import CompetenceLine, DomainBlock, PortfolioContent
from portfolios.external import record_item

CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
CLR_CONTEXTS: list[str] = [CREDENTIALS_V2, CLR_CONTEXT, OB_V3_CONTEXT, OB_V3_EXTENSIONS]
CLR_SCHEMA_ID = (
    "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"
)
CLR_TYPE = ["VerifiableCredential", "ClrCredential"]
#: Required by standards.md §3 (VC 2.0 + CLR 2.0); checked by the tests and ``clr_problems``.
REQUIRED_FIELDS = ("@context", "id", "type", "issuer", "validFrom", "name", "credentialSubject")


def email_identifier(email: str, salt: str) -> dict[str, Any]:
    """An OB 3.0 ``IdentityObject``: the salted SHA-256 of an email (like the badges')."""
    return {
        "type": "IdentityObject",
        "identityHash": email_identity_hash(email, salt),
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def _framework_title(competence: Competence) -> str:
    version = competence.version
    return f"{version.framework.name} {version.label}".strip()


def _level_text(line: CompetenceLine) -> str:
    if line.level is None:
        return _("Claimed by the volunteer, not endorsed yet.")
    text = _("Endorsed level: %(level)s of %(max)s, “%(label)s”.") % {
        "level": line.level,
        "max": line.max_level,
        "label": line.level_label,
    }
    return (
        text
        + " "
        + _("Endorsers at this level or above: %(endorsers)s (initiative leaders: %(leaders)s).")
        % {"endorsers": line.endorsers, "leaders": line.leaders}
    )


def competence_achievement(line: CompetenceLine, row: Competence | None) -> dict[str, Any]:
    """The ``Competency`` achievement of a selected competence, with its endorsed level."""
    level = _level_text(line)
    described = row.description if row is not None else ""
    achievement: dict[str, Any] = {
        "id": line.url,
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": line.title,
        "description": f"{described}\n\n{level}" if described else level,
        "criteria": {"narrative": level},
        "humanCode": line.code,
    }
    if row is not None:
        achievement["alignment"] = competence_alignment(row, externals=row.alignments.all())
    return achievement


def _domain_id(block: DomainBlock, domain: Domain | None) -> str:
    if domain is not None:
        return case_uri("CFItems", domain.uuid)
    # Not expected (a selected competence has its domain); a stable URN keeps the shape.
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'jalons:domain:{block.code}')}"


def domain_achievement(block: DomainBlock, domain: Domain | None, framework: str) -> dict[str, Any]:
    """The achievement of a domain: the group its selected competences belong to."""
    achievement_id = _domain_id(block, domain)
    description = (domain.description if domain is not None else "") or _(
        "A domain of the competence framework %(framework)s."
    ) % {"framework": framework}
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "ext:CompetenceDomain",
        "name": block.title,
        "description": description,
        "criteria": {
            "narrative": _(
                "The competences of this domain held in this record, each endorsed on its own."
            )
        },
        "humanCode": block.code,
    }
    if domain is not None:
        achievement["alignment"] = [
            {
                "type": ["Alignment"],
                "targetType": "CFItem",
                "targetName": block.title or block.code,
                "targetUrl": achievement_id,
                "targetCode": str(domain.uuid),
                "targetFramework": framework,
            }
        ]
    return achievement


def _badge_links(credential: dict[str, Any], competences: dict[str, str]) -> tuple[str, list[str]]:
    """The badge's achievement id and the ids of the selected competences it is aligned to.

    ``competences`` maps a competence's page URL and its UUID to its achievement id.
    """
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if not isinstance(achievement, dict) or not isinstance(achievement.get("id"), str):
        return "", []
    targets: list[str] = []
    for alignment in achievement.get("alignment") or []:
        if not isinstance(alignment, dict):
            continue
        found = competences.get(str(alignment.get("targetUrl"))) or competences.get(
            str(alignment.get("targetCode"))
        )
        if found and found not in targets:
            targets.append(found)
    return achievement["id"], targets


def clr_credential(
    content: PortfolioContent,
    *,
    competences: Mapping[str, Competence],
    issuer: Issuer,
    credential_id: str,
    recipient_email: str,
    salt: str,
) -> dict[str, Any]:
    """The unsigned ``ClrCredential`` of a portfolio's content.

    ``competences``: the framework rows of the content's competences by UUID, with their
    domain, version, framework and external alignments (``content_competences``);
    ``issuer``: the platform's issuer (the territory's); ``credential_id``: the public URL
    of the release's CLR; ``recipient_email`` and ``salt``: the owner's identity, hashed.
    Texts are in the portfolio's language; ``validFrom`` is the content's generation time.
    """
    with translation.override(content.language):
        achievements: list[dict[str, Any]] = []
        associations: list[dict[str, Any]] = []
        by_key: dict[str, str] = {}
        for block in content.domains:
            first = next((competences.get(line.uuid) for line in block.competences), None)
            domain = first.domain if first is not None else None
            framework = _framework_title(first) if first is not None else ""
            domain_node = domain_achievement(block, domain, framework)
            achievements.append(domain_node)
            for line in block.competences:
                node = competence_achievement(line, competences.get(line.uuid))
                achievements.append(node)
                by_key[line.url] = node["id"]
                by_key[line.uuid] = node["id"]
                associations.append(
                    {
                        "type": "Association",
                        "associationType": "isChildOf",
                        "sourceId": node["id"],
                        "targetId": domain_node["id"],
                    }
                )
        credentials = [badge.credential for badge in content.badges if badge.status != "revoked"]
        for external in content.external_badges:
            item = record_item(original=external.original, record=external.record)
            if item is not None:
                credentials.append(item)
        for credential in credentials:
            badge_id, targets = _badge_links(credential, by_key)
            for target in targets:
                associations.append(
                    {
                        "type": "Association",
                        "associationType": "isRelatedTo",
                        "sourceId": badge_id,
                        "targetId": target,
                    }
                )
        subject: dict[str, Any] = {
            "type": ["ClrSubject"],
            "identifier": [email_identifier(recipient_email, salt)],
        }
        if credentials:
            subject["verifiableCredential"] = credentials
        if achievements:
            subject["achievement"] = achievements
        if associations:
            subject["association"] = associations
        document: dict[str, Any] = {
            "@context": list(CLR_CONTEXTS),
            "id": credential_id,
            "type": list(CLR_TYPE),
            "issuer": issuer_profile_embedded(issuer),
            "validFrom": format_datetime(content.generated_at),
            "name": content.title,
        }
        if content.target:
            document["description"] = content.target
        document["partial"] = True
        document["credentialSubject"] = subject
        document["credentialSchema"] = [{"id": CLR_SCHEMA_ID, "type": CREDENTIAL_SCHEMA_TYPE}]
    return document


def clr_json(clr: dict[str, Any]) -> str:
    """The text of a signed CLR as downloaded and attached to the PDF (stable key order)."""
    return json.dumps(clr, ensure_ascii=False, indent=2, sort_keys=True)


def clr_sha256(clr: dict[str, Any]) -> str:
    """The SHA-256 of ``clr_json(clr)``: what a release records of its CLR."""
    return hashlib.sha256(clr_json(clr).encode("utf-8")).hexdigest()


def clr_problems(document: Any) -> list[str]:
    """What a ``ClrCredential`` lacks of the shape standards.md §3 gives (empty: fine).

    No official CLR 2.0 JSON Schema was available, so this checks the required fields,
    the types and the subject's structure; the wrapped credentials are checked against
    the OB 3.0 schema on their own.
    """
    if not isinstance(document, dict):
        return ["not a JSON object"]
    problems = [f"missing {name}" for name in REQUIRED_FIELDS if name not in document]
    context = document.get("@context")
    if (
        not isinstance(context, list)
        or context[:1] != [CREDENTIALS_V2]
        or CLR_CONTEXT not in context
    ):
        problems.append("@context must hold the CLR 2.0.1 context")
    types = document.get("type")
    if not isinstance(types, list) or not {"VerifiableCredential", "ClrCredential"} <= set(types):
        problems.append("type must hold VerifiableCredential and ClrCredential")
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict):
        return [*problems, "credentialSubject must be an object"]
    if "ClrSubject" not in (subject.get("type") or []):
        problems.append("credentialSubject.type must hold ClrSubject")
    if not subject.get("id") and not subject.get("identifier"):
        problems.append("credentialSubject needs an id or an identifier")
    ids = {node.get("id") for node in subject.get("achievement", []) if isinstance(node, dict)}
    for credential in subject.get("verifiableCredential", []):
        inner = credential.get("credentialSubject") if isinstance(credential, dict) else None
        if isinstance(inner, dict) and isinstance(inner.get("achievement"), dict):
            ids.add(inner["achievement"].get("id"))
    for association in subject.get("association", []):
        if not isinstance(association, dict) or association.get("type") != "Association":
            problems.append("an association is not an Association")
            continue
        for end in ("sourceId", "targetId"):
            if association.get(end) not in ids:
                problems.append(f"association {end} {association.get(end)!r} is no achievement")
    return problems
