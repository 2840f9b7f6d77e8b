"""Evidence files: checked by their content on the way in, served safely on the way out.

Accepted: images (JPEG, PNG, GIF, WebP), re-encoded without metadata by
:func:`config.images.image_clean`, and PDF documents, recognised by their
``%PDF-`` signature and a light parse of their structure (the cross-reference
table that ``startxref`` points at, objects, the ``%%EOF`` marker). The name
and the declared type of an upload are never trusted: a text renamed
``photo.png`` is refused, an SVG is refused (it can carry scripts).

A PDF that can do things by itself is **refused**, not repaired: JavaScript, actions that
launch programs, import data or open other documents, actions that run when it is opened
or a page is shown, attached files, multimedia and XFA forms (:func:`pdf_active_content`,
which reads every object with pypdf, compressed object streams included, escaped names
such as ``/J#61vaScript`` decoded). Repairing would mean rewriting a document that
endorsers and advisors will read as a proof; a volunteer gets a clear message and prints the
document again as a plain PDF ("Save as PDF"), which drops all of it.

Stored files get a random name; the original name is kept for display only.
They are never served from ``MEDIA_URL``: :func:`evidence_file_response`
answers for a view that has already checked who may see the evidence.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from community.models import EVIDENCE_MAX_BYTES, Evidence
from config.images import image_clean

#: Photos are reduced to this many pixels on their longest side (plenty for a proof).
EVIDENCE_IMAGE_MAX_SIDE = 2400
#: What the file input offers (a hint for the browser; the content decides).
EVIDENCE_ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf,.pdf"

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}

_PDF_HEADER = re.compile(rb"\A%PDF-[12]\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_XREF_TARGET = re.compile(rb"\s*(?:xref\b|\d+\s+\d+\s+obj\b)")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


@dataclass(frozen=True)
class CleanFile:
    """An uploaded file that passed the checks, ready to be stored."""

    content: bytes
    extension: str
    original_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]

    @property
    def size(self) -> int:
        return len(self.content)

    def as_file(self) -> ContentFile[bytes]:
        """The content under a random name: names reveal nothing and never collide."""
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")


def _not_readable() -> ValidationError:
    return ValidationError(
        _(
            "This file is not a photo or a PDF document that we can read. "
            "Choose a JPEG, PNG, GIF or WebP image, or a PDF."
        ),
        code="not_image",
    )


def _original_name(upload: IO[bytes]) -> str:
    """The file's own name without any folder, shortened to fit (for display only)."""
    name = PurePath(str(getattr(upload, "name", "") or "").replace("\\", "/")).name
    name = "".join(char for char in name if char.isprintable()).strip()
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 190 - len(extension)]}…{dot}{extension}" if dot else name[:200]
    return name


def _upload_size(upload: IO[bytes]) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    return int(size)


def pdf_looks_valid(content: bytes) -> bool:
    """A light parse: a PDF header, ``%%EOF`` at the end, ``startxref`` pointing at a
    cross-reference table or stream, and at least one object."""
    if not _PDF_HEADER.match(content):
        return False
    tail = content[-2048:]
    matches = list(_STARTXREF.finditer(tail))
    if not matches:
        return False
    offset = int(matches[-1].group(1))
    if not 0 < offset < len(content):
        return False
    # Some writers are a few bytes off; readers tolerate it, so do we.
    window = content[max(offset - 8, 0) : offset + 64]
    if not any(_XREF_TARGET.match(window, start) for start in range(min(len(window), 16))):
        return False
    return _OBJECT.search(content, 0, min(len(content), 1024 * 1024)) is not None


# What a PDF may not hold, by the PDF name that marks it, and how a volunteer reads it.
ACTIVE_JAVASCRIPT = "javascript"
ACTIVE_LAUNCH = "launch"
ACTIVE_FILES = "files"
ACTIVE_AUTOMATIC = "automatic"
ACTIVE_MEDIA = "media"
ACTIVE_NAMES: dict[str, str] = {
    "/JavaScript": ACTIVE_JAVASCRIPT,
    "/JS": ACTIVE_JAVASCRIPT,
    "/XFA": ACTIVE_JAVASCRIPT,  # XML forms run scripts of their own
    "/Launch": ACTIVE_LAUNCH,
    "/ImportData": ACTIVE_LAUNCH,
    "/GoToR": ACTIVE_LAUNCH,
    "/GoToE": ACTIVE_FILES,
    "/EmbeddedFile": ACTIVE_FILES,
    "/EmbeddedFiles": ACTIVE_FILES,
    "/FileAttachment": ACTIVE_FILES,
    "/RichMedia": ACTIVE_MEDIA,
    "/Movie": ACTIVE_MEDIA,
    "/Sound": ACTIVE_MEDIA,
}
#: Actions run without a click: when the document opens (``/OpenAction``), or on page,
#: form or document events (``/AA``). Only a plain jump inside the document is harmless.
AUTOMATIC_KEYS = ("/OpenAction", "/AA")
HARMLESS_ACTIONS = ("/GoTo",)
ACTIVE_WORDS = {
    ACTIVE_JAVASCRIPT: _("a program (JavaScript)"),
    ACTIVE_LAUNCH: _("an action that opens another program or document"),
    ACTIVE_FILES: _("attached files"),
    ACTIVE_AUTOMATIC: _("an action that runs by itself when the document is opened"),
    ACTIVE_MEDIA: _("sound or video"),
}
_MAX_DEPTH = 40


def _automatic(value: object) -> bool:
    """An ``/OpenAction`` or ``/AA`` value that does more than jump inside the document."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    if isinstance(value, ArrayObject):  # an explicit destination: a page to show
        return False
    if not isinstance(value, DictionaryObject):
        return True
    if "/S" in value:  # one action
        return value.get("/S") not in HARMLESS_ACTIONS or "/Next" in value
    return bool(value)  # /AA: a dictionary of events, each with its action


def _walk(value: object, found: set[str], seen: set[int], depth: int = 0) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, IndirectObject):
        if value.idnum in seen:
            return
        seen.add(value.idnum)
        value = value.get_object()
    if isinstance(value, NameObject) and str(value) in ACTIVE_NAMES:
        found.add(ACTIVE_NAMES[str(value)])
    elif isinstance(value, DictionaryObject):
        for key, item in value.items():
            if key in ACTIVE_NAMES:
                found.add(ACTIVE_NAMES[key])
            if key in AUTOMATIC_KEYS and _automatic(item):
                found.add(ACTIVE_AUTOMATIC)
            _walk(item, found, seen, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            _walk(item, found, seen, depth + 1)


def pdf_active_content(content: bytes) -> set[str]:
    """What in this PDF could run or open something (``ACTIVE_*``); empty for a plain
    document. Raises ``ValueError`` when the PDF cannot be read through (damaged, or
    encrypted with a password)."""
    found: set[str] = set()
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("encrypted with a password")
        seen: set[int] = set()
        _walk(reader.trailer, found, seen)
        for number in range(1, int(reader.trailer.get("/Size", 0))):
            if number not in seen:
                seen.add(number)
                _walk(reader.get_object(number), found, seen)
    except (PyPdfError, KeyError, TypeError, AttributeError, RecursionError, OSError) as error:
        raise ValueError(str(error)) from error
    return found


def evidence_file_clean(upload: IO[bytes], *, max_bytes: int = EVIDENCE_MAX_BYTES) -> CleanFile:
    """Check an uploaded evidence file by its content.

    Raises ``ValidationError`` (codes ``too_large``, ``svg``, ``not_image``,
    ``format``, ``too_many_pixels``, ``not_pdf``) with a message meant for the
    person who uploaded it.
    """
    size = _upload_size(upload)
    if size > max_bytes:
        raise ValidationError(
            _(
                "This file is too big (%(size)s). The limit is %(limit)s. "
                "Choose a smaller file, or add a link to it instead."
            ),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    if size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    original_name = _original_name(upload)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        content = upload.read()
        upload.seek(0)
        damaged = ValidationError(
            _(
                "This PDF document is damaged, incomplete or protected by a password: we "
                "cannot read it. Save it again as PDF and choose it again."
            ),
            code="not_pdf",
        )
        if not pdf_looks_valid(content):
            raise damaged
        try:
            active = pdf_active_content(content)
        except ValueError:
            raise damaged from None
        if active:
            what = [ACTIVE_WORDS[kind] for kind in ACTIVE_WORDS if kind in active]
            contains = _("This PDF contains %(what)s.") % {"what": ", ".join(map(str, what))}
            advice = _(
                "For the safety of the people who will read it, we only accept plain "
                "documents: open it, print it again as a PDF (“Save as PDF”) and choose "
                "the new file, or add a link to it instead."
            )
            raise ValidationError(f"{contains} {advice}", code="pdf_active")
        return CleanFile(content=content, extension="pdf", original_name=original_name)
    try:
        image = image_clean(upload, max_bytes=max_bytes, max_side=EVIDENCE_IMAGE_MAX_SIDE)
    except ValidationError as error:
        if error.code == "not_image":
            raise _not_readable() from None
        raise
    return CleanFile(content=image.content, extension=image.extension, original_name=original_name)


def evidence_download_name(evidence: Evidence) -> str:
    """The original name, with the extension of what is really stored."""
    stored_extension = PurePath(evidence.file.name or "").suffix
    stem = PurePath(evidence.original_name).stem if evidence.original_name else ""
    return f"{stem or 'evidence'}{stored_extension}"


def evidence_file_response(evidence: Evidence) -> FileResponse:
    """The stored file of ``evidence``, for a view that checked who may see it.

    Images are shown in the page (``inline``); PDFs are downloaded
    (``attachment``) so that their scripts, if any, never run in our origin.
    ``nosniff`` and a sandboxing Content-Security-Policy stop the browser from
    reading the file as anything else.
    """
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not evidence.is_image,
        filename=evidence_download_name(evidence),
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
