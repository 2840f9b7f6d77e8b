"""Issuer images: checked like every upload (``portfolios.images.image_clean``), stored as PNG.

Open Badges 2.0 accepts PNG or SVG images; SVG uploads are refused (they can
carry scripts), so issuer images are always PNG files.
"""

from __future__ import annotations

import io
from typing import IO

from PIL import Image

from badges.models import IMAGE_MAX_BYTES
from portfolios.images import CleanImage, image_clean

IMAGE_MAX_SIDE = 800


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
