"""OB 3.0 ``EndorsementCredential`` documents, and what pages read back from credentials.

Two kinds of endorsements travel inside an award's credential (both are signed
``EndorsementCredential``s, each with its own proof, verified on their own):

- **leaders' endorsements** (``credential["endorsement"]``): an initiative leader confirmed
  a competence behind the award; the initiative's issuer signs the endorsement, whose
  ``credentialSubject.id`` is the award credential's ``id``;
- **organisations' endorsements of the badge class**
  (``credentialSubject.achievement.endorsement``): a partner organisation vouches for the
  badge class; its ``credentialSubject.id`` is the Achievement's ``id``.

The builders here are pure (no database write, no signature): ``badges.services`` sign.
``embedded_endorsements`` and ``public_evidence`` read a stored credential for display and
for verifiers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from badges.crypto.data_integrity import format_datetime
from badges.documents import issuer_profile_embedded
from badges.models import Award, Issuer
from badges.ob3 import CREDENTIAL_CONTEXT, CREDENTIAL_SCHEMA_TYPE
from community.api import Contribution, Endorsement, Evidence, EvidenceKind, Visibility
from competences.api import ProficiencyLevel

ENDORSEMENT_TYPE = "EndorsementCredential"
ENDORSEMENT_SCHEMA_ID = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
)
ENDORSEMENT_SCHEMA_FILE = (
    Path(__file__).resolve().parent / "data" / "schemas" / "endorsementcredential.json"
)
LEADER = "leader"
ORGANISATION = "organisation"


def endorsement_credential(
    *,
    issuer: Issuer,
    subject_id: str,
    name: str,
    comment: str,
    valid_from: datetime,
    credential_id: str = "",
) -> dict[str, Any]:
    """An unsigned ``EndorsementCredential`` of ``issuer`` about ``subject_id``.

    Same contexts as the award credential; ``id`` a fresh ``urn:uuid:`` unless given; the
    official EndorsementCredential schema (bundled in ``badges/data/schemas``).
    """
    return {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", ENDORSEMENT_TYPE],
        "name": name,
        "issuer": issuer_profile_embedded(issuer),
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": subject_id,
            "type": ["EndorsementSubject"],
            "endorsementComment": comment,
        },
        "credentialSchema": [{"id": ENDORSEMENT_SCHEMA_ID, "type": CREDENTIAL_SCHEMA_TYPE}],
    }


def _level(number: int, level: ProficiencyLevel | None) -> str:
    return f"{number} ({level.name})" if level is not None and level.name else str(number)


def leader_endorsement_credential(
    *,
    endorsement: Endorsement,
    issuer: Issuer,
    award: Award,
    level: ProficiencyLevel | None,
) -> dict[str, Any]:
    """The unsigned ``EndorsementCredential`` of a leader's endorsement behind an award,
    in the initiative issuer's name, about the award credential (texts in the active
    language: the caller activates the award's)."""
    initiative = issuer.initiative.name if issuer.initiative else issuer.name
    competence = endorsement.claim.competence.title
    words = _(
        "%(endorser)s, leader of %(initiative)s, confirms the competence "
        "“%(competence)s” at level %(level)s."
    ) % {
        "endorser": endorsement.endorser_shown,
        "initiative": initiative,
        "competence": competence,
        "level": _level(endorsement.level, level),
    }
    if endorsement.comment.strip():
        words = f"{words}\n\n{endorsement.comment.strip()}"
    return endorsement_credential(
        issuer=issuer,
        subject_id=award.ob3_url,
        name=_("Endorsement of %(competence)s by %(initiative)s")
        % {"competence": competence, "initiative": initiative},
        comment=words,
        valid_from=endorsement.created_at,
    )


def endorsement_evidence(
    *, endorsement: Endorsement, level: ProficiencyLevel | None
) -> dict[str, Any]:
    """An endorsement behind the award as an ``Evidence`` item (genre ``Endorsement``): who
    (name, kind, organisation; never the email), the level confirmed, their words."""
    competence = endorsement.claim.competence.title
    who = str(endorsement.get_kind_display())
    if endorsement.endorser_organisation.strip():
        who = f"{who}, {endorsement.endorser_organisation.strip()}"
    description = _("%(who)s. Level confirmed: %(level)s.") % {
        "who": who[:1].upper() + who[1:],
        "level": _level(endorsement.level, level),
    }
    if endorsement.relationship.strip():
        description = f"{description} {endorsement.relationship.strip()}"
    item: dict[str, Any] = {
        "type": ["Evidence"],
        "name": _("Endorsement of %(competence)s by %(endorser)s")
        % {"competence": competence, "endorser": endorsement.endorser_shown},
        "description": description,
        "genre": "Endorsement",
    }
    if endorsement.comment.strip():
        item["narrative"] = endorsement.comment.strip()
    return item


def _period(contribution: Contribution) -> str:
    start = date_format(contribution.started_on, "DATE_FORMAT")
    if contribution.ended_on is None:
        return _("since %(start)s") % {"start": start}
    if contribution.ended_on == contribution.started_on:
        return _("on %(date)s") % {"date": start}
    end = date_format(contribution.ended_on, "DATE_FORMAT")
    return _("from %(start)s to %(end)s") % {"start": start, "end": end}


def contribution_evidence(*, contribution: Contribution, public: list[Evidence]) -> dict[str, Any]:
    """A contribution behind the award as an ``Evidence`` item (genre ``Contribution``).

    Only what may be public: its title, where and when, its hours and role, and the
    evidence its owner made **public** (texts, links, file titles). The contribution's own
    narrative, the claims' statements and any private or endorsers-only evidence stay out.
    ``id`` is the first public link, when there is one.
    """
    parts = [f"{contribution.context_name}, {_period(contribution)}"]
    if contribution.hours:
        hours = contribution.hours
        shown = int(hours) if hours == hours.to_integral_value() else hours
        parts.append(
            ngettext("%(hours)s hour", "%(hours)s hours", int(hours) or 1)
            % {"hours": number_format(shown)}
        )
    if contribution.role.strip():
        parts.append(_("role: %(role)s") % {"role": contribution.role.strip()})
    item: dict[str, Any] = {
        "type": ["Evidence"],
        "name": contribution.title,
        "description": "; ".join(parts) + ".",
        "genre": "Contribution",
    }
    public = [evidence for evidence in public if evidence.visibility == Visibility.PUBLIC]
    links = [evidence for evidence in public if evidence.kind == EvidenceKind.LINK and evidence.url]
    if links:
        item = {"id": links[0].url, **item}
    narrative = []
    for evidence in public:
        if evidence.kind == EvidenceKind.TEXT and evidence.text.strip():
            narrative.append(evidence.text.strip())
        elif evidence.kind == EvidenceKind.LINK and evidence.url:
            title = evidence.title.strip()
            narrative.append(f"{title}: {evidence.url}" if title else evidence.url)
        elif evidence.kind == EvidenceKind.FILE and evidence.title.strip():
            narrative.append(
                _("%(title)s (a document, shown on request)") % {"title": evidence.title.strip()}
            )
    if narrative:
        item["narrative"] = "\n\n".join(narrative)
    return item


def award_language(award: Award) -> str:
    """The language an award's texts are written in: its recipient's, else the site's."""
    recipient = award.recipient if award.recipient_id else None
    language = getattr(recipient, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _is_endorsement(document: Any) -> bool:
    return isinstance(document, dict) and ENDORSEMENT_TYPE in (document.get("type") or [])


@dataclass(frozen=True)
class EmbeddedEndorsement:
    """An endorsement found in a credential, as a page shows it."""

    kind: str  # LEADER (of the award) or ORGANISATION (of the badge class)
    document: dict[str, Any]

    @property
    def issuer_name(self) -> str:
        issuer = self.document.get("issuer")
        return str(issuer.get("name", "")) if isinstance(issuer, dict) else str(issuer or "")

    @property
    def issuer_id(self) -> str:
        issuer = self.document.get("issuer")
        return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")

    @property
    def name(self) -> str:
        return str(self.document.get("name", ""))

    @property
    def comment(self) -> str:
        subject = self.document.get("credentialSubject")
        return str(subject.get("endorsementComment", "")) if isinstance(subject, dict) else ""

    @property
    def valid_from(self) -> datetime | None:
        try:
            return datetime.fromisoformat(str(self.document.get("validFrom", "")))
        except ValueError:
            return None


def embedded_endorsements(credential: dict[str, Any]) -> list[EmbeddedEndorsement]:
    """Every ``EndorsementCredential`` embedded in an award credential: the award's own
    (leaders') first, then the Achievement's (organisations')."""
    found = [
        EmbeddedEndorsement(LEADER, document)
        for document in credential.get("endorsement") or []
        if _is_endorsement(document)
    ]
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if isinstance(achievement, dict):
        found += [
            EmbeddedEndorsement(ORGANISATION, document)
            for document in achievement.get("endorsement") or []
            if _is_endorsement(document)
        ]
    return found


def public_evidence(credential: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``Evidence`` items of a credential that describe contributions and endorsements
    (what the credential itself makes public), in order."""
    return [
        item
        for item in credential.get("evidence") or []
        if isinstance(item, dict) and item.get("genre") in {"Contribution", "Endorsement"}
    ]
