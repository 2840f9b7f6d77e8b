"""The PDF's drawings, as inline SVG built in Python: the QR codes.

Each drawing carries a ``<title>``: WeasyPrint tags an inline SVG as a ``Figure`` and
uses that title as its alternate text. (The competences' levels are HTML text with a
small bar drawn in CSS, ``summary.CompetenceRow``: text wraps, it is never shortened.)
"""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString


def qr_svg(url: str, *, title: str) -> SafeString:
    """A QR code of ``url`` (error correction M, quiet zone of 4 modules) as inline SVG."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(omitsize=True, border=4, title=title, svgclass="qr", lineclass=None)
    return SafeString(svg.replace("<svg ", '<svg role="img" ', 1))
