"""Where the PDF's fonts and images come from: this site's own files, never the network.

WeasyPrint asks its URL fetcher for every stylesheet, font and image. ``LocalFetcher``
answers the URLs of this site (``settings.SITE_URL``) from local files, and refuses every
other one, so that rendering a portfolio makes no request and gives the same result on
any machine:

- ``STATIC_URL`` paths come from the static files (the fonts of ``static/fonts/``);
- ``MEDIA_URL`` paths are read through the storage API (the local folder or the S3 bucket:
  ``settings.STORAGES``), never outside it;
- the image of a badge class (``badges:badge_class_image``), its drawn default image
  (``badges:badge_class_default_image``) and the image of an award (``badges:award_png``,
  without the baked credential: the PDF shows the picture) are read through
  ``badges.api.badge_image_png``;
- ``data:`` URLs are decoded (no network either).

Anything else — another host, ``file:`` URLs, an unknown path — raises ``RefusedURL``:
WeasyPrint logs it and renders without the resource (an image shows its alt text).
"""

from __future__ import annotations

import mimetypes
import posixpath
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve
from weasyprint.urls import URLFetcher, URLFetcherResponse

from badges.api import BADGE_IMAGE_VIEWS, badge_image_png
from portfolios.pdf.fonts import static_file

PNG = "image/png"


class RefusedURL(ValueError):
    """A URL that the PDF may not load (not a file of this site)."""


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _path_prefix(url_setting: str) -> str | None:
    """The path part of ``STATIC_URL``/``MEDIA_URL`` when it is served by this site."""
    if not url_setting:
        return None
    parts = urlsplit(url_setting)
    if parts.netloc and _origin(url_setting) != _origin(settings.SITE_URL):
        return None
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return path if path.endswith("/") else path + "/"


def _media_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def stored_file(relative: str) -> tuple[bytes, str] | None:
    """A stored file by its name under ``MEDIA_URL``, through the storage API; None if absent
    or if the name leaves the storage."""
    name = posixpath.normpath(relative)
    if not relative or name.startswith(("/", "..")) or name == ".":
        return None
    try:
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
    except (OSError, SuspiciousFileOperation):
        return None
    return bytes(data), _media_type(name)


def local_resource(url: str) -> tuple[bytes, str] | None:
    """The bytes and media type of a URL of this site, read locally; None if unknown."""
    if _origin(url) != _origin(settings.SITE_URL):
        return None
    path = unquote(urlsplit(url).path)
    static_prefix = _path_prefix(settings.STATIC_URL)
    if static_prefix and path.startswith(static_prefix):
        file = static_file(path[len(static_prefix) :])
        return (file.read_bytes(), _media_type(file.name)) if file is not None else None
    media_prefix = _path_prefix(settings.MEDIA_URL)
    if media_prefix and path.startswith(media_prefix):
        return stored_file(path[len(media_prefix) :])
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name not in BADGE_IMAGE_VIEWS:
        return None
    data = badge_image_png(view_name=match.view_name, uuid=match.kwargs["uuid"])
    return (data, PNG) if data is not None else None


class LocalFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves this site's files and refuses the network."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "http", "https"))
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":  # decoded by urllib's DataHandler, no request
            return super().fetch(url, headers)
        found = local_resource(url) if scheme in ("http", "https") else None
        if found is None:
            self.refused.append(url)
            raise RefusedURL(f"Not a local file of this site, not loaded: {url}")
        data, media_type = found
        return URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})
