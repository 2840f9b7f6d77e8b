"""A badge earned elsewhere, as a person gives it: from a file or an address to the
credential to keep, unchanged.

The same inputs as the public "verify a badge" page (``badges.verifier.inputs``), read by
content, never by name: a JSON file (an OB 3.0, CLR or endorsement credential, or an OB 2.0
Assertion), a compact JWS (a VC-JWT or a signed OB 2.0 Assertion: ``.jwt`` files), a PNG or
SVG image with a badge baked in, or an address fetched with the safe fetcher
(``badges.fetch``: public addresses only, size and time limits). What comes out
(``Received``) is what ``external_credential_add`` stores:

- ``original``: the credential's text exactly as given (a JSON document is kept as its text,
  never re-serialised; a token as its compact form). For a baked image, the credential it
  carries; for an image or an address that carries only the address of an OB 2.0 hosted
  Assertion, the Assertion its issuer's site answers, as answered;
- ``image``: the baked image, byte for byte, so that it can be downloaded back unchanged;
- ``credential_id``: the credential's ``id`` (for a VC-JWT: its payload's, its ``vc``'s or
  ``jti``); one without an id is known by the SHA-256 of its text.

Nothing here checks signatures or stores anything: bad input raises ``VerifierInputError``
with a translated message for people.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from badges.crypto import jose
from badges.fetch import FetchError, fetch_url
from badges.models import CredentialFormat
from badges.verifier import VerifierInputError
from badges.verifier.inputs import (
    BOM_AND_SPACE,
    MAX_UPLOAD_BYTES,
    URL_ACCEPT,
    file_content,
    is_verifiable,
)
from badges.verifier.ob2 import is_ob2_assertion

MAX_ID_LENGTH = 500


@dataclass(frozen=True)
class Received:
    """What to keep of a badge given by its holder."""

    original: str
    format: str  # a CredentialFormat
    credential_id: str
    image: bytes | None = None  # the baked image, as given
    image_suffix: str = ""  # "png" or "svg"
    source_url: str = ""  # the address she gave


def _not_a_badge() -> VerifierInputError:
    return VerifierInputError(_("This file is not a badge."), code="not_a_badge")


def _identifier(document: dict[str, Any], original: str) -> str:
    wrapped = document.get("vc")
    vc: dict[str, Any] = wrapped if isinstance(wrapped, dict) else {}
    for candidate in (document.get("id"), vc.get("id"), document.get("jti")):
        if isinstance(candidate, str) and candidate.strip():
            identifier = candidate.strip()
            if len(identifier) > MAX_ID_LENGTH:
                raise VerifierInputError(
                    _("This badge’s identifier is too long to be kept."), code="id_too_long"
                )
            return identifier
    return "sha256:" + hashlib.sha256(original.encode("utf-8")).hexdigest()


def _from_json(text: str, *, ob2_hint: bool = False) -> Received:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise VerifierInputError(
            _("The badge file cannot be read: it is damaged or incomplete."), code="bad_json"
        ) from error
    if not isinstance(document, dict):
        raise _not_a_badge()
    if is_ob2_assertion(document) or (ob2_hint and "recipient" in document):
        return Received(text, CredentialFormat.OB2, _identifier(document, text))
    if not is_verifiable(document):
        raise _not_a_badge()
    return Received(text, CredentialFormat.JSON, _identifier(document, text))


def _from_token(token: str) -> Received:
    try:
        parsed = jose.parse(token)
    except jose.JoseError as error:
        raise VerifierInputError(str(error), code="bad_jwt") from error
    if is_ob2_assertion(parsed.payload):
        return Received(token, CredentialFormat.OB2_SIGNED, _identifier(parsed.payload, token))
    credential, _problems = jose.credential(parsed)
    if not is_verifiable(credential) or is_ob2_assertion(credential):
        raise _not_a_badge()
    return Received(token, CredentialFormat.JWT, _identifier(parsed.payload, token))


def _from_payload(payload: str, version: str, *, hops: int) -> Received:
    """What a baked image carries: JSON, a JWS, or the address of a badge."""
    payload = payload.strip()
    if payload.startswith("{"):
        return _from_json(payload, ob2_hint=version == "ob2")
    if jose.looks_like_jws(payload):
        return _from_token(payload)
    if urlsplit(payload).scheme in ("http", "https"):
        return received_from_url(payload, _hops=hops + 1)
    raise VerifierInputError(_("The badge in this image cannot be read."), code="bad_payload")


def received_from_bytes(data: bytes, *, source_url: str = "", _hops: int = 0) -> Received:
    """A file she uploaded (or what an address answered), read as the verifier reads it."""
    content = file_content(data)
    if content.kind == "json":
        return _replace(_from_json(content.text), source_url=source_url)
    if content.kind == "jws":
        return _replace(_from_token(content.text), source_url=source_url)
    carried = _from_payload(content.payload, content.version, hops=_hops)
    return Received(
        original=carried.original,
        format=carried.format,
        credential_id=carried.credential_id,
        image=data,
        image_suffix=content.kind,
        source_url=source_url,
    )


def _replace(received: Received, *, source_url: str) -> Received:
    if not source_url:
        return received
    return Received(
        received.original,
        received.format,
        received.credential_id,
        received.image,
        received.image_suffix,
        source_url,
    )


def received_from_url(url: str, *, _hops: int = 0) -> Received:
    """The badge at ``url``, fetched safely (public addresses only, 5 MB, the fetcher's
    time limit)."""
    if _hops > 1:
        raise VerifierInputError(_("The badge points to another address again."), code="loop")
    try:
        result = fetch_url(url, max_bytes=MAX_UPLOAD_BYTES, accept=URL_ACCEPT)
    except FetchError as error:
        raise VerifierInputError(error.message, code="refused") from error
    if result.status == 410:
        raise VerifierInputError(
            _("The issuer’s site answers that this badge no longer exists: it was revoked."),
            code="gone",
        )
    if not result.ok:
        raise VerifierInputError(
            _("The address answered with an error (HTTP %(status)s): no badge there.")
            % {"status": result.status},
            code="http_error",
        )
    if result.content_type == "text/html" or result.body.lstrip(BOM_AND_SPACE)[:15].lower() in (
        b"<!doctype html>",
    ):
        raise VerifierInputError(
            _("This address leads to a web page, not to a badge."), code="web_page"
        )
    received = received_from_bytes(result.body, _hops=_hops)
    return _replace(received, source_url=url if _hops == 0 else "")
