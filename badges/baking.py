"""Baked badges: a credential embedded in its badge image (PNG or SVG), both versions.

Pure functions on bytes (no models, no database):

- Open Badges 2.0 (``ob_v2p0/baking``): PNG = one ``iTXt`` chunk with keyword
  ``openbadges`` (written by ``openbadges_bakery``); SVG = ``xmlns:openbadges=
  "http://openbadges.org"`` and a first child ``<openbadges:assertion verify="…">``
  holding the Assertion JSON in CDATA.
- Open Badges 3.0 (``ob_v3p0/docformat``): PNG = one uncompressed ``iTXt`` chunk with
  keyword ``openbadgecredential``; SVG = ``xmlns:openbadges=
  "https://purl.imsglobal.org/ob/v3p0"`` and ``<openbadges:credential>`` right after
  ``<svg>`` with the credential JSON in CDATA.

An image carries at most one baked badge: baking removes any previous one (either
version, ``iTXt`` or ``tEXt``, either SVG element). ``unbake`` detects the format by
content and raises ``BakingError`` (a translated message for people) for a file that is
corrupt, too large, or neither PNG nor SVG. XML is parsed with defusedxml (no entities,
no external references).
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from dataclasses import dataclass
from typing import Literal
from xml.dom import Node
from xml.dom.minidom import CDATASection, Document, Element
from xml.parsers.expat import ExpatError

import png
from defusedxml import DefusedXmlException
from defusedxml.minidom import parseString
from django.utils.html import escape
from django.utils.translation import gettext as _
from openbadges_bakery import png_bakery

Version = Literal["ob2", "ob3"]

MAX_BYTES = 5 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_MEDIA_TYPE = "image/png"
SVG_MEDIA_TYPE = "image/svg+xml"
SVG_NS = "http://www.w3.org/2000/svg"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"
OB2_SVG_NS = "http://openbadges.org"
OB3_SVG_NS = "https://purl.imsglobal.org/ob/v3p0"
PNG_KEYWORDS: dict[bytes, Version] = {b"openbadges": "ob2", b"openbadgecredential": "ob3"}
SVG_ELEMENTS: dict[str, Version] = {"assertion": "ob2", "credential": "ob3"}
CDATA_END = "]]>"


class BakingError(ValueError):
    """The image cannot be baked or read; the message is meant for people."""


@dataclass(frozen=True)
class Unbaked:
    """What a baked image carries: the version, the text baked in, the image's type."""

    version: Version
    payload: str
    media_type: str


# --- PNG ---


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if len(data) > MAX_BYTES:
        raise BakingError(_("The image is too large (5 MB at most)."))
    if not data.startswith(PNG_SIGNATURE):
        raise BakingError(_("This file is not a PNG image."))
    try:
        chunks = [(bytes(kind), bytes(body)) for kind, body in png.Reader(bytes=data).chunks()]
    except (png.Error, ValueError, EOFError, struct.error) as error:
        raise BakingError(_("The PNG image is damaged and cannot be read.")) from error
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise BakingError(_("The PNG image is damaged and cannot be read."))
    return chunks


def _baked_version(kind: bytes, body: bytes) -> Version | None:
    """The version of a baked chunk (``iTXt``/``tEXt`` with a badge keyword), else None."""
    if kind not in (b"iTXt", b"tEXt"):
        return None
    return PNG_KEYWORDS.get(body.split(b"\x00", 1)[0])


def _chunk_text(kind: bytes, body: bytes) -> str:
    """The text of an ``iTXt`` (UTF-8, maybe compressed) or ``tEXt`` (Latin-1) chunk."""
    too_large = False
    try:
        if kind == b"tEXt":
            return body.split(b"\x00", 1)[1].decode("latin-1")
        _keyword, rest = body.split(b"\x00", 1)
        compressed, _method, rest = rest[0], rest[1], rest[2:]
        _language, _translated, text = rest.split(b"\x00", 2)
        if compressed:
            inflater = zlib.decompressobj()
            text = inflater.decompress(text, MAX_BYTES)
            too_large = bool(inflater.unconsumed_tail)
        if not too_large:
            return text.decode("utf-8")
    except (IndexError, ValueError, zlib.error) as error:
        raise BakingError(_("The PNG image is damaged and cannot be read.")) from error
    raise BakingError(_("The image is too large (5 MB at most)."))


def _png_unbake(data: bytes) -> Unbaked | None:
    found: dict[Version, str] = {}
    for kind, body in _png_chunks(data):
        version = _baked_version(kind, body)
        # An iTXt chunk wins over a tEXt one (as in openbadges_bakery).
        if version is not None and (version not in found or kind == b"iTXt"):
            found[version] = _chunk_text(kind, body)
    for version in ("ob3", "ob2"):
        if version in found:
            return Unbaked(version=version, payload=found[version], media_type=PNG_MEDIA_TYPE)
    return None


def _png_write(chunks: list[tuple[bytes, bytes]]) -> bytes:
    buffer = io.BytesIO()
    png.write_chunks(buffer, chunks)
    return buffer.getvalue()


def bake_png(image: bytes, payload: str, *, version: Version) -> bytes:
    """The PNG with ``payload`` baked in (one chunk; any previous baked chunk removed)."""
    chunks = [chunk for chunk in _png_chunks(image) if _baked_version(*chunk) is None]
    if version == "ob2":
        return png_bakery.bake(io.BytesIO(_png_write(chunks)), payload, io.BytesIO()).read()
    # iTXt: keyword, NUL, compression flag 0, method 0, empty language, NUL, empty
    # translated keyword, NUL, UTF-8 text (as openbadges_bakery writes it).
    body = b"openbadgecredential\x00\x00\x00\x00\x00" + payload.encode("utf-8")
    return _png_write([chunks[0], (b"iTXt", body), *chunks[1:]])


# --- SVG ---


def _svg_parse(data: bytes) -> tuple[Document, Element]:
    if len(data) > MAX_BYTES:
        raise BakingError(_("The image is too large (5 MB at most)."))
    try:
        # expat reads bytes (the XML declaration names their encoding); the stub says str.
        document = parseString(data)  # type: ignore[arg-type]
    except (DefusedXmlException, ExpatError, ValueError) as error:
        raise BakingError(_("The SVG image is damaged or unsafe and cannot be read.")) from error
    root = document.documentElement
    if root is None or (root.localName or root.tagName) != "svg":
        raise BakingError(_("This file is not an SVG image."))
    return document, root


def _baked_elements(root: Element) -> list[tuple[Element, Version]]:
    """The root's child elements that hold a baked badge, with their version."""
    found = []
    for node in root.childNodes:
        if node.nodeType != Node.ELEMENT_NODE:
            continue
        prefix, _sep, local = node.tagName.rpartition(":")
        namespace = node.namespaceURI or ""
        if local in SVG_ELEMENTS and (
            namespace in (OB2_SVG_NS, OB3_SVG_NS) or prefix == "openbadges"
        ):
            version: Version = "ob3" if namespace == OB3_SVG_NS else SVG_ELEMENTS[local]
            found.append((node, version))
    return found


def _svg_unbake(data: bytes) -> Unbaked | None:
    _document, root = _svg_parse(data)
    for element, version in sorted(_baked_elements(root), key=lambda item: item[1] != "ob3"):
        text = "".join(
            node.data
            for node in element.childNodes
            if node.nodeType in (Node.CDATA_SECTION_NODE, Node.TEXT_NODE)
        ).strip()
        verify = element.getAttribute("verify").strip()
        # JSON in CDATA (hosted OB 2.0, OB 3.0 JSON); else the JWS/URL in ``verify``.
        payload = text or verify
        if payload:
            return Unbaked(version=version, payload=payload, media_type=SVG_MEDIA_TYPE)
    return None


def _cdata_sections(document: Document, payload: str) -> list[CDATASection]:
    """``payload`` as CDATA sections: ``]]>`` is split across two sections."""
    parts = payload.split(CDATA_END)
    texts = [part if i == 0 else ">" + part for i, part in enumerate(parts)]
    texts = [text + "]]" if i < len(parts) - 1 else text for i, text in enumerate(texts)]
    return [document.createCDATASection(text) for text in texts]


def bake_svg(svg: bytes, payload: str, *, version: Version, verify_url: str = "") -> bytes:
    """The SVG with ``payload`` baked in as the first child of ``<svg>``.

    For OB 2.0, ``verify_url`` is the hosted Assertion's URL (the ``verify`` attribute).
    """
    document, root = _svg_parse(svg)
    for element, _version in _baked_elements(root):
        root.removeChild(element)
    namespace = OB2_SVG_NS if version == "ob2" else OB3_SVG_NS
    root.setAttributeNS(XMLNS_NS, "xmlns:openbadges", namespace)
    tag = "openbadges:assertion" if version == "ob2" else "openbadges:credential"
    element = document.createElementNS(namespace, tag)
    if version == "ob2" and verify_url:
        element.setAttribute("verify", verify_url)
    for section in _cdata_sections(document, payload):
        element.appendChild(section)
    root.insertBefore(element, root.firstChild)
    return document.toxml(encoding="utf-8")


def svg_wrapping_png(png_image: bytes, *, title: str) -> bytes:
    """A minimal SVG showing ``png_image`` (as a data URI), for baking a PNG-only badge."""
    chunks = [chunk for chunk in _png_chunks(png_image) if _baked_version(*chunk) is None]
    width, height = struct.unpack(">II", chunks[0][1][:8])
    data_uri = "data:image/png;base64," + base64.b64encode(_png_write(chunks)).decode("ascii")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
        f"<title>{escape(title)}</title>"
        f'<image width="{width}" height="{height}" xlink:href="{data_uri}"/>'
        "</svg>\n"
    ).encode()


# --- Both ---


def unbake(data: bytes) -> Unbaked | None:
    """What the PNG or SVG image ``data`` carries, or None when it carries no badge."""
    if len(data) > MAX_BYTES:
        raise BakingError(_("The image is too large (5 MB at most)."))
    if data.startswith(PNG_SIGNATURE):
        return _png_unbake(data)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _svg_unbake(data)
    raise BakingError(_("Only PNG and SVG images can carry a badge."))
