"""Data and fixtures for the endorsement tests: contributions with claims on the default
framework, requests (with their raw token) and endorsements.

The fixtures built on them are in ``tests/community/fixtures.py`` (endorsement block).
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorsementRequest,
    EndorserKind,
    Initiative,
)
from competences.models import Competence, FrameworkVersion
from config.tokens import token_hash


def framework_competences(version: FrameworkVersion, count: int = 3) -> list[Competence]:
    """The first competences of a framework version, in the framework's order."""
    return list(
        Competence.objects.filter(version=version).order_by("domain__order", "order")[:count]
    )


def contribution_with_claims(
    *,
    owner,
    version: FrameworkVersion,
    initiative: Initiative | None = None,
    levels: tuple[int, ...] = (2, 3),
    title: str = "Accueil du samedi",
    hours: Decimal | None = Decimal("6"),
    status: str = ContributionStatus.RECORDED,
) -> Contribution:
    contribution = Contribution.objects.create(
        owner=owner,
        initiative=initiative,
        title=title,
        narrative="J'ai accueilli les visiteurs et noté les objets à réparer.",
        started_on=date(2026, 10, 3),
        ended_on=date(2026, 10, 3),
        hours=hours,
        status=status,
    )
    for competence, level in zip(framework_competences(version, len(levels)), levels, strict=True):
        CompetenceClaim.objects.create(
            contribution=contribution,
            competence=competence,
            self_level=level,
            statement=f"Ce que j'ai fait en {competence.code}.",
        )
    return contribution


class EndorsementRequestFactory(factory.django.DjangoModelFactory):
    """A request; for referents without an account, the raw token is in ``request.token``."""

    class Meta:
        model = EndorsementRequest

    contribution = None
    requested_by = factory.LazyAttribute(lambda o: o.contribution.owner)
    kind = EndorserKind.LEADER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = None
        if kwargs.get("endorser") is None:
            token = secrets.token_urlsafe(32)
            kwargs["token_hash"] = token_hash(token)
        request = super()._create(model_class, *args, **kwargs)
        request.token = token
        return request


def endorse(claim, *, endorser, kind=EndorserKind.PEER, level=None, initiative=None, request=None):
    return Endorsement.objects.create(
        claim=claim,
        request=request,
        endorser=endorser,
        endorser_name=str(endorser),
        endorser_email=endorser.email,
        kind=kind,
        initiative=initiative,
        level=level or claim.self_level,
        relationship="Je l'ai vue faire.",
    )


def bulk_contributions(
    *,
    owner,
    version: FrameworkVersion,
    initiative: Initiative,
    leader,
    peer,
    count: int = 200,
    pending_for_leader: bool = True,
) -> None:
    """``count`` contributions, 3 claims each, 2 endorsements per claim (leader, peer).

    Made with bulk inserts.

    Each contribution also has a pending request to the leader (for the queue).
    """
    competences = framework_competences(version, 3)
    now = timezone.now()
    contributions = Contribution.objects.bulk_create(
        [
            Contribution(
                owner=owner,
                initiative=initiative,
                title=f"Atelier {index}",
                started_on=date(2026, 1, 1) + timedelta(days=index % 300),
                hours=Decimal("2.5"),
                status=ContributionStatus.RECORDED,
                created_at=now - timedelta(minutes=index),
            )
            for index in range(count)
        ]
    )
    claims = CompetenceClaim.objects.bulk_create(
        [
            CompetenceClaim(
                contribution=contribution, competence=competence, self_level=1 + index % 4
            )
            for contribution in contributions
            for index, competence in enumerate(competences)
        ]
    )
    Endorsement.objects.bulk_create(
        [
            Endorsement(
                claim=claim,
                endorser=endorser,
                endorser_name=str(endorser),
                endorser_email=endorser.email,
                kind=kind,
                initiative=initiative if kind == EndorserKind.LEADER else None,
                level=claim.self_level,
                relationship="Je l'ai vue faire.",
            )
            for claim in claims
            for endorser, kind in ((leader, EndorserKind.LEADER), (peer, EndorserKind.PEER))
        ]
    )
    if pending_for_leader:
        EndorsementRequest.objects.bulk_create(
            [
                EndorsementRequest(
                    contribution=contribution,
                    requested_by=owner,
                    kind=EndorserKind.LEADER,
                    endorser=leader,
                    created_at=now - timedelta(minutes=index),
                )
                for index, contribution in enumerate(contributions)
            ]
        )
