"""Uploaded images: checked by their content, never by their name, and re-encoded.

``image_clean`` refuses files that are too large, SVG (it can carry scripts)
and anything Pillow cannot decode as PNG, JPEG, GIF or WebP. What it returns is
a fresh PNG (when the image has transparency) or JPEG, built from the pixels
only: no EXIF (GPS position, camera, date), no ICC profile, no comments.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})
# Far below Pillow's own bomb limit: a 2 MB file has no business being 40 megapixels.
MAX_PIXELS = 40_000_000


def file_replace(field_file: FieldFile, new: File[bytes] | None, *, remove: bool) -> None:
    """Put ``new`` in a model's file field (not saved: the caller saves the row), or empty
    the field when ``remove``; the file it held is deleted once the transaction commits, so
    that a rolled-back change keeps it."""
    old = field_file.name or ""
    if new is not None:
        field_file.save(new.name or "file", new, save=False)
    elif remove:
        setattr(field_file.instance, field_file.field.attname, None)
    if old and (new is not None or remove):
        storage = field_file.storage
        transaction.on_commit(lambda: storage.delete(old))


@dataclass(frozen=True)
class CleanImage:
    """An image that passed the checks, re-encoded; ready to be stored."""

    content: bytes
    extension: str
    width: int
    height: int

    def as_file(self) -> ContentFile[bytes]:
        """A file with a random name, so that names reveal nothing and never collide."""
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")


def _looks_like_svg(head: bytes, name: str, content_type: str) -> bool:
    lowered = head.lstrip().lower()
    return (
        name.lower().endswith((".svg", ".svgz"))
        or "svg" in content_type.lower()
        or b"<svg" in lowered
        or (lowered.startswith(b"<?xml") and b"<!doctype svg" in lowered)
    )


def image_clean(upload: IO[bytes], *, max_bytes: int, max_side: int) -> CleanImage:
    """Check an uploaded image by its content and return it re-encoded without metadata.

    Raises ``ValidationError`` (codes ``too_large``, ``svg``, ``not_image``,
    ``format``, ``too_many_pixels``) with a message meant for the person who
    uploaded it.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > max_bytes:
        raise ValidationError(
            _("This file is too big (%(size)s). The limit is %(limit)s: choose a smaller image."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    name = str(getattr(upload, "name", "") or "")
    content_type = str(getattr(upload, "content_type", "") or "")
    if _looks_like_svg(head, name, content_type):
        raise ValidationError(
            _(
                "SVG images are not accepted, because they can hide programs. "
                "Save your image as PNG or JPEG and choose it again."
            ),
            code="svg",
        )
    not_an_image = ValidationError(
        _("This file is not an image we can read. Choose a PNG, JPEG, GIF or WebP image."),
        code="not_image",
    )
    try:
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _(
                        "Images in %(format)s are not accepted. "
                        "Choose a PNG, JPEG, GIF or WebP image."
                    ),
                    code="format",
                    params={"format": probe.format or "?"},
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("This image has too many pixels. Make it smaller and choose it again."),
                    code="too_many_pixels",
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.seek(0)  # the first frame of an animation
            image.load()
            return _reencode(image, max_side=max_side)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise not_an_image from None
    finally:
        upload.seek(0)


def _reencode(image: Image.Image, *, max_side: int) -> CleanImage:
    upright = ImageOps.exif_transpose(image) or image
    transparent = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    converted = upright.convert("RGBA" if transparent else "RGB")
    converted.thumbnail((max_side, max_side))
    # A new image from the pixels alone: nothing of the original file's metadata survives.
    fresh = Image.frombytes(converted.mode, converted.size, converted.tobytes())
    buffer = io.BytesIO()
    if transparent:
        fresh.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        fresh.save(buffer, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    return CleanImage(
        content=buffer.getvalue(), extension=extension, width=fresh.width, height=fresh.height
    )
