"""Colours of designed badges: a palette whose every colour carries white text at WCAG AA.

Domains of a competence framework have no colour of their own: a domain of the default
framework gets a chosen palette colour (``DOMAIN_COLOURS``, by its code); any other domain a
stable one picked by a hash of its code. A colour given from elsewhere is darkened until
white text on it contrasts at least ``MIN_CONTRAST`` to 1 (``text_safe``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: WCAG 2.2 AA for normal text (success criterion 1.4.3).
MIN_CONTRAST = 4.5
WHITE = "#ffffff"
_HEX = re.compile(r"^#[0-9a-f]{6}$")


@dataclass(frozen=True)
class PaletteColour:
    key: str
    hex: str
    label: str | Promise


PALETTE: tuple[PaletteColour, ...] = (
    PaletteColour("blue", "#1d4f91", _("Blue")),
    PaletteColour("green", "#1e6b3a", _("Green")),
    PaletteColour("raspberry", "#9b2463", _("Raspberry")),
    PaletteColour("ochre", "#8a4b00", _("Ochre")),
    PaletteColour("purple", "#5b3a8c", _("Purple")),
    PaletteColour("teal", "#0f5f66", _("Teal")),
    PaletteColour("red", "#b3261e", _("Red")),
    PaletteColour("slate", "#2f4858", _("Slate")),
)
PALETTE_BY_KEY = {colour.key: colour for colour in PALETTE}

#: The domains of the default framework (competences/data/default_framework.json).
DOMAIN_COLOURS = {
    "ORG": "blue",
    "COOP": "green",
    "COM": "raspberry",
    "INNO": "ochre",
    "INCL": "purple",
}


def hex_clean(value: str) -> str:
    """``#rrggbb`` in lower case (``ValueError`` for anything else)."""
    value = value.strip().lower()
    if not _HEX.match(value):
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return value


def _rgb(value: str) -> tuple[int, int, int]:
    value = hex_clean(value)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(part))):02x}" for part in rgb)


def relative_luminance(value: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(part) for part in _rgb(value))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.2 contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_safe(value: str) -> str:
    """The colour, darkened by steps of 5 % until white text on it reaches ``MIN_CONTRAST``."""
    colour = hex_clean(value)
    red, green, blue = (float(part) for part in _rgb(colour))
    while contrast_ratio(colour, WHITE) < MIN_CONTRAST:
        red, green, blue = red * 0.95, green * 0.95, blue * 0.95
        colour = _hex((red, green, blue))
    return colour


def tint(value: str, *, amount: float = 0.3) -> str:
    """The colour mixed with white (``amount`` of the colour): the rim around the badge."""
    red, green, blue = (255 - (255 - part) * amount for part in _rgb(value))
    return _hex((red, green, blue))


def domain_colour(code: str) -> PaletteColour:
    """The palette colour of a domain: chosen for the default framework's, else by hash."""
    key = DOMAIN_COLOURS.get(code.strip().upper())
    if key is not None:
        return PALETTE_BY_KEY[key]
    digest = hashlib.sha256(code.strip().upper().encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]
