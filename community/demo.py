"""Demo initiatives for `manage.py demo_data` (runs after the accounts' demo data)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.api import User
from community import demo_activity, demo_contributions, demo_endorsements, demo_places
from community.models import Initiative, InitiativeKind, InitiativeSphere, Membership, Role, Sphere

LEADER = "sophie@example.org"
VOLUNTEER = "amina@example.org"
STEWARD = "territoire@example.org"


@dataclass(frozen=True)
class DemoInitiative:
    slug: str
    name: str
    kind: str
    spheres: tuple[str, ...]
    commune: str
    postcode: str
    description: str
    with_volunteer: bool


DEMO_INITIATIVES = [
    DemoInitiative(
        slug="repair-cafe-de-chenove",
        name="Repair Café de Chenôve",
        kind=InitiativeKind.REPAIR_CAFE,
        spheres=(Sphere.CONSUME, Sphere.PRODUCE),
        commune="Chenôve",
        postcode="21300",
        description=(
            "Chaque premier samedi du mois, des bénévoles aident les habitants à réparer "
            "leurs objets : petit électroménager, vélos, vêtements."
        ),
        with_volunteer=True,
    ),
    DemoInitiative(
        slug="la-cantine-solidaire-des-gresilles",
        name="La Cantine Solidaire des Grésilles",
        kind=InitiativeKind.SOLIDARITY_CANTEEN,
        spheres=(Sphere.CONSUME,),
        commune="Dijon",
        postcode="21000",
        description=(
            "Des repas à prix libre cuisinés ensemble avec des produits locaux, "
            "du lundi au vendredi midi."
        ),
        with_volunteer=True,
    ),
    DemoInitiative(
        slug="fablab-de-quetigny",
        name="FabLab de Quetigny",
        kind=InitiativeKind.FABLAB,
        spheres=(Sphere.INNOVATE, Sphere.PRODUCE),
        commune="Quetigny",
        postcode="21800",
        description=(
            "Un atelier ouvert avec imprimantes 3D, découpe laser et électronique : "
            "on y apprend en fabricant, seul ou à plusieurs."
        ),
        with_volunteer=False,
    ),
]


@transaction.atomic
def load() -> list[Initiative]:
    """Create or refresh the demo initiatives; running it twice changes nothing more."""
    sophie = User.objects.get(email=LEADER)
    amina = User.objects.get(email=VOLUNTEER)
    steward = User.objects.filter(email=STEWARD).first()
    now = timezone.now()
    initiatives = []
    for demo in DEMO_INITIATIVES:
        initiative, created = Initiative.objects.get_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "kind": demo.kind,
                "commune": demo.commune,
                "postcode": demo.postcode,
                "description": demo.description,
                "created_by": sophie,
                "verified": steward is not None,
                "verified_by": steward,
                "verified_at": now if steward else None,
            },
        )
        if created:
            initiative.full_clean()
        for sphere in demo.spheres:
            InitiativeSphere.objects.get_or_create(initiative=initiative, sphere=sphere)
        Membership.objects.get_or_create(
            initiative=initiative, user=sophie, defaults={"role": Role.LEADER}
        )
        if demo.with_volunteer:
            Membership.objects.get_or_create(
                initiative=initiative, user=amina, defaults={"role": Role.MEMBER}
            )
        initiatives.append(initiative)
    demo_contributions.load()  # volunteers and their contributions, in these initiatives
    demo_endorsements.load()  # leaders and fellow members endorse those contributions
    demo_places.load()  # where they are: communes, points, how to come
    demo_activity.load()  # two years of activity there, for the territorial indicators
    return initiatives
