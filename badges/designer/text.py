"""Text of designed badges, drawn as outlines of the shipped DejaVu Sans Bold.

Outlines look the same in every browser, in CairoSVG's PNG and in the PDF, whatever fonts
the machine has; they are measured exactly, so a name is wrapped between words (never inside
one) and shrunk until it fits its lines. Names split at spaces only: words joined by a
non-breaking space stay together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

#: The font of the portfolio PDF (static/fonts/README.md: origin and licence).
FONT_PATH = Path(__file__).resolve().parents[2] / "static" / "fonts" / "DejaVuSans-Bold.ttf"
_SPACES = re.compile(r"[ \t\r\n]+")
#: Where the text's middle sits above its baseline, in ems (about half the capital height).
MIDDLE = 0.36
LINE_HEIGHT = 1.15


def number(value: float) -> str:
    """A coordinate with at most two decimals, without trailing zeros (deterministic)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class _Font:
    glyphs: Any
    cmap: dict[int, str]
    advances: dict[str, int]
    units_per_em: int

    def glyph(self, char: str) -> str:
        return self.cmap.get(ord(char), ".notdef")


@lru_cache(maxsize=1)
def _font() -> _Font:
    font = TTFont(FONT_PATH, lazy=False)
    return _Font(
        glyphs=font.getGlyphSet(),
        cmap=dict(font.getBestCmap()),
        advances={name: metrics[0] for name, metrics in font["hmtx"].metrics.items()},
        units_per_em=int(font["head"].unitsPerEm),
    )


def text_width(text: str, size: float) -> float:
    """The advance width of ``text`` set at ``size`` user units."""
    font = _font()
    units = sum(font.advances.get(font.glyph(char), 0) for char in text)
    return units * size / font.units_per_em


def text_outline(text: str, *, size: float, centre_x: float, baseline: float) -> str:
    """The path data of ``text`` centred on ``centre_x``, its baseline at ``baseline``."""
    font = _font()
    scale = size / font.units_per_em
    x = centre_x - text_width(text, size) / 2
    pen = SVGPathPen(font.glyphs, ntos=number)
    for char in text:
        name = font.glyph(char)
        font.glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
        x += font.advances.get(name, 0) * scale
    return str(pen.getCommands())


def words(text: str) -> list[str]:
    return [word for word in _SPACES.split(text.strip()) if word]


def wrap(text: str, *, size: float, width: float) -> list[str] | None:
    """Words filled greedily into lines of ``width``; ``None`` if a word alone is wider."""
    lines: list[str] = []
    for word in words(text):
        if text_width(word, size) > width:
            return None
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def fit(
    text: str, *, width: float, max_lines: int = 3, largest: float = 34, smallest: float = 16
) -> tuple[float, list[str]]:
    """The largest size (from ``largest`` down by steps of 1) at which ``text`` fills at most
    ``max_lines`` lines of ``width``, and those lines. Below ``smallest`` the size keeps
    shrinking by tenths until everything fits: no word is ever cut nor left out."""
    size = largest
    while True:
        lines = wrap(text, size=size, width=width)
        if lines is not None and len(lines) <= max_lines:
            return size, lines
        size = size - 1 if size > smallest else round(size * 0.9, 2)
