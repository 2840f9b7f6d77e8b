"""A year of activity over Dijon métropole communes, for the indicators' tests.

Chenôve has one initiative where exactly three volunteers contributed: the number that no
published figure may give away. ``scale`` multiplies the people and their contributions
(the query-count test compares 1x and 10x).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorserKind,
    Initiative,
)
from community.models.territory import Commune
from community.selectors.indicators import indicator_years_read
from community.services.indicators import publication_refresh
from competences.models import Competence, FrameworkVersion

YEAR = 2025
EPCI = ("242100410", "Dijon Métropole")
COMMUNES = {
    "21231": ("Dijon", 159346),
    "21166": ("Chenôve", 14161),
    "21515": ("Quetigny", 9686),
    "21617": ("Talant", 11416),
}
CHENOVE = "21166"


@dataclass
class Territory:
    initiatives: dict[str, Initiative]
    chenove: Initiative
    leader: User


def communes_ensure() -> dict[str, Commune]:
    communes = {}
    for code, (name, population) in COMMUNES.items():
        communes[code], _ = Commune.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "department": "21",
                "region": "27",
                "epci_code": EPCI[0],
                "epci_name": EPCI[1],
                "population": population,
                "postcodes": ["21000"],
            },
        )
    return communes


def indicators_publish() -> None:
    """Compute and store every year's figures, as the background task and the timer do
    (pages, files and the API only read stored figures)."""
    for year in indicator_years_read():
        publication_refresh(year=year)


def territory_activity(
    *,
    version: FrameworkVersion,
    scale: int = 1,
    seed: int = 0,
    impact_public: bool = True,
    publish: bool = True,
) -> Territory:
    """Initiatives in four communes and one without a place; people, contributions with
    hours and claims, and a leader's confirmations, spread over the four quarters; with
    ``publish``, the figures are then computed and stored (``indicators_publish``)."""
    rng = random.Random(seed)
    communes = communes_ensure()
    leader = User.objects.create_user(email=f"lead{seed}-{scale}@example.org", password="x")
    plan = [
        # slug, commune, volunteers, contributions each
        ("chenove-repair", CHENOVE, 3, 3),
        ("dijon-fablab", "21231", 12 * scale, 4),
        ("dijon-cantine", "21231", 8 * scale, 3),
        ("quetigny-amap", "21515", 9 * scale, 3),
        ("talant-tiers-lieu", "21617", 6 * scale, 2),
        ("sans-lieu", None, 5 * scale, 2),
    ]
    competences = list(
        Competence.objects.filter(version=version).order_by("domain__order", "order")
    )
    initiatives = {}
    people = 0
    contributions = []
    for slug, code, volunteers, each in plan:
        initiative = Initiative.objects.create(
            name=slug.replace("-", " ").title(),
            slug=f"{slug}-{seed}-{scale}",
            kind="repair_cafe" if "repair" in slug else "fablab",
            commune=COMMUNES[code][0] if code else "Ailleurs",
            postcode="21000",
            place=communes[code] if code else None,
            impact_public=impact_public,
            created_at=timezone.make_aware(datetime(YEAR - 1, 6, 1)),
        )
        initiatives[slug] = initiative
        for _ in range(volunteers):
            people += 1
            owner = User.objects.create_user(
                email=f"v{people}-{seed}-{scale}-{slug}@example.org", password="x"
            )
            for index in range(each * (1 if code == CHENOVE else scale)):
                started = date(YEAR, 1, 1) + timedelta(days=rng.randrange(0, 365))
                if code == CHENOVE:  # three people, in three quarters
                    started = date(YEAR, 1 + 3 * index, 10)
                contributions.append(
                    Contribution(
                        owner=owner,
                        initiative=initiative,
                        title=f"Atelier {index}",
                        started_on=started,
                        ended_on=started,
                        hours=Decimal(rng.choice(["1.5", "2", "3", "4"])),
                        status=ContributionStatus.RECORDED,
                    )
                )
    # A draft and a personal project: never counted.
    contributions.append(
        Contribution(
            owner=leader,
            initiative=initiatives["dijon-fablab"],
            title="Brouillon",
            started_on=date(YEAR, 2, 1),
            hours=Decimal(9),
            status=ContributionStatus.DRAFT,
        )
    )
    contributions.append(
        Contribution(
            owner=leader, initiative=None, title="Projet perso", started_on=date(YEAR, 2, 1)
        )
    )
    contributions = Contribution.objects.bulk_create(contributions)
    claims = CompetenceClaim.objects.bulk_create(
        [
            CompetenceClaim(
                contribution=contribution,
                competence=rng.choice(competences),
                self_level=rng.randint(1, 4),
            )
            for contribution in contributions
            if contribution.initiative_id is not None
        ]
    )
    endorsements = []
    for claim in claims:
        if rng.random() < 0.6:
            endorsements.append(
                Endorsement(
                    claim=claim,
                    endorser=leader,
                    endorser_name="Leader",
                    endorser_email=leader.email,
                    kind=EndorserKind.LEADER,
                    level=claim.self_level,
                    relationship="Je l'ai vu faire.",
                    # Dated like their contribution: the quarter they count in.
                    created_at=timezone.make_aware(
                        datetime.combine(claim.contribution.started_on, time(12))
                    ),
                )
            )
    Endorsement.objects.bulk_create(endorsements)
    if publish:
        indicators_publish()
    return Territory(initiatives=initiatives, chenove=initiatives["chenove-repair"], leader=leader)
