"""The unsigned OB 3.0 credential of an award, with what travels inside it.

``award_document`` is what ``badges.services.awards.award_issue`` signs: the
``OpenBadgeCredential`` of ``badges.ob3`` (its Achievement with the badge class's
alignments, keywords and the partner organisations' endorsements in force) with its status
entry, the URL of its evidence when the award comes with one and, when the recipient is a
known member and the badge class has rules, what is behind the rules (``badges.rules.rules_met``):

- one ``Evidence`` (genre ``Contribution``) per contribution whose claims were endorsed,
  with its public details only (``badges.endorsements.contribution_evidence``);
- each endorsement of a leader, given as leader of an initiative that is an issuer, as
  an ``EndorsementCredential`` signed **here**, with that initiative issuer's key, before
  the award itself is signed (so the award's proof covers it too);
- every other endorsement (peers, outside referents, leaders of initiatives without an
  issuer) as an ``Evidence`` item (genre ``Endorsement``).

Texts are written in the award's language (``award_language``).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from badges.endorsements import (
    award_language,
    contribution_evidence,
    endorsement_evidence,
    leader_endorsement_credential,
)
from badges.models import Award, BadgeClass
from badges.ob3 import achievement, open_badge_credential
from badges.rules import rules_met
from badges.selectors.badge_classes import badge_class_alignments, badge_class_tags
from badges.selectors.endorsements import (
    badge_class_endorsements_in_force,
    issuers_of_initiatives,
)
from badges.services.issuers import issuer_sign
from community.api import Endorsement, EndorserKind, contributions_with_public_evidence
from competences.api import levels_by_number


def _endorsements_behind_rules(award: Award) -> list[Endorsement]:
    """The endorsements that satisfy the badge class's rules for the recipient, each once,
    oldest first (nothing without a known recipient or without rules)."""
    if award.recipient_id is None or award.recipient is None:
        return []
    check = rules_met(badge_class=award.badge_class, user=award.recipient)
    found: dict[int, Endorsement] = {}
    for result in check.results:
        for endorsement in result.endorsements:
            found.setdefault(endorsement.pk, endorsement)
    return sorted(found.values(), key=lambda endorsement: (endorsement.created_at, endorsement.pk))


def behind_the_rules(award: Award) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(evidence items, signed leaders' EndorsementCredentials)`` for the award."""
    endorsements = _endorsements_behind_rules(award)
    if not endorsements:
        return [], []
    levels = levels_by_number(
        version_ids={endorsement.claim.competence.version_id for endorsement in endorsements}
    )
    issuers = issuers_of_initiatives(
        initiative_ids=[
            endorsement.initiative_id
            for endorsement in endorsements
            if endorsement.kind == EndorserKind.LEADER
        ]
    )
    contributions = contributions_with_public_evidence(
        contribution_ids=[endorsement.claim.contribution_id for endorsement in endorsements]
    )
    evidence: list[dict[str, Any]] = []
    signed: list[dict[str, Any]] = []
    with translation.override(award_language(award)):
        for contribution, public in contributions:
            evidence.append(contribution_evidence(contribution=contribution, public=public))
        for endorsement in endorsements:
            level = levels.get((endorsement.claim.competence.version_id, endorsement.level))
            issuer = (
                issuers.get(endorsement.initiative_id)
                if endorsement.kind == EndorserKind.LEADER and endorsement.initiative_id
                else None
            )
            if issuer is None:
                evidence.append(endorsement_evidence(endorsement=endorsement, level=level))
                continue
            document = leader_endorsement_credential(
                endorsement=endorsement, issuer=issuer, award=award, level=level
            )
            signed.append(issuer_sign(issuer=issuer, document=document, created=award.issued_at))
    return evidence, signed


def badge_class_achievement(*, badge_class: BadgeClass) -> dict[str, Any]:
    """The OB 3.0 ``Achievement`` of a badge class as its awards embed it: its alignments,
    tags and the partner organisations' endorsements in force. The same for every award of
    the badge class at a given moment: a bulk award builds it once
    (``badges.services.awards.badge_class_prepare``)."""
    return achievement(
        badge_class,
        alignment=badge_class_alignments(badge_class=badge_class),
        tags=badge_class_tags(badge_class=badge_class),
        endorsements=[
            endorsement.credential
            for endorsement in badge_class_endorsements_in_force(badge_class=badge_class)
            if endorsement.credential
        ],
    )


def award_document(
    *,
    award: Award,
    credential_status: dict[str, Any],
    evidence_url: str = "",
    achievement: dict[str, Any] | None = None,
    issuer_profile: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The unsigned credential of ``award`` (not saved yet, but its dates, salt and hash set),
    with the evidence and the leaders' signed endorsements behind its rules.

    ``achievement`` and ``issuer_profile``: the parts every award of the badge class shares,
    when the caller prepared them (else read and built here)."""
    evidence, endorsements = behind_the_rules(award)
    return open_badge_credential(
        award,
        achievement=(
            achievement
            if achievement is not None
            else badge_class_achievement(badge_class=award.badge_class)
        ),
        issuer_profile=issuer_profile,
        credential_status=credential_status,
        evidence_url=evidence_url,
        evidence=evidence,
        endorsements=endorsements,
    )
