"""The maps' settings for pages and their CSP: the tile server and its attribution.

``MAP_TILE_URL`` is a Leaflet tile template (``https://{s}.tile.example.org/{z}/{x}/{y}.png``);
``map_tile_origin`` is what the page's Content-Security-Policy must allow for its images
(``{s}`` becomes a ``*.`` wildcard), and ``map_allow_tiles`` adds it to a view's answer.
"""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.http.response import HttpResponseBase

from config.headers import EXTRA_IMAGES

_R = TypeVar("_R", bound=HttpResponseBase)


def map_tile_origin() -> str:
    """The scheme and host of the tile server, as a CSP source; "" when none is set."""
    parts = urlsplit(settings.MAP_TILE_URL)
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc
    if "{" in host:
        # "{s}.tile.example.org" (and "a.{s}…"): every subdomain of what follows.
        host = "*." + host.rsplit("}", 1)[1].lstrip(".")
    return f"{parts.scheme}://{host}"


def map_allow_tiles(response: _R) -> _R:
    """Let this answer's page show the tile server's images (``config.headers``)."""
    origin = map_tile_origin()
    if origin:
        existing = tuple(getattr(response, EXTRA_IMAGES, ()))
        setattr(response, EXTRA_IMAGES, (*existing, origin))
    return response


def map_settings() -> dict[str, str]:
    """What a map script needs, for a page's ``data-`` attributes."""
    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
