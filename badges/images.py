"""Images of issuers and badge classes: checked by content, stored as PNG (and sanitised SVG).

Issuer images go through ``config.images.image_clean`` and are stored as PNG.

Badge class images may also be SVG. What a file is comes from its content, never its
name: a PNG called ``badge.svg`` is a PNG. An SVG is parsed with defusedxml (no DTD,
no entities: no "billion laughs", no external entity), then rebuilt from an
allow-list of elements and attributes (``badges.svg_sanitise``): scripts, event
handlers, ``foreignObject``, animations, external references and CSS that loads
anything are dropped; only ``#fragment`` references and embedded PNG/JPEG data stay.
The sanitised SVG is kept, and rendered to a PNG (with CairoSVG, which fetches
nothing) for baking and Open Badges 2.0.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

from badges.models import IMAGE_MAX_BYTES
from badges.svg_sanitise import SvgRefused, svg_sanitise
from config.images import CleanImage, image_clean

IMAGE_MAX_SIDE = 800
SVG_MAX_BYTES = 1024 * 1024
#: The PNG rendering of an SVG badge image: its longer side, in pixels.
SVG_PNG_SIDE = 512
#: An image embedded in an SVG is drawn only below this many pixels (decompression bombs).
EMBEDDED_MAX_PIXELS = 4_000_000
_NOTHING = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'

_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
_XML_START = re.compile(rb"^\s*(<\?xml|<!--|<!doctype|<svg)", re.IGNORECASE)


@dataclass(frozen=True)
class BadgeImage:
    """A badge class image that passed the checks: always a PNG, and the SVG it came from."""

    png: CleanImage
    svg: bytes | None = None


def as_png(image: CleanImage) -> CleanImage:
    """The same pixels as a PNG file (``image_clean`` gives JPEG for opaque images)."""
    if image.extension == "png":
        return image
    with Image.open(io.BytesIO(image.content)) as decoded:
        decoded.load()
        buffer = io.BytesIO()
        decoded.convert("RGB").save(buffer, format="PNG", optimize=True)
    return CleanImage(
        content=buffer.getvalue(), extension="png", width=image.width, height=image.height
    )


def issuer_image_clean(upload: IO[bytes]) -> CleanImage:
    """Check an uploaded issuer image by its content; return it as a PNG without metadata.

    Raises ``ValidationError`` with a message for the person who uploaded it.
    """
    return as_png(image_clean(upload, max_bytes=IMAGE_MAX_BYTES, max_side=IMAGE_MAX_SIDE))


def _is_raster(head: bytes) -> bool:
    return head.startswith(_RASTER_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _looks_like_svg(head: bytes) -> bool:
    """XML markup: an XML declaration, a comment, a DOCTYPE or an ``<svg>`` element first.

    The SVG parser then decides (a document whose root is not ``svg`` is refused).
    """
    return bool(_XML_START.match(head.removeprefix(b"\xef\xbb\xbf")))


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("This file is too big (%(size)s). The limit is %(limit)s: choose a smaller image."),
        code="too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
    )


def _read(upload: IO[bytes], limit: int) -> bytes:
    upload.seek(0)
    content = upload.read(limit + 1)
    upload.seek(0)
    if len(content) > limit:
        size = getattr(upload, "size", None) or len(content)
        raise _too_large(size, limit)
    return content


def badge_image_clean(upload: IO[bytes]) -> BadgeImage:
    """Check an uploaded badge class image by its content.

    PNG, JPEG, GIF and WebP are re-encoded as a PNG without metadata; SVG (1 MB at most)
    is sanitised and rendered to a PNG. Raises ``ValidationError`` with a message for
    the person who uploaded it.
    """
    upload.seek(0)
    head = upload.read(2048)
    if not _is_raster(head) and _looks_like_svg(head):
        return svg_image_clean(_read(upload, SVG_MAX_BYTES))
    content = _read(upload, IMAGE_MAX_BYTES)
    # Without the name nor the announced type: only the content decides.
    return BadgeImage(
        png=as_png(
            image_clean(io.BytesIO(content), max_bytes=IMAGE_MAX_BYTES, max_side=IMAGE_MAX_SIDE)
        )
    )


def svg_image_clean(content: bytes) -> BadgeImage:
    """Sanitise an SVG document and render it to a PNG (``ValidationError`` if refused)."""
    try:
        clean = svg_sanitise(content)
    except SvgRefused as refused:
        raise ValidationError(_svg_message(refused.code), code=f"svg_{refused.code}") from None
    png = svg_render_png(clean.svg, width=clean.width, height=clean.height)
    return BadgeImage(png=png, svg=clean.svg)


def _svg_message(code: str) -> str:
    messages = {
        "entities": _(
            "This SVG file declares a DTD or entities, which we refuse for safety. "
            "Export it again as plain SVG, or choose a PNG image."
        ),
        "not_svg": _(
            "This file is not an SVG image we can read. Choose an SVG, PNG or JPEG image."
        ),
        "size": _(
            "This SVG image has no size we can read: give its svg element a viewBox, "
            "or width and height in pixels."
        ),
        "too_complex": _(
            "This SVG image is too complex to draw. Simplify it, or choose a PNG image."
        ),
        "empty": _("Nothing is left to draw in this SVG image once made safe."),
    }
    return str(messages.get(code, messages["not_svg"]))


def _data_only_fetcher(url: str, resource_type: str) -> bytes:
    """CairoSVG's URL fetcher: embedded PNG or JPEG data only, never a file or the network."""
    from cairosvg.url import fetch

    if re.match(r"^data:image/(png|jpeg);base64,", url, re.IGNORECASE):
        data = bytes(fetch(url, resource_type))
        try:
            with Image.open(io.BytesIO(data)) as embedded:
                if embedded.width * embedded.height <= EMBEDDED_MAX_PIXELS:
                    return data
        except (OSError, ValueError, Image.DecompressionBombError):
            pass
    return _NOTHING


def svg_render_png(svg: bytes, *, width: float, height: float) -> CleanImage:
    """Render a sanitised SVG to a PNG whose longer side is ``SVG_PNG_SIDE`` pixels."""
    # The cairo C library is loaded only when an SVG is rendered.
    from cairosvg.surface import PNGSurface

    ratio = SVG_PNG_SIDE / max(width, height)
    out_width = max(1, round(width * ratio))
    out_height = max(1, round(height * ratio))
    try:
        content = PNGSurface.convert(
            bytestring=svg,
            output_width=out_width,
            output_height=out_height,
            url_fetcher=_data_only_fetcher,
        )
    except Exception as error:
        raise ValidationError(
            _(
                "We could not draw this SVG image. Export it again from your drawing "
                "software, or choose a PNG image."
            ),
            code="svg_render",
        ) from error
    with Image.open(io.BytesIO(content)) as rendered:
        size = rendered.size
    return CleanImage(content=bytes(content), extension="png", width=size[0], height=size[1])
