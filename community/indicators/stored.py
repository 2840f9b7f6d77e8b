"""A ``Publication`` as JSON, to be stored and read back (pure; no pickle).

The indicators themselves are not stored: their key is, and the reader takes each from the
registry (``community.indicators.registry``), so that labels stay translatable. Numbers that
are not integers (hours, rates) are written as decimal strings and read back as ``Decimal``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict
from decimal import Decimal
from typing import Any, cast

from community.indicators.registry import Indicator
from community.indicators.suppression import Protection, Status
from community.indicators.tables import CellKey, Figure, Place, PlaceKey, Publication

FORMAT = 1


def _number(value: int | Decimal | None) -> int | str | None:
    if value is None or isinstance(value, int):
        return value
    return str(value)


def _read_number(value: int | str | None) -> int | Decimal | None:
    if value is None or isinstance(value, int):
        return value
    return Decimal(value)


def publication_payload(publication: Publication) -> dict[str, Any]:
    """The publication as a JSON-ready dictionary."""
    return {
        "format": FORMAT,
        "year": publication.year,
        "threshold": publication.threshold,
        "indicators": [indicator.key for indicator in publication.indicators],
        "places": [asdict(place) for place in publication.places.values()],
        "facet_labels": {key: dict(value) for key, value in publication.facet_labels.items()},
        "figures": [
            [*figure.key, _number(figure.value), str(figure.status), _number(figure.rate)]
            for figure in publication.figures.values()
        ],
        "protections": {
            key: {
                "small": protection.small,
                "hidden": protection.hidden,
                "rounds": protection.rounds,
                "determined_found": protection.determined_found,
            }
            for key, protection in publication.protections.items()
        },
    }


def payload_fingerprint(payload: Mapping[str, Any]) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _place(data: Mapping[str, Any]) -> Place:
    parent = data.get("parent")
    return Place(**{**data, "parent": tuple(parent) if parent is not None else None})


def publication_from_payload(
    payload: Mapping[str, Any], indicators: Mapping[str, Indicator]
) -> Publication:
    """The publication again; figures of an indicator no longer registered are left out."""
    if payload.get("format") != FORMAT:
        raise ValueError(f"unknown publication format {payload.get('format')!r}")
    places: dict[PlaceKey, Place] = {}
    for data in payload["places"]:
        place = _place(data)
        places[place.key] = place
    figures: dict[CellKey, Figure] = {}
    for key_indicator, level, code, period, breakdown, value, status, rate in payload["figures"]:
        if key_indicator not in indicators:
            continue
        figure = Figure(
            key_indicator,
            level,
            code,
            int(period),
            breakdown,
            value=_read_number(value),
            status=Status(status),
            rate=cast(Decimal | None, _read_number(rate)),
        )
        figures[figure.key] = figure
    return Publication(
        year=int(payload["year"]),
        threshold=int(payload["threshold"]),
        indicators=tuple(indicators[key] for key in payload["indicators"] if key in indicators),
        places=places,
        facet_labels=payload["facet_labels"],
        figures=figures,
        protections={
            key: Protection(status={}, **counts) for key, counts in payload["protections"].items()
        },
    )
