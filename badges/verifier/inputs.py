"""From what a visitor gives (a file or a URL) to a report.

A file is recognised by its content, never by its name: JSON (a credential, a standalone
EndorsementCredential or ClrCredential, or an OB 2.0 assertion), a compact JWS (a VC-JWT,
or a signed OB 2.0 assertion: ``.jwt`` files), or a PNG / SVG image with a badge baked in
(``badges.baking.unbake``; JSON, a URL or a JWS). A URL
is fetched safely (``badges.fetch``); what it answers is read the same way. Bad input
raises ``VerifierInputError`` with a translated message for people.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from badges.baking import PNG_SIGNATURE, BakingError, unbake
from badges.crypto import jose
from badges.fetch import FetchError, fetch_url
from badges.verifier.clr import verify_clr
from badges.verifier.ob2 import is_ob2_assertion, verify_ob2
from badges.verifier.ob2_signed import verify_ob2_signed
from badges.verifier.ob3 import (
    is_clr_credential,
    is_endorsement_credential,
    is_ob3_credential,
    verify_ob3,
)
from badges.verifier.report import Check, CheckStatus, VerificationReport

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
URL_ACCEPT = (
    "application/ld+json, application/vc+ld+json;q=0.9, application/json;q=0.9, "
    "image/png;q=0.8, image/svg+xml;q=0.8"
)
BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"


class VerifierInputError(ValueError):
    """What the visitor gave cannot be verified; ``message`` is for them."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def is_verifiable(document: Any) -> bool:
    """A document this verifier reads: an OB 3.0, endorsement or CLR credential, or an OB
    2.0 assertion."""
    return (
        is_ob3_credential(document)
        or is_endorsement_credential(document)
        or is_clr_credential(document)
        or is_ob2_assertion(document)
    )


def verify_credential(
    credential: dict[str, Any],
    *,
    email: str = "",
    now: datetime | None = None,
    token: jose.CompactJws | None = None,
) -> VerificationReport:
    """The report of an OB 3.0 credential, a standalone EndorsementCredential or
    ClrCredential, or a hosted OB 2.0 assertion; ``token``: the VC-JWT it came in."""
    if token is None and is_ob2_assertion(credential):
        return verify_ob2(credential, email=email, now=now)
    if is_clr_credential(credential):
        return verify_clr(credential, verify_inner=_inner_verifier(now), now=now, token=token)
    return verify_ob3(credential, email=email, now=now, token=token)


#: ``data:`` URL prefixes of a VC 2.0 ``EnvelopedVerifiableCredential`` holding a VC-JWT
#: (VC-JOSE-COSE's media type, and its earlier name).
ENVELOPED_JWT_PREFIXES = ("data:application/vc+jwt,", "data:application/vc+ld+json+jwt,")


def enveloped_token(inner: Any) -> str | None:
    """The compact JWS an ``EnvelopedVerifiableCredential`` carries (None: not one)."""
    if not isinstance(inner, dict):
        return None
    types = inner.get("type")
    identifier = inner.get("id")
    if "EnvelopedVerifiableCredential" not in (types if isinstance(types, list) else [types]):
        return None
    if not isinstance(identifier, str):
        return None
    for prefix in ENVELOPED_JWT_PREFIXES:
        if identifier.startswith(prefix):
            return identifier[len(prefix) :]
    return None


def _inner_verifier(now: datetime | None) -> Any:
    def verify_inner(inner: Any) -> VerificationReport:
        if isinstance(inner, str):
            return verify_token(inner, now=now)
        token = enveloped_token(inner)  # a VC-JWT in a VC 2.0 envelope (portfolios' CLR)
        if token is not None:
            return verify_token(token, now=now)
        return verify_document(inner, now=now)

    return verify_inner


def verify_document(
    document: Any, *, email: str = "", now: datetime | None = None
) -> VerificationReport:
    """A parsed JSON document, once it is known to be a badge."""
    if is_verifiable(document):
        return verify_credential(document, email=email, now=now)
    raise VerifierInputError(
        _("This file is not a badge."),
        code="not_a_badge",
    )


def verify_token(token: str, *, email: str = "", now: datetime | None = None) -> VerificationReport:
    """A compact JWS: a VC-JWT (OB 3.0, endorsement, CLR) or a signed OB 2.0 assertion."""
    try:
        parsed = jose.parse(token)
    except jose.JoseError as error:
        raise VerifierInputError(str(error), code="bad_jwt") from error
    if is_ob2_assertion(parsed.payload):
        return verify_ob2_signed(parsed, email=email, now=now)
    credential, problems = jose.credential(parsed)
    if not is_verifiable(credential) or is_ob2_assertion(credential):
        raise VerifierInputError(_("This file is not a badge."), code="not_a_badge")
    report = verify_credential(credential, email=email, now=now, token=parsed)
    if problems:
        report.checks.insert(
            0,
            Check(
                "token",
                _("Signed form (JWT)"),
                CheckStatus.FAILED,
                " ".join(problems),
            ),
        )
    return report


def _parse_json(data: bytes | str) -> Any:
    try:
        raw = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise VerifierInputError(
            _("The badge file cannot be read: it is damaged or incomplete."),
            code="bad_json",
        ) from error


def _verify_payload(
    payload: str, version: str, *, email: str, now: datetime | None, hops: int
) -> VerificationReport:
    """What a baked image carries: JSON, a URL (OB 2.0) or a JWS."""
    payload = payload.strip()
    if payload.startswith("{"):
        document = _parse_json(payload)
        if version == "ob2" and isinstance(document, dict) and not is_ob2_assertion(document):
            document = {"type": "Assertion", **document}
        return verify_document(document, email=email, now=now)
    if urlsplit(payload).scheme in ("http", "https"):
        if version == "ob2":
            return verify_ob2(None, url=payload, email=email, now=now)
        return verify_url(payload, email=email, now=now, _hops=hops + 1)
    if jose.looks_like_jws(payload):
        return verify_token(payload, email=email, now=now)
    raise VerifierInputError(_("The badge in this image cannot be read."), code="bad_payload")


@dataclass(frozen=True)
class FileContent:
    """What a file holds, read by its content, never its name (``file_content``)."""

    kind: Literal["json", "jws", "png", "svg"]
    text: str = ""  # "json": the document's text; "jws": the compact token
    payload: str = ""  # "png", "svg": what is baked in the image
    version: str = ""  # "png", "svg": "ob2" or "ob3", the baking's


def file_content(data: bytes) -> FileContent:
    """Read an uploaded file (or the body of an address) by its content: a JSON document, a
    compact JWS, or a PNG or SVG image with a badge baked in; anything else, too large,
    damaged, or a picture without a badge raises ``VerifierInputError`` with a message for
    people. Shared by the verifier and the badges people add from elsewhere
    (``badges.received``), so that both read a file the same way."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise VerifierInputError(_("The file is too large (5 MB at most)."), code="too_large")
    head = data[:512].lstrip(BOM_AND_SPACE)
    if head.startswith((b"{", b"[")):
        try:
            return FileContent("json", text=data.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise VerifierInputError(
                _("The badge file cannot be read: it is damaged or incomplete."), code="bad_json"
            ) from error
    if head[:1].isalnum() and jose.looks_like_jws(data.decode("ascii", "replace")):
        return FileContent("jws", text=data.decode("ascii").strip())
    is_png = data.startswith(PNG_SIGNATURE)
    if not (is_png or head.startswith(b"<")):
        raise VerifierInputError(
            _("This file is neither a badge image (PNG or SVG) nor a badge file."),
            code="unknown_format",
        )
    try:
        unbaked = unbake(data)
    except BakingError as error:
        raise VerifierInputError(str(error), code="bad_image") from error
    if unbaked is None:
        raise VerifierInputError(
            _("This image does not contain a badge: it is only a picture."), code="no_badge"
        )
    return FileContent("png" if is_png else "svg", payload=unbaked.payload, version=unbaked.version)


def verify_bytes(
    data: bytes, *, email: str = "", now: datetime | None = None, _hops: int = 0
) -> VerificationReport:
    """An uploaded file (or the body of a URL): JSON, or a PNG/SVG with a baked badge."""
    content = file_content(data)
    if content.kind == "json":
        return verify_document(_parse_json(content.text), email=email, now=now)
    if content.kind == "jws":
        return verify_token(content.text, email=email, now=now)
    return _verify_payload(content.payload, content.version, email=email, now=now, hops=_hops)


def verify_url(
    url: str, *, email: str = "", now: datetime | None = None, _hops: int = 0
) -> VerificationReport:
    """The badge at ``url`` (this platform's or another site's)."""
    if _hops > 1:
        raise VerifierInputError(_("The badge points to another address again."), code="loop")
    try:
        result = fetch_url(url, max_bytes=MAX_UPLOAD_BYTES, accept=URL_ACCEPT)
    except FetchError as error:
        raise VerifierInputError(error.message, code="refused") from error
    if result.status == 410:
        # OB 2.0: a hosted assertion that answers "Gone" has been revoked.
        return verify_ob2(None, url=result.url, email=email, now=now)
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
    return verify_bytes(result.body, email=email, now=now, _hops=_hops)
