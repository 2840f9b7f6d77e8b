"""The badge designer: a distinctive SVG badge from a domain's colour, a shipped pictogram,
the badge's name and its level (no database, no network).

``badge_svg(BadgeDesign(name=…, colour=…, pictogram=…, level=…, level_label=…))`` gives the
SVG document; ``badge_png`` its PNG rendering (CairoSVG). See docs/open-badges.md.
"""

from __future__ import annotations

from badges.designer.colours import (
    MIN_CONTRAST,
    PALETTE,
    PALETTE_BY_KEY,
    PaletteColour,
    contrast_ratio,
    domain_colour,
    text_safe,
)
from badges.designer.pictograms import (
    DEFAULT_PICTOGRAM,
    PICTOGRAMS,
    PICTOGRAMS_BY_KEY,
    Pictogram,
)
from badges.designer.render import BadgeDesign, badge_svg, design_from_svg

PNG_SIDE = 512


def badge_png(svg: str, *, side: int = PNG_SIDE) -> bytes:
    """The PNG rendering of a designed badge's SVG, ``side`` pixels square."""
    # lazy: the cairo C library is loaded only when a badge is drawn.
    from cairosvg import svg2png

    return bytes(svg2png(bytestring=svg.encode(), output_width=side, output_height=side))


__all__ = [
    "DEFAULT_PICTOGRAM",
    "MIN_CONTRAST",
    "PALETTE",
    "PALETTE_BY_KEY",
    "PICTOGRAMS",
    "PICTOGRAMS_BY_KEY",
    "BadgeDesign",
    "PaletteColour",
    "Pictogram",
    "badge_png",
    "badge_svg",
    "contrast_ratio",
    "design_from_svg",
    "domain_colour",
    "text_safe",
]
