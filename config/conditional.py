"""Conditional GETs of public documents: strong ``ETag``, ``Last-Modified``, ``304``.

A document served as stored (an award's credential, a signed status list) keeps the SHA-256
of its text next to it. ``body_unless_fresh`` (given the request's ``request_validators``) is
the column to select for the text: the column itself, or ``NULL`` when the request's
``If-None-Match`` (or, without it, ``If-Modified-Since``) already matches the row, so the one
query that answers a revalidation reads the digest and dates, never the text.
``document_response`` then answers ``304`` (the validators match), the document, or ``None``
when it needs a text it was not given (the database and the request disagreed: the caller
reads the text and calls it again).

``text_digest`` gives the digest of a document built on request (an issuer profile): its
``ETag`` too, so a revalidation costs the build but not the transfer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.expressions import Combinable
from django.db.models.lookups import LessThan
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag

PUBLIC = "Access-Control-Allow-Origin"
_CSRF_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[^"]*')


def text_digest(text: str) -> str:
    """The SHA-256 (hex) of a served text: its ``ETag`` (quoted)."""
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Validators:
    """What a request sends to revalidate a copy: ``If-None-Match`` digests (``"*"``: any)
    and ``If-Modified-Since``; empty for a request that is not a GET or HEAD."""

    etags: tuple[str, ...] = ()
    modified_since: datetime | None = None


def request_validators(request: HttpRequest) -> Validators:
    if request.method not in ("GET", "HEAD"):
        return Validators()
    etags = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    seconds = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return Validators(
        etags=tuple(etag.removeprefix("W/").strip('"') for etag in etags),
        modified_since=None if seconds is None else datetime.fromtimestamp(seconds, tz=UTC),
    )


def body_unless_fresh(
    validators: Validators, *, body: str, digest: str, modified: str | Combinable | None = None
) -> F | Case:
    """The ``body`` column, or ``NULL`` for a row the request's validators already match.

    ``digest``: the column holding the SHA-256 of ``body``; ``modified``: the column (or
    expression) of its ``Last-Modified``, used when there is no ``If-None-Match``
    (RFC 9110: ``If-None-Match`` wins). A row without a digest never matches.
    """
    stored = ~Q(**{digest: ""})
    if validators.etags:
        condition = stored
        if "*" not in validators.etags:
            condition &= Q(**{f"{digest}__in": validators.etags})
    elif modified is not None and validators.modified_since is not None:
        # Last-Modified has a resolution of one second: 304 while it is ≤ the date sent.
        column = F(modified) if isinstance(modified, str) else modified
        condition = stored & Q(LessThan(column, validators.modified_since + timedelta(seconds=1)))
    else:
        return F(body)
    return Case(
        When(condition, then=Value(None, output_field=TextField())),
        default=F(body),
        output_field=TextField(),
    )


def document_response(
    request: HttpRequest,
    *,
    text: str | None,
    digest: str,
    media_type: str,
    cache_control: str,
    last_modified: datetime | None = None,
    vary_accept: bool = False,
) -> HttpResponseBase | None:
    """A public document (CORS ``*``) with its validators, or ``304`` when they match.

    ``None`` when the document must be sent but ``text`` is ``None`` (see the module).
    """
    response = HttpResponse(text or "", content_type=f"{media_type}; charset=utf-8")
    response["ETag"] = quote_etag(digest)
    timestamp = int(last_modified.timestamp()) if last_modified is not None else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = cache_control
    response[PUBLIC] = "*"
    if vary_accept:
        patch_vary_headers(response, ["Accept"])
    answer = (
        get_conditional_response(
            request, etag=response["ETag"], last_modified=timestamp, response=response
        )
        or response
    )
    if answer is response and text is None:
        return None
    if answer is not response:
        answer[PUBLIC] = "*"
    return answer


def text_response(
    request: HttpRequest,
    *,
    text: str,
    media_type: str,
    cache_control: str,
    last_modified: datetime | None = None,
    vary_accept: bool = False,
) -> HttpResponseBase:
    """A public document built on request, its digest as ``ETag`` (``304`` when current)."""
    response = document_response(
        request,
        text=text,
        digest=text_digest(text),
        media_type=media_type,
        cache_control=cache_control,
        last_modified=last_modified,
        vary_accept=vary_accept,
    )
    assert response is not None  # a text was given
    return response


def page_conditional_response(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    """A rendered page with the digest of its body (CSRF token aside) as ``ETag``: ``304``
    when the visitor's copy is the same (the page was built, but is not sent again). Its
    ``Cache-Control`` stays the page's (``config.headers``: private)."""
    if response.status_code != 200 or response.streaming:
        return response
    # The CSRF token of its forms is masked anew at each rendering (BREACH): left out of the
    # digest, since any masking of the visitor's token is as good as another.
    content = _CSRF_VALUE.sub(b"", response.content)
    response["ETag"] = quote_etag(hashlib.sha256(content).hexdigest())
    return get_conditional_response(request, etag=response["ETag"], response=response) or response
