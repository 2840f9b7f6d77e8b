"""The attestation of volunteering as an OB 3.0 ``AchievementCredential``, unsigned; and
what a document (the PDF, the public page) reads back from the signed credential.

Pure: ``attestation_credential(facts, ...)`` receives what it writes
(``badges.selectors.attestations.attestation_facts`` reads it) and queries nothing;
``badges.services.attestations.attestation_issue`` signs it once with the initiative's
issuer (``issuer_sign``). The profile (docs/open-badges.md#attestations-of-volunteering):

- ``type``: ``VerifiableCredential``, ``AchievementCredential``; ``credentialSchema``: the
  official AchievementCredential schema.
- ``credentialSubject.achievement.achievementType``: ``CommunityService``, the closest term
  of the OB 3.0 vocabulary ("community service"; ``Membership`` says less, ``Assessment``
  and ``CertificateOfCompletion`` claim an evaluation or a course that did not happen).
- ``credentialSubject.identifier``: the salted hash of the person's email address and, in
  clear, her name (``identityType: name``), as the attestation must name her.
- ``activityStartDate`` / ``activityEndDate``: the period.
- Hours per calendar year: one ``ResultDescription`` per year in the achievement
  (``resultType: ext:VolunteeringHours``, ``id`` ``<page>#hours-<year>``) and one ``Result``
  per year in the subject, whose ``value`` is the number of hours (a decimal string). A
  contribution counts in the year it started.
- The activities: one ``Evidence`` per contribution (its title; ``description``: its period
  and hours).
- The competences confirmed there: the achievement's ``alignment`` (``competence_alignment``).
- ``credentialStatus``: a ``BitstringStatusListEntry`` in the issuer's revocation list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from badges.crypto.data_integrity import format_datetime
from badges.ob3 import CREDENTIAL_CONTEXT, CREDENTIAL_SCHEMA_ID, CREDENTIAL_SCHEMA_TYPE

ACHIEVEMENT_TYPE = "CommunityService"
HOURS_RESULT_TYPE = "ext:VolunteeringHours"


@dataclass(frozen=True)
class Activity:
    """One contribution, as the attestation states it."""

    title: str
    started_on: date
    ended_on: date | None
    hours: Decimal | None


@dataclass(frozen=True)
class AttestationFacts:
    """What an attestation states (texts already in the person's language)."""

    person_name: str
    initiative_name: str
    period_start: date
    period_end: date
    activities: list[Activity]
    hours_by_year: dict[int, Decimal]
    competences: list[dict[str, Any]] = field(default_factory=list)  # OB 3.0 Alignments
    competence_titles: list[str] = field(default_factory=list)

    @property
    def total_hours(self) -> Decimal:
        return sum(self.hours_by_year.values(), Decimal(0))


@dataclass(frozen=True)
class AttestationTexts:
    """The translated sentences of the credential (the service renders them)."""

    name: str
    description: str
    criteria: str
    narrative: str
    hours_name: dict[int, str]
    activity_descriptions: list[str]


def hours_text(value: Decimal) -> str:
    """Hours as the credential writes them: ``12`` or ``12.5``, never an exponent."""
    return format(value.normalize(), "f")


def attestation_credential(
    facts: AttestationFacts,
    *,
    texts: AttestationTexts,
    credential_id: str,
    page_url: str,
    issuer_profile: dict[str, Any],
    issued_at: datetime,
    email_hash: str,
    salt: str,
    credential_status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The unsigned ``AchievementCredential`` of an attestation."""
    years = sorted(facts.hours_by_year)
    achievement: dict[str, Any] = {
        "id": f"{page_url}#achievement",
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPE,
        "name": texts.name,
        "description": texts.description,
        "criteria": {"narrative": texts.criteria},
    }
    if facts.competences:
        achievement["alignment"] = list(facts.competences)
    if years:
        achievement["resultDescription"] = [
            {
                "id": f"{page_url}#hours-{year}",
                "type": ["ResultDescription"],
                "name": texts.hours_name[year],
                "resultType": HOURS_RESULT_TYPE,
            }
            for year in years
        ]
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": email_hash,
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            },
            {
                "type": "IdentityObject",
                "identityHash": facts.person_name,
                "identityType": "name",
                "hashed": False,
            },
        ],
        "activityStartDate": facts.period_start.isoformat(),
        "activityEndDate": facts.period_end.isoformat(),
        "achievement": achievement,
        "narrative": texts.narrative,
    }
    if years:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": f"{page_url}#hours-{year}",
                "value": hours_text(facts.hours_by_year[year]),
            }
            for year in years
        ]
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": issuer_profile,
        "validFrom": format_datetime(issued_at),
        "awardedDate": format_datetime(issued_at),
        "name": texts.name,
        "credentialSubject": subject,
    }
    if facts.activities:
        credential["evidence"] = [
            {"type": ["Evidence"], "name": activity.title, "description": description}
            for activity, description in zip(
                facts.activities, texts.activity_descriptions, strict=True
            )
        ]
    credential["credentialSchema"] = [{"id": CREDENTIAL_SCHEMA_ID, "type": CREDENTIAL_SCHEMA_TYPE}]
    if credential_status is not None:
        credential["credentialStatus"] = credential_status
    return credential


@dataclass(frozen=True)
class AttestationReading:
    """What a signed attestation credential states, read back for a document."""

    name: str
    person_name: str
    issuer_name: str
    period_start: date
    period_end: date
    narrative: str
    hours_by_year: list[tuple[int, str]]
    activities: list[tuple[str, str]]  # (title, period and hours)
    competences: list[str]


def attestation_reading(credential: dict[str, Any]) -> AttestationReading:
    """Read back what a signed attestation credential states (for the PDF and the page)."""
    subject = credential.get("credentialSubject", {})
    achievement = subject.get("achievement", {})
    hours = []
    for result in subject.get("result", []):
        reference = result.get("resultDescription", "")
        year = reference.rsplit("#hours-", 1)[-1]
        if year.isdigit():
            hours.append((int(year), str(result.get("value", ""))))
    person = next(
        (
            item.get("identityHash", "")
            for item in subject.get("identifier", [])
            if item.get("identityType") == "name"
        ),
        "",
    )
    return AttestationReading(
        name=credential.get("name", ""),
        person_name=person,
        issuer_name=credential.get("issuer", {}).get("name", ""),
        period_start=date.fromisoformat(subject["activityStartDate"]),
        period_end=date.fromisoformat(subject["activityEndDate"]),
        narrative=subject.get("narrative", ""),
        hours_by_year=sorted(hours),
        activities=[
            (item.get("name", ""), item.get("description", ""))
            for item in credential.get("evidence", [])
        ],
        competences=[
            item.get("targetName", "")
            for item in achievement.get("alignment", [])
            if item.get("targetType") == "CFItem"
        ],
    )
