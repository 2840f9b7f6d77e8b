"""What happened for people in initiatives, for another app's pathway (an advisor's
orientation, portfolios): when each person joined, asked to join, recorded a first
contribution there, and which competences were confirmed on their contributions there.

Read for many (person, initiative) pairs at once, in a constant number of queries (four),
so that a list of pathways never costs a query per line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Min, Q

from community.models import (
    Contribution,
    ContributionStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
)
from community.selectors.endorsements import _counting


@dataclass
class PathwayFacts:
    """One person in one initiative."""

    joined_at: datetime | None = None
    join_requested_at: datetime | None = None  # a request waiting for the leaders' answer
    first_contribution_on: date | None = None  # the earliest recorded contribution there
    confirmed_at: datetime | None = None  # the first endorsement that counts, there
    # Competences confirmed on their contributions there: id → first confirmation.
    confirmed: dict[int, datetime] = field(default_factory=dict)


def pathway_facts(*, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], PathwayFacts]:
    """``{(person id, initiative id): PathwayFacts}`` for every pair asked (four queries)."""
    wanted = set(pairs)
    facts = {pair: PathwayFacts() for pair in wanted}
    if not wanted:
        return facts
    people = {person for person, _ in wanted}
    initiatives = {initiative for _, initiative in wanted}
    for person, initiative, joined in Membership.objects.filter(
        user_id__in=people, initiative_id__in=initiatives
    ).values_list("user_id", "initiative_id", "joined_at"):
        if (person, initiative) in facts:
            facts[(person, initiative)].joined_at = joined
    for row in (
        JoinRequest.objects.filter(
            user_id__in=people, initiative_id__in=initiatives, status=JoinRequestStatus.PENDING
        )
        .values("user_id", "initiative_id")
        .annotate(first=Min("created_at"))
    ):
        pair = (row["user_id"], row["initiative_id"])
        if pair in facts:
            facts[pair].join_requested_at = row["first"]
    for first in (
        Contribution.objects.filter(
            owner_id__in=people, initiative_id__in=initiatives, status=ContributionStatus.RECORDED
        )
        .values("owner_id", "initiative_id")
        .annotate(first=Min("started_on"))
    ):
        pair = (first["owner_id"], first["initiative_id"])
        if pair in facts:
            facts[pair].first_contribution_on = first["first"]
    for confirmed in (
        _counting()
        .filter(
            Q(claim__contribution__owner_id__in=people)
            & Q(claim__contribution__initiative_id__in=initiatives)
        )
        .values(
            "claim__contribution__owner_id",
            "claim__contribution__initiative_id",
            "claim__competence_id",
        )
        .annotate(first=Min("created_at"))
    ):
        pair = (
            confirmed["claim__contribution__owner_id"],
            confirmed["claim__contribution__initiative_id"],
        )
        if pair not in facts:
            continue
        line = facts[pair]
        line.confirmed[confirmed["claim__competence_id"]] = confirmed["first"]
        if line.confirmed_at is None or confirmed["first"] < line.confirmed_at:
            line.confirmed_at = confirmed["first"]
    return facts
