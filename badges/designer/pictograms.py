"""The pictograms a designed badge may carry: Lucide icons shipped in
``badges/data/pictograms/`` (ISC licence, see SOURCES.md there), never fetched at run time.

Each icon is a 24 by 24 drawing of strokes (``path``, ``circle``, ``rect``…); the designer
copies its shapes into the badge, drawn in white.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from defusedxml import ElementTree
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FOLDER = Path(__file__).resolve().parent.parent / "data" / "pictograms"
SVG_NS = "{http://www.w3.org/2000/svg}"
#: The shapes an icon may use, and the attributes kept of them (in this order).
SHAPES = {
    "path": ("d",),
    "circle": ("cx", "cy", "r"),
    "ellipse": ("cx", "cy", "rx", "ry"),
    "rect": ("x", "y", "width", "height", "rx", "ry"),
    "line": ("x1", "y1", "x2", "y2"),
    "polyline": ("points",),
    "polygon": ("points",),
}
ICON_SIZE = 24


@dataclass(frozen=True)
class Pictogram:
    key: str
    label: str | Promise


PICTOGRAMS: tuple[Pictogram, ...] = (
    Pictogram("handshake", _("Handshake")),
    Pictogram("hand-heart", _("Helping hand")),
    Pictogram("users", _("People")),
    Pictogram("wrench", _("Wrench")),
    Pictogram("hammer", _("Hammer")),
    Pictogram("scissors", _("Scissors")),
    Pictogram("sprout", _("Seedling")),
    Pictogram("leaf", _("Leaf")),
    Pictogram("recycle", _("Recycling")),
    Pictogram("lightbulb", _("Light bulb")),
    Pictogram("sparkles", _("Sparkles")),
    Pictogram("puzzle", _("Puzzle piece")),
    Pictogram("message-circle", _("Speech bubble")),
    Pictogram("megaphone", _("Megaphone")),
    Pictogram("network", _("Network")),
    Pictogram("calendar", _("Calendar")),
    Pictogram("map-pin", _("Map pin")),
    Pictogram("compass", _("Compass")),
    Pictogram("flag", _("Flag")),
    Pictogram("heart", _("Heart")),
    Pictogram("book-open", _("Open book")),
    Pictogram("graduation-cap", _("Graduation cap")),
    Pictogram("utensils", _("Cutlery")),
    Pictogram("palette", _("Paint palette")),
    Pictogram("music", _("Music")),
    Pictogram("bike", _("Bicycle")),
    Pictogram("coins", _("Coins")),
    Pictogram("house", _("House")),
)
PICTOGRAMS_BY_KEY = {pictogram.key: pictogram for pictogram in PICTOGRAMS}
DEFAULT_PICTOGRAM = "handshake"


@lru_cache(maxsize=len(PICTOGRAMS))
def pictogram_shapes(key: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The shapes of a shipped pictogram: (element, ((attribute, value), …)), in file order.

    ``KeyError`` for a key that is not in ``PICTOGRAMS``.
    """
    if key not in PICTOGRAMS_BY_KEY:
        raise KeyError(key)
    root = ElementTree.fromstring((FOLDER / f"{key}.svg").read_bytes())
    shapes = []
    for node in root.iter():
        name = node.tag.removeprefix(SVG_NS)
        if name in SHAPES:
            attributes = tuple(
                (attribute, node.attrib[attribute])
                for attribute in SHAPES[name]
                if attribute in node.attrib
            )
            shapes.append((name, attributes))
    return tuple(shapes)
