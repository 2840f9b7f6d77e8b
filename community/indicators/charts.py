"""Bar charts of indicators, drawn on the server as SVG (no JavaScript; readable in a PDF).

Each chart is an image (``role="img"``) with a ``<title>`` and a ``<desc>``; the page and the
report show the same figures in a table next to it. A protected figure has no bar, only its
words ("fewer than 5", "hidden"): a chart never shows more than the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from community.indicators.reading import Line
from config.text import shorten

WIDTH = 360
MARGIN = 8
ROW_HEIGHT = 40
LABEL_CHARS = 46
VALUE_SPACE = 70


@dataclass(frozen=True)
class ChartBar:
    label: str
    label_y: float
    bar_y: float
    width: float | None
    text: str
    text_x: float


def figure_text(line: Line, threshold: int, column: int = 0) -> str:
    figure = line.figures[column]
    if figure.is_published and figure.value is not None:
        return number_format(figure.value, force_grouping=True)
    if figure.is_small:
        return _("fewer than %(count)s") % {"count": threshold}
    if figure.is_hidden:
        return _("hidden")
    return "–"


def bar_chart(
    *,
    lines: Sequence[Line],
    threshold: int,
    title: str,
    description: str,
    id_prefix: str,
    column: int = 0,
) -> SafeString:
    """Horizontal bars, one per line, scaled on the largest published value."""
    values = [
        float(value)
        for line in lines
        if line.figures[column].is_published and (value := line.figures[column].value) is not None
    ]
    top = max(values, default=0) or 1
    plot_width = WIDTH - 2 * MARGIN - VALUE_SPACE
    bars = []
    for index, line in enumerate(lines):
        figure = line.figures[column]
        y = 6 + index * ROW_HEIGHT
        width = (
            round(max(plot_width * float(figure.value) / top, 1), 1)
            if figure.is_published and figure.value is not None
            else None
        )
        bars.append(
            ChartBar(
                label=shorten(line.label, LABEL_CHARS),
                label_y=y + 12,
                bar_y=y + 18,
                width=width,
                text=figure_text(line, threshold, column),
                text_x=MARGIN + (width or 0) + 6,
            )
        )
    return SafeString(
        render_to_string(
            "community/indicators/chart_svg.html",
            {
                "id": id_prefix,
                "width": WIDTH,
                "height": 12 + len(bars) * ROW_HEIGHT,
                "bars": bars,
                "left": MARGIN,
                "title": title,
                "description": description,
            },
        ).strip()
    )
