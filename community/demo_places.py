"""Where the demo initiatives are (``community.demo.load`` calls ``load`` last).

The communes of Côte-d'Or are loaded from the shipped reference data (once); each demo
initiative gets a commune of Dijon métropole, a point within it, opening hours, how to come
by Divia tram or bus, and whether it welcomes newcomers. Idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from community.models import Commune, Initiative
from community.services.territory import communes_load

DEPARTMENT = "21"


@dataclass(frozen=True)
class DemoPlace:
    slug: str
    insee: str
    address: str
    latitude: float
    longitude: float
    opening_hours: str
    access_transport: str
    step_free_access: bool | None
    welcomes_newcomers: bool
    first_visit: str


PLACES = [
    DemoPlace(
        slug="repair-cafe-de-chenove",
        insee="21166",
        address="Place Pierre Meunier",
        latitude=47.2921,
        longitude=5.0061,
        opening_hours="Premier samedi du mois, 9 h 30 – 12 h 30",
        access_transport="Tram T2, arrêt Chenôve Centre, puis 3 minutes à pied.",
        step_free_access=True,
        welcomes_newcomers=True,
        first_visit=(
            "Venez avec un objet à réparer, ou juste pour voir : quelqu’un vous accueille "
            "à l’entrée et vous présente l’équipe."
        ),
    ),
    DemoPlace(
        slug="la-cantine-solidaire-des-gresilles",
        insee="21231",
        address="Avenue des Grésilles",
        latitude=47.3331,
        longitude=5.0588,
        opening_hours="Du lundi au vendredi, 10 h – 14 h",
        access_transport="Bus L6, arrêt Grésilles Trimolet.",
        step_free_access=True,
        welcomes_newcomers=True,
        first_visit=(
            "Passez un matin vers 10 h : on cuisine ensemble, puis on partage le repas. "
            "Aucune expérience demandée."
        ),
    ),
    DemoPlace(
        slug="fablab-de-quetigny",
        insee="21515",
        address="Rue des Vergers",
        latitude=47.3149,
        longitude=5.1090,
        opening_hours="Mercredi 14 h – 19 h, samedi 10 h – 17 h",
        access_transport="Tram T1, arrêt Quetigny Centre, puis 5 minutes à pied.",
        step_free_access=None,
        welcomes_newcomers=False,
        first_visit="",
    ),
]


def _place(initiative: Initiative, demo: DemoPlace, commune: Commune | None) -> None:
    initiative.place = commune
    if commune is not None:
        initiative.commune = commune.name
        initiative.postcode = commune.main_postcode or initiative.postcode
    initiative.address = demo.address
    initiative.latitude, initiative.longitude = demo.latitude, demo.longitude
    initiative.opening_hours = demo.opening_hours
    initiative.access_transport = demo.access_transport
    initiative.step_free_access = demo.step_free_access
    initiative.welcomes_newcomers = demo.welcomes_newcomers
    initiative.first_visit = demo.first_visit
    initiative.in_directory = True
    initiative.full_clean(exclude=["logo"])
    initiative.save()


def load() -> int:
    """Load the communes of Côte-d'Or if needed, place the demo initiatives; how many."""
    if not Commune.objects.filter(department=DEPARTMENT).exists():
        communes_load(departments=[DEPARTMENT])
    communes = Commune.objects.in_bulk([demo.insee for demo in PLACES])
    placed = 0
    for demo in PLACES:
        initiative = Initiative.objects.filter(slug=demo.slug).first()
        if initiative is not None:
            _place(initiative, demo, communes.get(demo.insee))
            placed += 1
    return placed
