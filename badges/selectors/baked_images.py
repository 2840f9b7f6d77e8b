"""The baked images of an award: its badge picture with a document inside (``badges.baking``).

Served by ``badges.views.documents`` and written into a person's data export
(``badges.personal_data``): the same bytes either way.

- ``baked_png(badge_class, payload, version=…)``: the badge class's PNG (or its drawn default
  image when it has none, or an unreadable one) with ``payload`` baked in;
- ``baked_svg(…)``: the same in SVG (the class's own SVG, or one wrapping its PNG).
"""

from __future__ import annotations

import logging

from badges.baking import BakingError, Version, bake_png, bake_svg, svg_wrapping_png
from badges.default_image import default_badge_png
from badges.models import BadgeClass

logger = logging.getLogger(__name__)


def base_png(badge_class: BadgeClass) -> bytes:
    """The badge class's PNG, or its drawn default image."""
    if badge_class.image:
        with badge_class.image.open("rb") as image:
            return bytes(image.read())
    return default_badge_png(badge_class.name)


def baked_png(badge_class: BadgeClass, payload: str, *, version: Version) -> bytes:
    try:
        return bake_png(base_png(badge_class), payload, version=version)
    except BakingError:
        logger.warning("Unreadable PNG image of badge class %s", badge_class.uuid)
        return bake_png(default_badge_png(badge_class.name), payload, version=version)


def baked_svg(
    badge_class: BadgeClass, payload: str, *, version: Version, verify_url: str = ""
) -> bytes:
    if badge_class.image_svg:
        with badge_class.image_svg.open("rb") as image:
            svg = image.read()
        try:
            return bake_svg(svg, payload, version=version, verify_url=verify_url)
        except BakingError:
            logger.warning("Unreadable SVG image of badge class %s", badge_class.uuid)
    try:
        base = svg_wrapping_png(base_png(badge_class), title=badge_class.name)
    except BakingError:
        base = svg_wrapping_png(default_badge_png(badge_class.name), title=badge_class.name)
    return bake_svg(base, payload, version=version, verify_url=verify_url)
