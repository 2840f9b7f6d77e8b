"""The volunteer's competence profile: what the community confirmed, competence by competence.

Built from aggregates, in a constant number of queries whatever the number of
contributions, claims and endorsements: one for the claims, one for the
endorsements, one for the competences and their domains, one for the level
names. Only recorded contributions count; drafts stay out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, Q, Sum

from accounts.api import User
from community.models import CompetenceClaim, ContributionStatus, Endorsement, EndorserKind
from competences.api import Competence, Domain, ProficiencyLevel, levels_by_number


@dataclass
class CompetenceStanding:
    """One competence of the profile."""

    competence: Competence
    self_level: ProficiencyLevel | None
    self_level_number: int
    endorsed_level: ProficiencyLevel | None
    endorsed_level_number: int | None
    leader_count: int
    peer_count: int
    outside_count: int
    hours: Decimal
    contribution_count: int

    @property
    def endorsement_count(self) -> int:
        return self.leader_count + self.peer_count + self.outside_count

    @property
    def is_endorsed(self) -> bool:
        return self.endorsed_level_number is not None


@dataclass
class DomainStanding:
    domain: Domain
    competences: list[CompetenceStanding] = field(default_factory=list)


@dataclass
class CompetenceProfile:
    owner: User
    domains: list[DomainStanding]
    scale: list[ProficiencyLevel]

    @property
    def competences(self) -> list[CompetenceStanding]:
        return [standing for domain in self.domains for standing in domain.competences]

    @property
    def max_level(self) -> int:
        numbers = [level.number for level in self.scale]
        numbers += [standing.self_level_number for standing in self.competences]
        numbers += [s.endorsed_level_number or 0 for s in self.competences]
        return max(numbers, default=0)

    @property
    def is_empty(self) -> bool:
        return not self.domains


def competence_profile(*, owner: User) -> CompetenceProfile:
    """Per competence claimed on a recorded contribution: highest endorsed level,
    endorsements by kind, total hours, number of contributions, and the
    volunteer's own (highest) level; grouped by domain, in the framework's order.
    """
    claims = (
        CompetenceClaim.objects.filter(
            contribution__owner=owner, contribution__status=ContributionStatus.RECORDED
        )
        .values("competence_id")
        .annotate(
            contributions=Count("contribution_id", distinct=True),
            # A competence is claimed once per contribution, so this sums each contribution once.
            hours=Sum("contribution__hours"),
            self_level=Max("self_level"),
        )
        .order_by()
    )
    by_competence = {row["competence_id"]: row for row in claims}
    endorsements = (
        Endorsement.objects.filter(
            claim__contribution__owner=owner,
            claim__contribution__status=ContributionStatus.RECORDED,
        )
        .values("claim__competence_id")
        .annotate(
            level=Max("level"),
            leaders=Count("pk", filter=Q(kind=EndorserKind.LEADER)),
            peers=Count("pk", filter=Q(kind=EndorserKind.PEER)),
            outside=Count("pk", filter=Q(kind=EndorserKind.OUTSIDE)),
        )
        .order_by()
    )
    endorsed: dict[int, dict[str, Any]] = {
        row["claim__competence_id"]: dict(row) for row in endorsements
    }
    competences = list(
        Competence.objects.filter(pk__in=by_competence)
        .select_related("domain")
        .order_by("domain__order", "domain__code", "domain_id", "order", "code")
    )
    names = levels_by_number(version_ids={competence.version_id for competence in competences})
    domains: dict[int, DomainStanding] = {}
    for competence in competences:
        row = by_competence[competence.pk]
        given: dict[str, Any] = endorsed.get(competence.pk, {})
        endorsed_number = given.get("level")
        standing = CompetenceStanding(
            competence=competence,
            self_level=names.get((competence.version_id, row["self_level"])),
            self_level_number=row["self_level"],
            endorsed_level=names.get((competence.version_id, endorsed_number))
            if endorsed_number
            else None,
            endorsed_level_number=endorsed_number,
            leader_count=given.get("leaders", 0),
            peer_count=given.get("peers", 0),
            outside_count=given.get("outside", 0),
            hours=row["hours"] or Decimal(0),
            contribution_count=row["contributions"],
        )
        domains.setdefault(competence.domain_id, DomainStanding(domain=competence.domain))
        domains[competence.domain_id].competences.append(standing)
    scale = sorted(
        {level.number: level for level in names.values()}.values(), key=lambda level: level.number
    )
    return CompetenceProfile(owner=owner, domains=list(domains.values()), scale=scale)


def best_endorsed_levels(
    *, owner_ids: Iterable[int], competence_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """The highest endorsed level per (owner, competence), recorded contributions only
    (one query, for any number of people)."""
    endorsements = Endorsement.objects.filter(
        claim__contribution__owner_id__in=set(owner_ids),
        claim__contribution__status=ContributionStatus.RECORDED,
    )
    if competence_ids is not None:
        endorsements = endorsements.filter(claim__competence_id__in=set(competence_ids))
    rows = (
        endorsements.values("claim__contribution__owner_id", "claim__competence_id")
        .annotate(level=Max("level"))
        .order_by()
    )
    return {
        (row["claim__contribution__owner_id"], row["claim__competence_id"]): row["level"]
        for row in rows
    }


def endorsed_at_least(*, owner_id: Any, competence_id: Any, min_level: int) -> Exists:
    """A condition for another app's query: the owner's claims of the competence (recorded
    contributions) were endorsed at ``min_level`` or above; ``owner_id`` and
    ``competence_id`` are usually ``OuterRef`` expressions. The same rule as
    ``best_endorsed_levels``, evaluated by the database for the rows it filters."""
    return Exists(
        Endorsement.objects.filter(
            claim__contribution__owner_id=owner_id,
            claim__contribution__status=ContributionStatus.RECORDED,
            claim__competence_id=competence_id,
            level__gte=min_level,
        )
    )
