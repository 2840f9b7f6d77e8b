"""Data of the badge class tests: a badge class with rules, claims and endorsements."""

from __future__ import annotations

from datetime import date
from typing import Any

from badges.models import BadgeClass, BadgeRule, Issuer
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorserKind,
)
from competences.models import Competence, FrameworkVersion


def competences(version: FrameworkVersion, count: int = 3) -> list[Competence]:
    return list(
        Competence.objects.filter(version=version).order_by("domain__order", "order")[:count]
    )


def badge_class_add(issuer: Issuer, *, rules: tuple[dict[str, Any], ...] = (), **kwargs: Any):
    values: dict[str, Any] = {
        "name": "Animer un atelier",
        "slug": "animer-un-atelier",
        "description": "Anime un atelier de réparation.",
        "criteria_narrative": "Trois ateliers animés, confirmés.",
    }
    values.update(kwargs)
    badge_class = BadgeClass.objects.create(issuer=issuer, **values)
    for rule in rules:
        BadgeRule.objects.create(badge_class=badge_class, **rule)
    return badge_class


def claim_add(
    owner, competence: Competence, *, self_level: int = 2, status: str = ContributionStatus.RECORDED
) -> CompetenceClaim:
    contribution = Contribution.objects.create(
        owner=owner,
        title="Atelier du samedi",
        narrative="J'ai animé l'atelier.",
        started_on=date(2026, 10, 3),
        status=status,
    )
    return CompetenceClaim.objects.create(
        contribution=contribution, competence=competence, self_level=self_level
    )


def endorse(
    claim: CompetenceClaim,
    *,
    email: str,
    level: int,
    kind: str = EndorserKind.PEER,
    endorser: Any = None,
) -> Endorsement:
    return Endorsement.objects.create(
        claim=claim,
        endorser=endorser,
        endorser_name=email.split("@")[0],
        endorser_email=email,
        kind=kind,
        level=level,
        relationship="Je l'ai vue faire.",
    )
