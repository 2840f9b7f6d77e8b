"""Baking and unbaking badge images (``badges.baking``): both versions, PNG and SVG."""

from __future__ import annotations

import io
import json
import zlib
from pathlib import Path

import png
import pytest
from defusedxml.minidom import parseString
from PIL import Image

from badges.baking import (
    MAX_BYTES,
    BakingError,
    Unbaked,
    bake_png,
    bake_svg,
    svg_wrapping_png,
    unbake,
)

VECTORS = Path(__file__).parent / "vectors"
PAYLOAD = json.dumps(
    {"id": "https://example.org/a/1", "narrative": "Fête <b> & « ]]> » 🎉"},
    ensure_ascii=False,
    indent=2,
)


def _png(size: tuple[int, int] = (12, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (40, 90, 160, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


SVG = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
    b'<circle cx="5" cy="5" r="4" fill="#246"/></svg>'
)


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    return [(bytes(kind), bytes(body)) for kind, body in png.Reader(bytes=data).chunks()]


def _baked_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    return [
        (kind, body)
        for kind, body in _chunks(data)
        if kind in (b"iTXt", b"tEXt") and body.split(b"\x00")[0].startswith(b"openbadge")
    ]


# --- Round trips ---


@pytest.mark.parametrize("version", ["ob2", "ob3"])
def test_png_round_trip(version):
    baked = bake_png(_png(), PAYLOAD, version=version)

    assert unbake(baked) == Unbaked(version=version, payload=PAYLOAD, media_type="image/png")
    with Image.open(io.BytesIO(baked)) as image:  # still a valid image
        image.load()
        assert image.size == (12, 8)


@pytest.mark.parametrize(
    ("version", "keyword"), [("ob2", b"openbadges"), ("ob3", b"openbadgecredential")]
)
def test_png_chunk_is_an_uncompressed_itxt_right_after_the_header(version, keyword):
    chunks = _chunks(bake_png(_png(), PAYLOAD, version=version))

    assert chunks[0][0] == b"IHDR"
    kind, body = chunks[1]
    assert kind == b"iTXt"
    assert body == keyword + b"\x00\x00\x00\x00\x00" + PAYLOAD.encode()


@pytest.mark.parametrize("version", ["ob2", "ob3"])
def test_svg_round_trip(version):
    baked = bake_svg(SVG, PAYLOAD, version=version, verify_url="https://example.org/a/1")

    assert unbake(baked) == Unbaked(version=version, payload=PAYLOAD, media_type="image/svg+xml")


def test_svg_ob2_layout():
    baked = bake_svg(SVG, PAYLOAD, version="ob2", verify_url="https://example.org/a/1")

    root = parseString(baked).documentElement
    assert root.getAttribute("xmlns:openbadges") == "http://openbadges.org"
    first = next(node for node in root.childNodes if node.nodeType == node.ELEMENT_NODE)
    assert first.tagName == "openbadges:assertion"
    assert first.getAttribute("verify") == "https://example.org/a/1"
    assert b"<![CDATA[" in baked
    assert root.getElementsByTagName("circle")  # the drawing is kept


def test_svg_ob3_layout():
    baked = bake_svg(SVG, PAYLOAD, version="ob3")

    root = parseString(baked).documentElement
    assert root.getAttribute("xmlns:openbadges") == "https://purl.imsglobal.org/ob/v3p0"
    assert root.firstChild.tagName == "openbadges:credential"
    assert not root.firstChild.hasAttribute("verify")


def test_svg_payload_with_cdata_end_stays_well_formed():
    payload = '{"a": "]]>", "b": "x]]>]]>y"}'

    baked = bake_svg(SVG, payload, version="ob3")

    assert unbake(baked).payload == payload
    assert json.loads(unbake(baked).payload) == {"a": "]]>", "b": "x]]>]]>y"}


# --- At most one baked badge ---


@pytest.mark.parametrize("first", ["ob2", "ob3"])
@pytest.mark.parametrize("second", ["ob2", "ob3"])
def test_png_rebaking_replaces_the_previous_chunk(first, second):
    baked = bake_png(bake_png(_png(), "old", version=first), "new", version=second)

    assert len(_baked_chunks(baked)) == 1
    assert unbake(baked) == Unbaked(version=second, payload="new", media_type="image/png")


def test_png_baking_removes_legacy_text_chunks():
    base = _chunks(_png())
    legacy = [base[0], (b"tEXt", b"openbadges\x00https://example.org/old"), *base[1:]]
    buffer = io.BytesIO()
    png.write_chunks(buffer, legacy)
    assert unbake(buffer.getvalue()).payload == "https://example.org/old"

    baked = bake_png(buffer.getvalue(), "new", version="ob3")

    assert _baked_chunks(baked) == [(b"iTXt", b"openbadgecredential\x00\x00\x00\x00\x00new")]


@pytest.mark.parametrize("first", ["ob2", "ob3"])
@pytest.mark.parametrize("second", ["ob2", "ob3"])
def test_svg_rebaking_replaces_the_previous_element(first, second):
    baked = bake_svg(bake_svg(SVG, "old", version=first), "new", version=second)

    root = parseString(baked).documentElement
    baked_elements = [
        node
        for node in root.childNodes
        if node.nodeType == node.ELEMENT_NODE and node.tagName.startswith("openbadges:")
    ]
    assert len(baked_elements) == 1
    assert unbake(baked) == Unbaked(version=second, payload="new", media_type="image/svg+xml")


def test_compressed_itxt_is_read():
    base = _chunks(_png())
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(b'{"a": 1}')
    buffer = io.BytesIO()
    png.write_chunks(buffer, [base[0], (b"iTXt", body), *base[1:]])

    assert unbake(buffer.getvalue()).payload == '{"a": 1}'


# --- Unbaked images and 1EdTech's fixtures ---


def test_plain_images_carry_no_badge():
    assert unbake(_png()) is None
    assert unbake(SVG) is None


@pytest.mark.parametrize(
    ("name", "version", "media_type", "expected_id"),
    [
        ("ob3-simple-json.png", "ob3", "image/png", "http://example.com/credentials/3527"),
        ("ob3-simple-json.svg", "ob3", "image/svg+xml", "http://example.com/credentials/3527"),
        ("ob2-simple-badge.png", "ob2", "image/png", None),
    ],
)
def test_1edtech_fixtures_unbake_to_their_json(name, version, media_type, expected_id):
    unbaked = unbake((VECTORS / name).read_bytes())

    assert unbaked is not None
    assert (unbaked.version, unbaked.media_type) == (version, media_type)
    document = json.loads(unbaked.payload)
    if version == "ob3":
        assert document["id"] == expected_id
        assert "OpenBadgeCredential" in document["type"]
    else:
        assert document["@context"] == "https://w3id.org/openbadges/v2"
        assert document["type"] == "Assertion"


def test_1edtech_svg_fixture_can_be_rebaked():
    """The fixture has a DOCTYPE and an OB 3.0 element: baking OB 2.0 replaces the element."""
    baked = bake_svg((VECTORS / "ob3-simple-json.svg").read_bytes(), "{}", version="ob2")

    assert unbake(baked) == Unbaked(version="ob2", payload="{}", media_type="image/svg+xml")
    assert b"openbadges:credential" not in baked


# --- A PNG-only badge as SVG ---


def test_svg_wrapping_png():
    image = _png((30, 20))

    svg = svg_wrapping_png(image, title="Écoute & médiation")

    root = parseString(svg).documentElement
    assert (root.getAttribute("width"), root.getAttribute("height")) == ("30", "20")
    assert root.getAttribute("viewBox") == "0 0 30 20"
    assert root.getElementsByTagName("title")[0].firstChild.data == "Écoute & médiation"
    href = root.getElementsByTagName("image")[0].getAttribute("xlink:href")
    assert href.startswith("data:image/png;base64,")
    assert unbake(svg) is None
    assert unbake(bake_svg(svg, PAYLOAD, version="ob3")).payload == PAYLOAD


def test_svg_wrapping_png_does_not_embed_a_baked_badge():
    svg = svg_wrapping_png(bake_png(_png(), "secret", version="ob3"), title="t")

    assert b"openbadgecredential" not in svg
    assert b"b3BlbmJhZGdlY3JlZGVudGlhb" not in svg  # base64 of the keyword


# --- Bad files ---


def _corrupt_png() -> bytes:
    data = bytearray(_png())
    data[40] ^= 0xFF  # inside IDAT or its CRC
    return bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", id="truncated-png"),
        pytest.param(_png()[:-12], id="png-without-end"),
        pytest.param(_corrupt_png(), id="bad-crc"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", id="bad-xml"),
        pytest.param(b"<html><body>hello</body></html>", id="not-svg"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", id="gif"),
        pytest.param(b"", id="empty"),
    ],
)
def test_malformed_files_raise(data):
    with pytest.raises(BakingError) as raised:
        unbake(data)
    assert str(raised.value)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "xxe"])
def test_xml_bombs_raise(data):
    with pytest.raises(BakingError):
        unbake(data)
    with pytest.raises(BakingError):
        bake_svg(data, "{}", version="ob3")


def test_too_large_files_raise():
    with pytest.raises(BakingError, match="5 MB"):
        unbake(b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BYTES)


def test_zip_bomb_itxt_raises():
    base = _chunks(_png())
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(b" " * (MAX_BYTES + 10))
    buffer = io.BytesIO()
    png.write_chunks(buffer, [base[0], (b"iTXt", body), *base[1:]])

    with pytest.raises(BakingError, match="5 MB"):
        unbake(buffer.getvalue())


def test_baking_a_non_png_raises():
    with pytest.raises(BakingError):
        bake_png(SVG, "{}", version="ob3")
    with pytest.raises(BakingError):
        bake_svg(_png(), "{}", version="ob3")
