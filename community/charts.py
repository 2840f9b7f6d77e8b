"""Charts drawn on the server as SVG: no JavaScript, readable in a PDF, accessible.

Each chart is an image (``role="img"``) with a ``<title>`` and a ``<desc>``;
pages show the same data in a table right below it, for screen readers and
for anyone who prefers numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from community.selectors.profile import CompetenceStanding
from config.text import shorten

WIDTH = 360
MARGIN = 8
LEGEND_HEIGHT = 44
ROW_HEIGHT = 50
AXIS_HEIGHT = 26
LABEL_CHARS = 46


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: float
    endorsed_y: float
    endorsed_width: float | None
    endorsed_number: int | None
    self_y: float
    self_width: float


def competence_levels_chart(
    *, standings: Sequence[CompetenceStanding], max_level: int, id_prefix: str = "chart"
) -> SafeString:
    """Bars per competence: the highest endorsed level, and the volunteer's own level, thinner.

    ``max_level`` is the top of the scale (4 in the default framework).
    """
    max_level = max(max_level, 1)
    plot_left, plot_width = MARGIN, WIDTH - 2 * MARGIN - 14

    def x_of(level: float) -> float:
        return round(plot_left + plot_width * level / max_level, 1)

    bars = []
    for index, standing in enumerate(standings):
        top = LEGEND_HEIGHT + index * ROW_HEIGHT
        endorsed = standing.endorsed_level_number
        bars.append(
            Bar(
                label=shorten(
                    f"{standing.competence.code} {standing.competence.title}", LABEL_CHARS
                ),
                label_y=top + 14,
                endorsed_y=top + 20,
                endorsed_width=round(x_of(endorsed) - plot_left, 1) if endorsed else None,
                endorsed_number=endorsed,
                self_y=top + 37,
                self_width=round(x_of(standing.self_level_number) - plot_left, 1),
            )
        )
    plot_bottom = LEGEND_HEIGHT + len(bars) * ROW_HEIGHT
    ticks = [Tick(x=x_of(number), label=str(number)) for number in range(max_level + 1)]
    return SafeString(
        render_to_string(
            "community/profile/chart_svg.html",
            {
                "id": id_prefix,
                "width": WIDTH,
                "height": plot_bottom + AXIS_HEIGHT,
                "bars": bars,
                "ticks": ticks,
                "plot_left": plot_left,
                "plot_top": LEGEND_HEIGHT - 4,
                "plot_bottom": plot_bottom,
                "axis_label_y": plot_bottom + 18,
                "title": _("My competences: confirmed levels and my own levels"),
                "description": _(
                    "For each competence, a thick bar shows the highest level confirmed by "
                    "other people, and a thin outlined bar shows the level I gave myself, on a "
                    "scale from 1 to %(max)s. The table below gives the same figures."
                )
                % {"max": max_level},
            },
        ).strip()
    )
