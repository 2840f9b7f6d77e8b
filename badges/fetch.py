"""Fetching a URL that a visitor gave (or that a badge names) without letting it reach inside.

``fetch_url(url)`` is the only way the verifier reads another site. It defends the server
against server-side request forgery:

- only ``http`` and ``https``, no user name or password in the URL;
- the host name is resolved ONCE and the connection is made to that address (no second
  lookup that a hostile DNS server could answer differently: no DNS rebinding); for
  ``https`` the certificate is still checked against the host name (SNI);
- addresses that are not public are refused: loopback, private, link-local (cloud
  metadata at 169.254.169.254), multicast, reserved, unspecified, shared (100.64/10), in
  IPv4 and IPv6, IPv4-mapped / 6to4 / Teredo IPv6 included; every address the name
  resolves to must be public. ``settings.DEBUG`` or ``settings.BADGE_FETCH_ALLOW_PRIVATE``
  lift this (development, tests, an intranet deployment);
- redirects are followed by hand (3 at most), each new URL checked again;
- the body is read in small pieces and refused beyond ``max_bytes``; the whole exchange
  (redirects included) is limited to ``timeout`` seconds;
- no cookies, no credentials, no compression (``Accept-Encoding: identity``).

Addresses of this platform (the origin of ``settings.SITE_URL``) are never fetched over
HTTP: their path is resolved with Django's ``resolve()`` and the public view that serves
it (an award's credential or page, an issuer document, a status list, an OB 2.0 document,
a baked image) is called in-process, as an anonymous visitor. So the answer is exactly
what the platform serves (a 410 for a revoked OB 2.0 assertion included), read from the
database, and a verifier on the server can never be made to call itself over the network.

Refusals raise ``FetchError`` with a translated message for people and a stable ``code``.
HTTP error statuses (404, 410…) are not refusals: they are returned in ``FetchResult``.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase, QueryDict
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

DEFAULT_ACCEPT = (
    "application/ld+json, application/vc+ld+json;q=0.9, application/json;q=0.9, "
    "image/png;q=0.8, image/svg+xml;q=0.8, */*;q=0.1"
)
MAX_REDIRECTS = 3
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 16 * 1024
USER_AGENT = "Jalons-badge-verifier/1.0"
# The public views of this platform that an address of it may lead to (namespace badges).
LOCAL_VIEWS = frozenset(
    {
        "award_ob3",
        "award_detail",
        "award_png",
        "award_svg",
        "issuer_detail",
        "issuer_detail_slash",
        "issuer_image",
        "status_list",
        "ob2_issuer",
        "ob2_revocation_list",
        "ob2_assertion",
        "ob2_assertion_png",
        "ob2_assertion_svg",
        "ob2_badge_class",
        "badge_class_image",
        "badge_class_endorsement_json",
    }
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A URL that was not fetched. ``message`` is translated, for people; ``code`` is stable:
    ``scheme``, ``url``, ``dns``, ``address``, ``connection``, ``timeout``, ``too_large``,
    ``redirects``, ``local``."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class FetchResult:
    """What an address answered: its final URL (after redirects), HTTP status, media type
    (without parameters, lower case) and body."""

    url: str
    status: int
    content_type: str
    body: bytes
    local: bool = False

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


# --- Checks ---------------------------------------------------------------------------------


def private_allowed() -> bool:
    return bool(settings.DEBUG or getattr(settings, "BADGE_FETCH_ALLOW_PRIVATE", False))


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def address_is_public(address: IPAddress) -> bool:
    """False for loopback, private, link-local, multicast, reserved, unspecified, shared…"""
    embedded = _embedded_ipv4(address)
    if embedded is not None and not address_is_public(embedded):
        return False
    return not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _refuse_address(address: IPAddress) -> None:
    if not private_allowed() and not address_is_public(address):
        raise FetchError(
            _(
                "This address leads to a private or reserved network (%(address)s): "
                "the verifier does not go there."
            )
            % {"address": address},
            code="address",
        )


def is_local_url(url: str) -> bool:
    """True when ``url`` has the origin (scheme, host, port) of ``settings.SITE_URL``."""
    return _origin(url) == _origin(settings.SITE_URL)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    default = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port or default


def _check_url(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(_("Only http:// and https:// addresses can be checked."), code="scheme")
    try:
        port = parts.port
    except ValueError:
        port = None
        valid = False
    else:
        valid = bool(parts.hostname)
    if not valid or parts.username is not None or parts.password is not None:
        raise FetchError(_("This web address is not valid."), code="url")
    assert parts.hostname is not None
    scheme = parts.scheme.lower()
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


def _resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    """Every address of ``host`` (one DNS lookup), each checked; the usable ones."""
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(
            _("The site %(host)s cannot be found.") % {"host": host}, code="dns"
        ) from error
    if not infos:
        raise FetchError(_("The site %(host)s cannot be found.") % {"host": host}, code="dns")
    if literal is not None:
        _refuse_address(literal)
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        _refuse_address(address)
    return infos


# --- HTTP to the resolved address -----------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already resolved and checked, not to the host name."""

    def __init__(self, host: str, port: int, *, info: tuple[Any, ...], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._info = info

    def _pinned_socket(self) -> socket.socket:
        family, kind, proto, _name, address = self._info
        sock = socket.socket(family, kind, proto)
        sock.settimeout(self.timeout)
        try:
            sock.connect(address)
        except BaseException:
            sock.close()
            raise
        return sock

    def connect(self) -> None:
        self.sock = self._pinned_socket()


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def __init__(self, host: str, port: int, *, info: tuple[Any, ...], timeout: float) -> None:
        super().__init__(host, port, info=info, timeout=timeout)
        self._context = ssl.create_default_context()

    def connect(self) -> None:
        # Server Name Indication and certificate check against the host name.
        self.sock = self._context.wrap_socket(self._pinned_socket(), server_hostname=self.host)


def _media_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _too_large(max_bytes: int) -> FetchError:
    return FetchError(
        _("The document is too large (more than %(size)s kB).") % {"size": max_bytes // 1000},
        code="too_large",
    )


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_("The site took too long to answer."), code="timeout")
    return left


def _cut(connection: http.client.HTTPConnection, expired: threading.Event) -> None:
    """At the deadline: wake up a read that is still waiting (the watchdog's job)."""
    expired.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _http_get(
    url: str, *, accept: str, max_bytes: int, deadline: float
) -> tuple[int, str, bytes, str | None]:
    """One GET: (status, media type, body, Location)."""
    scheme, host, port = _check_url(url)
    infos = _resolve(host, port)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    last_error: Exception | None = None
    for info in infos[:2]:
        connection = connection_class(host, port, info=info, timeout=_remaining(deadline))
        # The whole exchange ends at the deadline, even if the site sends one byte at a time.
        expired = threading.Event()
        watchdog = threading.Timer(_remaining(deadline), _cut, args=(connection, expired))
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.putrequest("GET", target, skip_accept_encoding=True)
            connection.putheader("Accept", accept)
            connection.putheader("Accept-Encoding", "identity")
            connection.putheader("User-Agent", USER_AGENT)
            connection.endheaders()
            response = connection.getresponse()
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise _too_large(max_bytes)
            body = bytearray()
            while True:
                if connection.sock is not None:
                    connection.sock.settimeout(_remaining(deadline))
                chunk = response.read1(CHUNK_BYTES)
                if not chunk:
                    break
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise _too_large(max_bytes)
            if expired.is_set():
                raise FetchError(_("The site took too long to answer."), code="timeout")
            return (
                response.status,
                _media_type(response.getheader("Content-Type")),
                bytes(body),
                response.getheader("Location"),
            )
        except FetchError:
            raise
        except TimeoutError as error:
            raise FetchError(_("The site took too long to answer."), code="timeout") from error
        except (OSError, http.client.HTTPException, ValueError) as error:
            if expired.is_set() or time.monotonic() >= deadline:
                raise FetchError(_("The site took too long to answer."), code="timeout") from error
            last_error = error
        finally:
            watchdog.cancel()
            connection.close()
    raise FetchError(
        _("The site %(host)s could not be reached.") % {"host": host}, code="connection"
    ) from last_error


# --- Addresses of this platform -------------------------------------------------------------


def _local_request(url: str, accept: str) -> HttpRequest:
    parts = urlsplit(url)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = parts.path
    request.META = {
        "REQUEST_METHOD": "GET",
        "HTTP_ACCEPT": accept,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "wsgi.url_scheme": parts.scheme,
    }
    request.GET = QueryDict(parts.query)
    request.user = AnonymousUser()
    return request


def _response_body(response: HttpResponseBase, max_bytes: int) -> bytes:
    try:
        if response.streaming:
            body = bytearray()
            for chunk in response.streaming_content:  # type: ignore[attr-defined]
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise _too_large(max_bytes)
            return bytes(body)
        content: bytes = response.content  # type: ignore[attr-defined]
        if len(content) > max_bytes:
            raise _too_large(max_bytes)
        return content
    finally:
        # Not ``response.close()``: it sends ``request_finished``, whose handler closes the
        # database connection in the middle of the visitor's own request (and breaks an
        # open transaction). Only the response's own resources (a file) are closed.
        for closer in getattr(response, "_resource_closers", []):
            closer()


def _local_get(url: str, *, accept: str, max_bytes: int) -> tuple[int, str, bytes, str | None]:
    """A GET of an address of this platform, answered by its view in-process."""
    not_a_badge = FetchError(
        _("This address of the platform does not lead to a badge."), code="local"
    )
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return 404, "", b"", None
    if match.namespace != "badges" or match.url_name not in LOCAL_VIEWS:
        raise not_a_badge
    try:
        response = match.func(_local_request(url, accept), *match.args, **match.kwargs)
    except Http404:
        return 404, "", b"", None
    except PermissionDenied:
        return 403, "", b"", None
    location = response.get("Location")
    return (
        response.status_code,
        _media_type(response.get("Content-Type")),
        _response_body(response, max_bytes),
        location,
    )


# --- Entry point ----------------------------------------------------------------------------


def fetch_url(
    url: str,
    *,
    max_bytes: int = 1_000_000,
    timeout: float = 5.0,
    accept: str = DEFAULT_ACCEPT,
) -> FetchResult:
    """GET ``url`` safely (see the module's docstring); raise ``FetchError`` when refused."""
    deadline = time.monotonic() + timeout
    current = url.strip()
    for _hop in range(MAX_REDIRECTS + 1):
        _check_url(current)
        local = is_local_url(current)
        if local:
            status, media_type, body, location = _local_get(
                current, accept=accept, max_bytes=max_bytes
            )
        else:
            status, media_type, body, location = _http_get(
                current, accept=accept, max_bytes=max_bytes, deadline=deadline
            )
        if status in REDIRECT_STATUSES and location:
            current = urljoin(current, location)
            continue
        return FetchResult(
            url=current, status=status, content_type=media_type, body=body, local=local
        )
    raise FetchError(_("The address redirects too many times."), code="redirects")
