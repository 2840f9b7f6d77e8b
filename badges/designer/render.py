"""The drawing of a designed badge: an SVG document of 400 by 400 user units.

The shape says the level (round for 1 or none, a shield for 2, a hexagon for 3, a rosette
for 4), the inner field carries the domain colour, a white pictogram, the badge's name in
white and, on a white ribbon, the level's name in the domain colour; small dots repeat the
level's number. The colour is first made dark enough for white text (``text_safe``).

The document is written exactly as ``badges.svg_sanitise`` writes its output (attributes
in order, no whitespace between elements, ``xmlns:xlink`` declared), so the sanitiser gives
it back unchanged; the same input always gives the same bytes. The root's ``class`` records
the design (``design_from_svg`` reads it back to fill the form again).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from badges.designer.colours import WHITE, hex_clean, text_safe, tint
from badges.designer.pictograms import ICON_SIZE, PICTOGRAMS_BY_KEY, pictogram_shapes
from badges.designer.text import LINE_HEIGHT, MIDDLE, fit, number, text_outline

SIZE = 400
CENTRE = SIZE / 2
NAME_WIDTH = 250
RIBBON_TEXT_WIDTH = 250
MAX_LEVEL_SHOWN = 4
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_MARKER = re.compile(
    r'class="jalons-badge-design pictogram-([a-z0-9-]+) level-([0-4]) colour-([0-9a-f]{6})"'
)


@dataclass(frozen=True)
class BadgeDesign:
    """What a designed badge shows. ``level`` 0: no level."""

    name: str
    colour: str
    pictogram: str
    level: int = 0
    level_label: str = ""


def _quote(value: str) -> str:
    return escape(value, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _element(name: str, attributes: Iterable[tuple[str, str]], content: str = "") -> str:
    text = "".join(f' {key}="{_quote(value)}"' for key, value in attributes)
    return f"<{name}{text}>{content}</{name}>" if content else f"<{name}{text}/>"


def _polygon(points: Iterable[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{number(x)} {number(y)}" for x, y in points) + "Z"


def _circle(radius: float) -> str:
    top, bottom, r = number(CENTRE - radius), number(CENTRE + radius), number(radius)
    c = number(CENTRE)
    return f"M{c} {top}A{r} {r} 0 1 1 {c} {bottom}A{r} {r} 0 1 1 {c} {top}Z"


def _scaled(points: Iterable[tuple[float, float]], factor: float) -> list[tuple[float, float]]:
    return [(CENTRE + (x - CENTRE) * factor, CENTRE + (y - CENTRE) * factor) for x, y in points]


def _shield(factor: float) -> str:
    (ax, ay), (bx, by), (cx, cy), (d1x, d1y), (d2x, d2y), (ex, ey) = _scaled(
        [(200, 10), (372, 50), (372, 205), (372, 300), (300, 362), (200, 392)], factor
    )
    mirror = [SIZE - x for x in (bx, cx, d1x, d2x)]
    n = number
    return (
        f"M{n(ax)} {n(ay)}L{n(bx)} {n(by)}L{n(cx)} {n(cy)}"
        f"C{n(d1x)} {n(d1y)} {n(d2x)} {n(d2y)} {n(ex)} {n(ey)}"
        f"C{n(mirror[3])} {n(d2y)} {n(mirror[2])} {n(d1y)} {n(mirror[1])} {n(cy)}"
        f"L{n(mirror[0])} {n(by)}Z"
    )


def _hexagon(radius: float) -> str:
    return _polygon(
        (CENTRE + radius * math.cos(math.pi / 3 * i), CENTRE + radius * math.sin(math.pi / 3 * i))
        for i in range(6)
    )


def _rosette(outer: float, inner: float, points: int = 24) -> str:
    return _polygon(
        (
            CENTRE + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / points),
            CENTRE - (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / points),
        )
        for i in range(points * 2)
    )


def shape_paths(level: int) -> tuple[str, str, str]:
    """The rim, the coloured field and the thin white ring of the level's shape."""
    if level == 2:
        return _shield(1), _shield(0.88), _shield(0.82)
    if level == 3:
        return _hexagon(192), _hexagon(170), _hexagon(159)
    if level >= MAX_LEVEL_SHOWN:
        return _rosette(194, 174), _circle(160), _circle(150)
    return _circle(188), _circle(166), _circle(155)


def _pictogram(key: str) -> str:
    side = 84
    scale = side / ICON_SIZE
    x, y = CENTRE - side / 2, 58
    shapes = "".join(_element(name, attributes) for name, attributes in pictogram_shapes(key))
    return _element(
        "g",
        [
            ("transform", f"translate({number(x)} {number(y)}) scale({number(scale)})"),
            ("fill", "none"),
            ("stroke", WHITE),
            ("stroke-width", "2"),
            ("stroke-linecap", "round"),
            ("stroke-linejoin", "round"),
        ],
        shapes,
    )


def _lines(lines: list[str], *, size: float, middle: float) -> str:
    step = size * LINE_HEIGHT
    first = middle - step * (len(lines) - 1) / 2
    return "".join(
        text_outline(line, size=size, centre_x=CENTRE, baseline=first + step * i + size * MIDDLE)
        for i, line in enumerate(lines)
    )


def _ribbon(label: str, colour: str) -> str:
    top, bottom, notch = 284, 328, 14
    left, right = 34, SIZE - 34
    middle_y = (top + bottom) / 2
    outline = _polygon(
        [
            (left, top),
            (right, top),
            (right - notch, middle_y),
            (right, bottom),
            (left, bottom),
            (left + notch, middle_y),
        ]
    )
    size, lines = fit(label, width=RIBBON_TEXT_WIDTH, max_lines=1, largest=21, smallest=12)
    return _element(
        "path", [("d", outline), ("fill", WHITE), ("stroke", colour), ("stroke-width", "3")]
    ) + _element("path", [("d", _lines(lines, size=size, middle=middle_y)), ("fill", colour)])


def _dots(level: int) -> str:
    spacing, y = 16, 350
    first = CENTRE - spacing * (level - 1) / 2
    return "".join(
        _element(
            "circle",
            [("cx", number(first + spacing * i)), ("cy", str(y)), ("r", "5"), ("fill", WHITE)],
        )
        for i in range(level)
    )


def badge_svg(design: BadgeDesign) -> str:
    """The SVG document of a designed badge (``KeyError`` for an unknown pictogram,
    ``ValueError`` for a colour that is not ``#rrggbb``)."""
    colour = text_safe(design.colour)
    if design.pictogram not in PICTOGRAMS_BY_KEY:
        raise KeyError(design.pictogram)
    level = max(0, min(MAX_LEVEL_SHOWN, design.level))
    name = " ".join(design.name.split())
    label = " ".join(design.level_label.split())
    rim, field, ring = shape_paths(level)
    size, lines = fit(name or "?", width=NAME_WIDTH)
    title = f"{name} — {label}" if label else name
    marker = f"jalons-badge-design pictogram-{design.pictogram} level-{level} colour-{colour[1:]}"
    parts = [
        _element("title", [], escape(title)),
        _element("path", [("d", rim), ("fill", tint(colour))]),
        _element("path", [("d", field), ("fill", colour)]),
        _element(
            "path",
            [("d", ring), ("fill", "none"), ("stroke", WHITE), ("stroke-width", "3")],
        ),
        _pictogram(design.pictogram),
        _element(
            "path",
            [("d", _lines(lines, size=size, middle=218 if label else 232)), ("fill", WHITE)],
        ),
    ]
    if label:
        parts.append(_ribbon(label, colour))
    if level:
        parts.append(_dots(level))
    root = _element(
        "svg",
        [
            ("xmlns", SVG_NS),
            ("xmlns:xlink", XLINK_NS),
            ("class", marker),
            ("width", str(SIZE)),
            ("height", str(SIZE)),
            ("viewBox", f"0 0 {SIZE} {SIZE}"),
        ],
        "".join(parts),
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{root}\n'


def design_from_svg(svg: bytes | str) -> tuple[str, int, str] | None:
    """(pictogram, level, colour) of an SVG this designer drew, else ``None``."""
    text = svg.decode("utf-8", "replace") if isinstance(svg, bytes) else svg
    match = _MARKER.search(text[:2000])
    if match is None or match.group(1) not in PICTOGRAMS_BY_KEY:
        return None
    return match.group(1), int(match.group(2)), "#" + hex_clean("#" + match.group(3))[1:]
