"""Demo issuers for `manage.py demo_data` (runs after the portfolios' demo data).

The territory (created by its steward) and the demo repair café (created by its
leader) become issuers, each with a signing key. Running it twice changes
nothing more: an existing issuer is left as it is (its keys are not rotated).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db import transaction
from PIL import Image, ImageDraw

from accounts.models import User
from badges import selectors, services
from badges.models import Issuer
from portfolios.images import CleanImage
from portfolios.models import Initiative

STEWARD = "territoire@example.org"
LEADER = "sophie@example.org"
REPAIR_CAFE = "repair-cafe-de-chenove"


@dataclass(frozen=True)
class DemoIssuer:
    by: str
    initiative_slug: str | None
    name: str
    email: str
    url: str
    description: str
    colour: tuple[int, int, int]


DEMO_ISSUERS = [
    DemoIssuer(
        by=STEWARD,
        initiative_slug=None,
        name="Territoire de Dijon",
        email="territoire@example.org",
        url="https://territoire.example.org",
        description=(
            "Le territoire reconnaît les compétences acquises en contribuant aux projets "
            "collaboratifs, avec le référentiel partagé des compétences transverses."
        ),
        colour=(29, 79, 145),
    ),
    DemoIssuer(
        by=LEADER,
        initiative_slug=REPAIR_CAFE,
        name="Repair Café de Chenôve",
        email="repair-cafe-chenove@example.org",
        url="",
        description=(
            "Les bénévoles du Repair Café reçoivent des badges pour ce qu'ils apprennent en "
            "accueillant, en réparant et en transmettant."
        ),
        colour=(200, 80, 20),
    ),
]


def _image(colour: tuple[int, int, int]) -> CleanImage:
    """A plain round emblem, drawn here so that the demo needs no image file."""
    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(*colour, 255))
    draw.ellipse((72, 72, size - 72, size - 72), fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return CleanImage(content=buffer.getvalue(), extension="png", width=size, height=size)


@transaction.atomic
def load() -> list[Issuer]:
    """Create the demo issuers that do not exist yet; return both."""
    issuers = []
    for demo in DEMO_ISSUERS:
        by = User.objects.get(email=demo.by)
        initiative = None
        if demo.initiative_slug is not None:
            initiative = Initiative.objects.get(slug=demo.initiative_slug)
            existing = selectors.issuer_for_initiative(initiative=initiative)
        else:
            existing = selectors.territory_issuer()
        if existing is None:
            existing = services.issuer_create(
                by=by,
                initiative=initiative,
                name=demo.name,
                email=demo.email,
                url=demo.url,
                description=demo.description,
                image=_image(demo.colour),
            )
        issuers.append(existing)
    return issuers
