"""Reads of attestations of volunteering: what one would state (``attestation_facts``),
the attestations of an initiative (for its leaders) and of a person, one by its uuid.

``attestation_facts`` reads a person's recorded contributions in an initiative that started
within a period, their hours per calendar year (a contribution counts in the year it
started; contributions without hours add none), and the competences confirmed on them
(endorsements that count: never self-given), in three queries.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from accounts.api import User
from badges.attestations import Activity, AttestationFacts
from badges.documents import competence_alignment
from badges.models import Attestation, Issuer
from community.api import (
    Contribution,
    ContributionStatus,
    Initiative,
    endorsements_that_count,
    user_leads_initiative,
)
from competences.api import Competence


def _display_name(user: User) -> str:
    return user.display_name.strip() or user.email.split("@", 1)[0]


def attestation_facts(
    *, initiative: Initiative, person: User, period_start: date, period_end: date
) -> AttestationFacts:
    """What an attestation of ``person`` at ``initiative`` over the period would state.
    Competence titles and alignments are in the active language."""
    contributions = list(
        Contribution.objects.filter(
            owner=person,
            initiative=initiative,
            status=ContributionStatus.RECORDED,
            started_on__gte=period_start,
            started_on__lte=period_end,
        )
        .prefetch_related("claims")
        .order_by("started_on", "pk")
    )
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for contribution in contributions:
        hours[contribution.started_on.year] += contribution.hours or Decimal(0)
    ids = {contribution.pk for contribution in contributions}
    competence_ids = {
        claim.competence_id for contribution in contributions for claim in contribution.claims.all()
    }
    confirmed = {
        endorsement.claim.competence_id
        for endorsement in endorsements_that_count(
            owner_ids={person.pk}, competence_ids=competence_ids
        )
        if endorsement.claim.contribution_id in ids
    }
    competences = list(
        Competence.objects.filter(pk__in=confirmed)
        .select_related("version__framework", "domain")
        .order_by("domain__order", "order", "code", "pk")
    )
    return AttestationFacts(
        person_name=_display_name(person),
        initiative_name=initiative.name,
        period_start=period_start,
        period_end=period_end,
        activities=[
            Activity(
                title=contribution.title,
                started_on=contribution.started_on,
                ended_on=contribution.ended_on,
                hours=contribution.hours,
            )
            for contribution in contributions
        ],
        hours_by_year={year: hours[year] for year in sorted(hours)},
        competences=[
            item
            for competence in competences
            for item in competence_alignment(competence, externals=())
        ],
        competence_titles=[competence.title for competence in competences],
    )


def initiative_issuer(*, initiative: Initiative) -> Issuer | None:
    """The initiative's own issuer, which signs its attestations (None: it has none yet)."""
    return Issuer.objects.filter(initiative=initiative).first()


def _attestations() -> QuerySet[Attestation]:
    return Attestation.objects.select_related("issuer", "initiative", "recipient", "issued_by")


def attestation_get(*, uuid: Any) -> Attestation | None:
    return _attestations().filter(uuid=uuid).first()


def attestation_list_for_initiative(
    *, initiative: Initiative, viewer: User
) -> QuerySet[Attestation]:
    """The initiative's attestations, newest first: for its leaders only."""
    if not user_leads_initiative(user=viewer, initiative_id=initiative.pk):
        return Attestation.objects.none()
    return _attestations().filter(initiative=initiative).order_by("-issued_at", "-pk")


def attestation_list_for_recipient(*, user: User) -> QuerySet[Attestation]:
    """The person's attestations, newest first."""
    return _attestations().filter(recipient=user).order_by("-issued_at", "-pk")


def attestation_may_read(*, attestation: Attestation, user: User) -> bool:
    """Its person and the leaders of its initiative may download its PDF."""
    return attestation.recipient_id == user.pk or user_leads_initiative(
        user=user, initiative_id=attestation.initiative_id
    )
