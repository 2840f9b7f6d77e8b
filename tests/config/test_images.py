"""Uploaded images are checked by content and re-encoded without metadata."""

from __future__ import annotations

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from config.images import image_clean
from tests.community.factories.initiatives import image_upload

MB = 1024 * 1024
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def clean(upload, max_bytes: int = 2 * MB):
    return image_clean(upload, max_bytes=max_bytes, max_side=800)


def big_noisy_png(megabytes: float) -> SimpleUploadedFile:
    """A genuine PNG of random pixels: it does not compress, so it stays big."""
    side = int((megabytes * MB / 3) ** 0.5) + 1
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def error_code(upload) -> str | None:
    with pytest.raises(ValidationError) as caught:
        clean(upload)
    return caught.value.code


def test_a_png_with_transparency_stays_png():
    result = clean(image_upload("logo.png", fmt="PNG"))
    assert result.extension == "png"
    assert Image.open(io.BytesIO(result.content)).format == "PNG"


def test_a_jpeg_is_reencoded_without_exif():
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0132] = "2025:01:01 10:00:00"  # DateTime
    upload = image_upload("photo.jpg", fmt="JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(upload.read())).getexif()  # the original has EXIF
    upload.seek(0)
    result = clean(upload)
    reopened = Image.open(io.BytesIO(result.content))
    assert reopened.format == "JPEG"
    assert not reopened.getexif()
    assert "exif" not in reopened.info


def test_the_exif_orientation_is_applied_before_it_is_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°: the upright image is taller than wide
    result = clean(image_upload("photo.jpg", size=(60, 20), fmt="JPEG", exif=exif.tobytes()))
    assert (result.width, result.height) == (20, 60)


def test_large_images_are_scaled_down():
    result = clean(image_upload("big.png", size=(2000, 1000)))
    assert max(result.width, result.height) == 800


def test_a_3_mb_image_is_refused_as_too_big():
    upload = big_noisy_png(3)
    assert (upload.size or 0) > 3 * MB
    with pytest.raises(ValidationError) as caught:
        clean(upload)
    assert caught.value.code == "too_large"
    assert "2" in caught.value.messages[0]  # the limit is stated


def test_a_text_file_renamed_png_is_refused():
    upload = SimpleUploadedFile("logo.png", b"just some text\n" * 20, content_type="image/png")
    assert error_code(upload) == "not_image"


def test_a_truncated_image_is_refused():
    data = image_upload("logo.png", size=(200, 200)).read()
    upload = SimpleUploadedFile("logo.png", data[: len(data) // 2], content_type="image/png")
    assert error_code(upload) == "not_image"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("logo.svg", "image/svg+xml"), ("logo.png", "image/png"), ("logo", "")],
)
def test_svg_is_refused_whatever_its_name(name, content_type):
    upload = SimpleUploadedFile(name, SVG_WITH_SCRIPT, content_type=content_type)
    assert error_code(upload) == "svg"


def test_other_image_formats_are_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="BMP")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    assert error_code(upload) == "format"


def test_the_first_frame_of_an_animated_gif_is_kept():
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "blue")]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    result = clean(SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif"))
    assert result.extension in {"png", "jpg"}
    assert not getattr(Image.open(io.BytesIO(result.content)), "is_animated", False)
