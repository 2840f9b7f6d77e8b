"""The default badge image: a sober round medal with the badge's initials (PNG).

Used for badge classes without an uploaded image: the Open Badges 2.0 BadgeClass needs an
``image``, and baked downloads need a picture to carry the credential. The drawing
depends only on the badge name (colour picked from a small palette by a hash of the name),
so the same name always gives the same pixels with the same Pillow version.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata

from PIL import Image, ImageDraw, ImageFont

SIZE = 400
# Dark, calm colours (white initials on them contrast at least 7:1).
PALETTE = ("#1d4f91", "#143a6b", "#1e6b3a", "#5b3a8c", "#7a2e3a", "#2f4858", "#6b4e16")
RIM = "#c9ced6"


def initials(name: str) -> str:
    """Up to two initials (ASCII letters or digits, accents removed) of the first words.

    The font bundled with Pillow has Latin letters without accents only.
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    letters = []
    for word in plain.split():
        first = next((char for char in word if char.isalnum()), "")
        if first:
            letters.append(first.upper())
        if len(letters) == 2:
            break
    return "".join(letters)


def default_badge_png(name: str) -> bytes:
    """The medal as PNG bytes (``SIZE`` by ``SIZE`` pixels, transparent around the disc)."""
    digest = hashlib.sha256(name.encode()).digest()
    colour = PALETTE[digest[0] % len(PALETTE)]
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin = 8
    draw.ellipse((margin, margin, SIZE - margin, SIZE - margin), fill=RIM)
    inner = margin + 18
    draw.ellipse((inner, inner, SIZE - inner, SIZE - inner), fill=colour)
    ring = inner + 14
    draw.ellipse((ring, ring, SIZE - ring, SIZE - ring), outline="#ffffff", width=4)
    text = initials(name)
    font = ImageFont.load_default(size=150 if len(text) < 2 else 130)
    draw.text((SIZE / 2, SIZE / 2), text, fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
