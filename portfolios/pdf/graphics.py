"""The PDF's drawings, as inline SVG built in Python: level bars per domain, QR codes.

Each drawing carries a ``<title>``: WeasyPrint tags an inline SVG as a ``Figure`` and
uses that title as its alternate text. The text drawn inside is real text (the shipped
fonts), so it is selectable and extractable like the rest of the page.
"""

from __future__ import annotations

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from config.text import shorten
from portfolios.content import DomainBlock

WIDTH = 640
ROW = 22
LABEL_WIDTH = 300
SEGMENT = 34
GAP = 4
FILL = "#1d4f91"
EMPTY = "#e3e7ee"
INK = "#1b1b1b"
MUTED = "#4a4a4a"


def _level_words(level: int | None, max_level: int, label: str) -> str:
    if level is None:
        return _("not confirmed yet")
    return _("level %(level)s of %(max)s") % {"level": level, "max": max_level} + (
        f" ({label})" if label else ""
    )


def domain_chart(domain: DomainBlock) -> SafeString:
    """One row per competence: its title, its endorsed level in segments, the level's name."""
    rows = []
    described = []
    for index, line in enumerate(domain.competences):
        top = index * ROW
        segments = []
        for step in range(1, max(line.max_level, 1) + 1):
            x = LABEL_WIDTH + (step - 1) * (SEGMENT + GAP)
            filled = line.level is not None and step <= line.level
            segments.append(
                f'<rect x="{x}" y="{top + 4}" width="{SEGMENT}" height="12" rx="2" '
                f'fill="{FILL if filled else EMPTY}"/>'
            )
        text_x = LABEL_WIDTH + max(line.max_level, 1) * (SEGMENT + GAP) + 6
        level_text = (
            f"{line.level}/{line.max_level} · {line.level_label}"
            if line.level is not None
            else _("not confirmed yet")
        )
        rows.append(
            f'<text x="0" y="{top + 15}" fill="{INK}">{escape(shorten(line.title, 44))}</text>'
            + "".join(segments)
            + f'<text x="{text_x}" y="{top + 15}" fill="{MUTED}">'
            f"{escape(shorten(level_text, 26))}</text>"
        )
        described.append(
            f"{line.title}: {_level_words(line.level, line.max_level, line.level_label)}"
        )
    height = max(len(rows), 1) * ROW
    title = (
        _("Endorsed levels in %(domain)s") % {"domain": domain.title} + ": " + "; ".join(described)
    )
    return SafeString(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="domain-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Jalons Sans, sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>" + "".join(rows) + "</svg>"
    )


def qr_svg(url: str, *, title: str) -> SafeString:
    """A QR code of ``url`` (error correction M, quiet zone of 4 modules) as inline SVG."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(omitsize=True, border=4, title=title, svgclass="qr", lineclass=None)
    return SafeString(svg.replace("<svg ", '<svg role="img" ', 1))
