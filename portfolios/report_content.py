"""The annual territorial report's content: one resolved structure for the PDF.

Built from community's protected publication of the year (``community.api``): the same
figures as ``/indicators/``, protected the same way, with the quotes the stewards chose.
A builder: it receives the publication and the quotes, and queries nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from community.api import (
    Line,
    Publication,
    bar_chart,
    figure_text,
    initiative_places,
    key_figures,
    lines_by_facet,
    lines_by_place,
    public_places,
)


@dataclass(frozen=True)
class KeyFigure:
    label: str
    text: str
    rate: str


@dataclass(frozen=True)
class InitiativeLine:
    name: str
    town: str
    kind: str


@dataclass(frozen=True)
class Quote:
    text: str
    author: str


@dataclass(frozen=True)
class ReportContent:
    year: int
    language: str
    territory: str
    threshold: int
    generated_at: datetime
    key_figures: tuple[KeyFigure, ...]
    domain_lines: tuple[tuple[str, str], ...]
    domain_chart: SafeString | None
    town_lines: tuple[tuple[str, tuple[str, ...]], ...]
    town_columns: tuple[str, ...]
    town_chart: SafeString | None
    initiatives: tuple[InitiativeLine, ...]
    quotes: tuple[Quote, ...]


def _texts(line: Line, threshold: int) -> tuple[str, ...]:
    return tuple(figure_text(line, threshold, column) for column in range(len(line.figures)))


def report_content_build(
    *,
    publication: Publication,
    quotes: Sequence[tuple[str, str]],
    language: str,
    generated_at: datetime,
) -> ReportContent:
    """Key figures of the year for the territory, confirmations by domain, figures by town
    (with charts), the listed initiatives and the chosen quotes."""
    threshold = publication.threshold
    territory = ("territory", "")
    with translation.override(language):
        figures = tuple(
            KeyFigure(
                label=str(indicator.label),
                text=figure_text(Line(label="", figures=(shown,)), threshold),
                rate="" if shown.rate is None else f"{shown.rate}".replace(".", ","),
            )
            for indicator, shown in key_figures(publication, territory, 0)
        )
        domains = lines_by_facet(
            publication, "confirmations", "domain", territory, 0, language=language
        )
        towns = [place for place in public_places(publication) if place.level == "commune"]
        columns = [
            item
            for item in publication.indicators
            if item.key in ("volunteers", "newcomers", "hours", "confirmations")
        ]
        town_lines = lines_by_place(publication, columns, 0, places=towns)
        initiatives = tuple(
            InitiativeLine(
                name=place.name,
                town=(
                    publication.places[place.parent].name
                    if place.parent and place.parent[0] == "commune"
                    else ""
                ),
                kind=publication.facet_labels.get(f"kind:{place.kind}", {}).get(
                    language, place.kind
                ),
            )
            for place in initiative_places(publication)
            if place.listed
        )
        return ReportContent(
            year=publication.year,
            language=language,
            territory=publication.places[territory].name,
            threshold=threshold,
            generated_at=generated_at,
            key_figures=figures,
            domain_lines=tuple((line.label, _texts(line, threshold)[0]) for line in domains),
            domain_chart=bar_chart(
                lines=domains,
                threshold=threshold,
                title=_("Competences confirmed by domain, %(year)s") % {"year": publication.year},
                description=_(
                    "One bar per domain of the framework; the table gives the same figures."
                ),
                id_prefix="report-domains",
            )
            if domains
            else None,
            town_lines=tuple((line.label, _texts(line, threshold)) for line in town_lines),
            town_columns=tuple(str(item.label) for item in columns),
            town_chart=bar_chart(
                lines=town_lines,
                threshold=threshold,
                title=_("Active volunteers by town, %(year)s") % {"year": publication.year},
                description=_("One bar per town; the table gives the same figures."),
                id_prefix="report-towns",
            )
            if town_lines
            else None,
            initiatives=initiatives,
            quotes=tuple(Quote(text=text, author=author) for text, author in quotes),
        )
