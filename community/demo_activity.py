"""Two years of activity in the demo initiatives, for the territorial indicators and the
annual report (``community.demo.load`` calls ``load`` after the places).

Sixty people of the territory (accounts that cannot sign in) take part in the placed demo
initiatives over last year and this year, record contributions with hours and competences,
and the initiatives' leaders confirm some of them: every indicator, every town and every
quarter has something to show, and small towns show how small counts are protected.
Deterministic (a fixed seed) and idempotent (made once).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.api import User
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorserKind,
    Initiative,
    Membership,
    Role,
)
from competences.api import Competence, Status

EMAIL_DOMAIN = "habitants.example.org"
PEOPLE = 60
TITLES = [
    "Accueil du public",
    "Atelier de réparation",
    "Préparation des repas",
    "Animation d’un atelier",
    "Inventaire et rangement",
    "Communication sur les réseaux",
    "Tenue de la caisse",
]


def _people() -> list[User]:
    existing = list(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("pk"))
    if existing:
        return existing
    people = []
    for index in range(PEOPLE):
        user = User(
            email=f"habitant{index + 1:02d}@{EMAIL_DOMAIN}",
            display_name=f"Habitant {index + 1}",
        )
        user.set_unusable_password()
        people.append(user)
    return User.objects.bulk_create(people)


@transaction.atomic
def load() -> int:
    """Create the history once; returns how many contributions it added."""
    people = _people()
    if Contribution.objects.filter(owner__in=people).exists():
        return 0
    rng = random.Random(2018)  # noqa: S311 -- demo data
    initiatives = list(Initiative.objects.filter(place__isnull=False).order_by("pk"))
    if not initiatives:
        return 0
    leaders = {
        membership.initiative_id: membership.user
        for membership in Membership.objects.filter(
            initiative__in=initiatives, role=Role.LEADER
        ).select_related("user")
    }
    competences = list(Competence.objects.filter(version__status=Status.PUBLISHED).order_by("pk"))
    today = timezone.localdate()
    start = datetime.date(today.year - 1, 1, 1)
    span = (today - start).days
    # The big initiatives draw most people; the last one stays small (protected counts).
    weights = [6, 4, 3, 2, 1, 1][: len(initiatives)] + [1] * max(0, len(initiatives) - 6)
    contributions = []
    for person in people:
        # Not made members: the demo's pages of members and its peers stay as they were.
        home = rng.choices(initiatives, weights=weights)[0]
        first = rng.randrange(0, span)
        for _ in range(rng.randint(1, 8)):
            started = start + datetime.timedelta(days=min(span, first + rng.randrange(0, 240)))
            contributions.append(
                Contribution(
                    owner=person,
                    initiative=home,
                    title=rng.choice(TITLES),
                    started_on=started,
                    ended_on=started,
                    hours=Decimal(rng.choice(["1.5", "2", "3", "3.5", "4", "6"])),
                    status=ContributionStatus.RECORDED,
                )
            )
    contributions = Contribution.objects.bulk_create(contributions)
    claims = CompetenceClaim.objects.bulk_create(
        [
            CompetenceClaim(
                contribution=contribution,
                competence=rng.choice(competences),
                self_level=rng.randint(1, 3),
            )
            for contribution in contributions
            if competences and rng.random() < 0.7
        ]
    )
    endorsements = []
    for claim in claims:
        leader = leaders.get(claim.contribution.initiative_id or 0)
        if leader is None or rng.random() < 0.35:
            continue
        given = claim.contribution.started_on + datetime.timedelta(days=rng.randrange(1, 20))
        endorsements.append(
            Endorsement(
                claim=claim,
                endorser=leader,
                endorser_name=leader.display_name or leader.email,
                endorser_email=leader.email,
                kind=EndorserKind.LEADER,
                initiative_id=claim.contribution.initiative_id,
                level=max(1, min(4, claim.self_level + rng.choice([-1, 0, 0, 1]))),
                relationship="Je l’ai vu faire à l’atelier.",
                created_at=timezone.make_aware(
                    datetime.datetime.combine(min(given, today), datetime.time(18))
                ),
            )
        )
    Endorsement.objects.bulk_create(endorsements)
    return len(contributions)
