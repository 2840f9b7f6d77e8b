"""The public initiatives as GeoJSON (RFC 7946): a FeatureCollection of points.

A document builder: it receives the initiatives (``directory_points``) and the absolute
address of each page, and queries nothing. Coordinates are [longitude, latitude] in WGS 84
(RFC 7946 §3.1.1, §4: no ``crs`` member); the licence and the source are foreign members of
the collection (§6.1), which uMap and other readers ignore.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from community.models import Initiative

LICENCE = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# Six decimals: about 10 cm, more than a street address needs (RFC 7946 §11.2).
PRECISION = 6


def initiative_feature(initiative: Initiative, *, page_url: str) -> dict[str, Any]:
    assert initiative.latitude is not None and initiative.longitude is not None
    place = initiative.place
    return {
        "type": "Feature",
        "id": initiative.slug,
        "geometry": {
            "type": "Point",
            "coordinates": [
                round(initiative.longitude, PRECISION),
                round(initiative.latitude, PRECISION),
            ],
        },
        "properties": {
            "name": initiative.name,
            "kind": initiative.kind,
            "kind_label": str(initiative.get_kind_display()),
            "commune": place.name if place else initiative.commune,
            "commune_code": place.code if place else None,
            "postcode": initiative.postcode,
            "address": initiative.address,
            "opening_hours": initiative.opening_hours,
            "access_transport": initiative.access_transport,
            "step_free_access": initiative.step_free_access,
            "welcomes_newcomers": initiative.welcomes_newcomers,
            "first_visit": initiative.first_visit,
            "url": page_url,
        },
    }


def initiatives_feature_collection(
    initiatives: Iterable[Initiative], *, page_url: Callable[[Initiative], str]
) -> dict[str, Any]:
    """The collection of these initiatives (each must have a point)."""
    return {
        "type": "FeatureCollection",
        "name": "initiatives",
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "features": [
            initiative_feature(initiative, page_url=page_url(initiative))
            for initiative in initiatives
        ],
    }
