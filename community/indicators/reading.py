"""Reading a publication: the tables that the pages, files and the report show.

Pure: receives a ``Publication`` and returns rows. The page, the stewards' view, the impact
page, the CSV/JSON files and the annual report all read the figures through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from community.indicators.registry import Indicator
from community.indicators.suppression import Status
from community.indicators.tables import (
    COMMUNE,
    EPCI,
    INITIATIVE,
    PUBLIC_LEVELS,
    QUARTERS,
    TERRITORY,
    UNPLACED,
    YEAR,
    Figure,
    Place,
    PlaceKey,
    Publication,
)

ABSENT = "absent"


@dataclass(frozen=True)
class Shown:
    """A figure as shown: its value when published, else why not (``small``: fewer than the
    threshold; ``hidden``: hidden so that a small one cannot be computed back)."""

    status: str
    value: int | Decimal | None = None
    rate: Decimal | None = None

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_small(self) -> bool:
        return self.status == Status.SMALL

    @property
    def is_hidden(self) -> bool:
        return self.status == Status.HIDDEN


def shown(figure: Figure | None) -> Shown:
    if figure is None:
        return Shown(ABSENT)
    return Shown(str(figure.status), figure.value, figure.rate)


def place_key(text: str) -> PlaceKey | None:
    """``territory``, ``epci:242100410``, ``commune:21166``, ``unplaced`` → a place key."""
    level, _, code = text.partition(":")
    if level in (TERRITORY, UNPLACED) and not code:
        return (level, "")
    if level in (EPCI, COMMUNE) and code:
        return (level, code)
    return None


def place_param(key: PlaceKey) -> str:
    return key[0] if not key[1] else f"{key[0]}:{key[1]}"


def public_places(publication: Publication) -> list[Place]:
    """The territory, its intercommunalities, their communes (by name), then "not placed"."""
    order = {TERRITORY: 0, EPCI: 1, COMMUNE: 2, UNPLACED: 3}
    return sorted(
        (place for place in publication.places.values() if place.level in PUBLIC_LEVELS),
        key=lambda place: (order[place.level], place.name),
    )


def initiative_places(publication: Publication) -> list[Place]:
    return sorted(
        (place for place in publication.places.values() if place.level == INITIATIVE),
        key=lambda place: place.name,
    )


def indicator(publication: Publication, key: str) -> Indicator | None:
    return next((item for item in publication.indicators if item.key == key), None)


def place_indicators(publication: Publication) -> list[Indicator]:
    return [item for item in publication.indicators if item.by_place]


def territory_indicators(publication: Publication) -> list[Indicator]:
    return [item for item in publication.indicators if not item.by_place]


@dataclass(frozen=True)
class Line:
    """A row of a table: its heading and its figures, one per column."""

    label: str
    figures: tuple[Shown, ...]
    place: Place | None = None
    period: int | None = None
    key: str = ""


def key_figures(
    publication: Publication, place: PlaceKey, period: int
) -> list[tuple[Indicator, Shown]]:
    """Every indicator's total for a place and a period (territory-only ones for the
    territory)."""
    items = []
    for item in publication.indicators:
        if not item.by_place and place != (TERRITORY, ""):
            continue
        items.append((item, shown(publication.figure(item.key, *place, period))))
    return items


def lines_by_place(
    publication: Publication,
    indicators: Sequence[Indicator],
    period: int,
    *,
    places: Sequence[Place],
) -> list[Line]:
    return [
        Line(
            label=place.name,
            place=place,
            figures=tuple(
                shown(publication.figure(item.key, place.level, place.code, period))
                for item in indicators
            ),
        )
        for place in places
    ]


def lines_by_quarter(
    publication: Publication, indicators: Sequence[Indicator], place: PlaceKey
) -> list[Line]:
    return [
        Line(
            label=str(period),
            period=period,
            figures=tuple(
                shown(publication.figure(item.key, *place, period)) for item in indicators
            ),
        )
        for period in (*QUARTERS, YEAR)
    ]


def facet_label(publication: Publication, facet: str, language: str) -> str:
    labels = publication.facet_labels.get(facet, {})
    value = facet.partition(":")[2]
    return labels.get(language) or labels.get("fr") or value


def lines_by_facet(
    publication: Publication,
    indicator_key: str,
    family: str,
    place: PlaceKey,
    period: int,
    *,
    language: str,
) -> list[Line]:
    """An indicator's breakdown (``domain``, ``level``, ``issuer``, ``kind``) for a place
    and a period, in one column."""
    return [
        Line(
            label=facet_label(publication, facet, language),
            key=facet,
            figures=(shown(publication.figure(indicator_key, *place, period, facet)),),
        )
        for facet in publication.breakdowns(indicator_key)
        if facet.partition(":")[0] == family
    ]
