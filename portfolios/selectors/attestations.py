"""Reads for the attestation pages: who a leader can attest (the people with recorded
contributions in the initiative, with their first and last dates and hours), and the
initiatives where a person may ask for one. Constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Max, Min, QuerySet, Sum
from django.db.models.functions import Coalesce

from accounts.api import User
from community.api import Contribution, ContributionStatus, Initiative
from portfolios.selectors.portfolios import owner_name


@dataclass(frozen=True)
class Candidate:
    """Someone who recorded contributions in the initiative."""

    person: User
    name: str
    first_on: date
    last_on: date
    hours: Decimal


def _recorded(initiative: Initiative) -> QuerySet[Contribution]:
    return Contribution.objects.filter(initiative=initiative, status=ContributionStatus.RECORDED)


def attestation_candidates(*, initiative: Initiative) -> list[Candidate]:
    """The people with recorded contributions there, by name (two queries)."""
    rows = list(
        _recorded(initiative)
        .values("owner_id")
        .annotate(
            first=Min("started_on"),
            last=Max(Coalesce("ended_on", "started_on")),
            hours=Sum("hours"),
        )
    )
    people = User.objects.in_bulk([row["owner_id"] for row in rows])
    candidates = [
        Candidate(
            person=people[row["owner_id"]],
            name=owner_name(people[row["owner_id"]]),
            first_on=row["first"],
            last_on=row["last"],
            hours=row["hours"] or Decimal(0),
        )
        for row in rows
        if row["owner_id"] in people
    ]
    return sorted(candidates, key=lambda line: (line.name.casefold(), line.person.pk))


def initiatives_with_contributions(*, user: User) -> QuerySet[Initiative]:
    """The initiatives where the person recorded a contribution (she may ask them)."""
    return (
        Initiative.objects.filter(
            contributions__owner=user, contributions__status=ContributionStatus.RECORDED
        )
        .distinct()
        .order_by("name", "pk")
    )
