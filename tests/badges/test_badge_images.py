"""SVG badge class images: sanitised by an allow-list, rendered to PNG, served with a strict
policy; raster images as before. What a file is comes from its content, not its name."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from badges.images import SVG_MAX_BYTES, SVG_PNG_SIDE, badge_image_clean
from badges.models import BadgeClass
from badges.services.badge_classes import badge_class_update
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory, image_upload, initiative_with_members

SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="100" height="50">'
)
CLEAN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
    "<title>Réparer</title>"
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#1a4d8f"/>'
    '<stop offset="1" stop-color="#ffcc00"/></linearGradient></defs>'
    '<circle cx="100" cy="100" r="90" fill="url(#g)" stroke="#000" stroke-width="4"/>'
    '<path d="M60 100 L90 130 L140 70" fill="none" stroke="#fff" stroke-width="12"/>'
    '<text x="100" y="190" text-anchor="middle" font-size="20">Jalons</text>'
    '<use href="#g"/>'
    "</svg>"
)


def svg_file(body: str, *, name: str = "badge.svg", content_type: str = "image/svg+xml"):
    return SimpleUploadedFile(name, body.encode(), content_type=content_type)


def drawing(body: str) -> str:
    """A small SVG with ``body`` inside and a rectangle, cleaned; the SVG text kept."""
    result = badge_image_clean(svg_file(f'{SVG_OPEN}<rect width="10" height="10"/>{body}</svg>'))
    assert result.svg is not None
    return result.svg.decode()


def refused_code(body: str | bytes) -> str:
    content = body.encode() if isinstance(body, str) else body
    with pytest.raises(ValidationError) as refused:
        badge_image_clean(SimpleUploadedFile("badge.svg", content, content_type="image/svg+xml"))
    return refused.value.code or ""


# --- Attacks: removed or refused ---------------------------------------------------------


def test_script_elements_are_removed():
    svg = drawing('<script>alert("x")</script><script xlink:href="https://evil.example/x.js"/>')
    assert "script" not in svg
    assert "alert" not in svg
    assert "<rect" in svg


def test_event_handler_attributes_are_removed():
    svg = drawing('<circle r="4" onload="alert(1)" onclick="alert(2)" onmouseover="x()"/>')
    assert "<circle" in svg
    assert "onload" not in svg and "onclick" not in svg and "onmouseover" not in svg
    root_handler = badge_image_clean(
        svg_file(SVG_OPEN.replace("<svg ", '<svg onload="alert(1)" ') + "<rect/></svg>")
    )
    assert b"onload" not in (root_handler.svg or b"")


def test_external_references_are_removed():
    svg = drawing(
        '<use xlink:href="https://evil.example/sprite.svg#icon"/>'
        '<image href="https://evil.example/track.png" width="5" height="5"/>'
        '<image xlink:href="file:///etc/passwd" width="5" height="5"/>'
        '<rect id="inner" width="2" height="2"/><use xlink:href="#inner"/>'
    )
    assert "evil.example" not in svg
    assert "file:" not in svg
    assert "<image" not in svg  # an image without a safe address goes
    assert 'xlink:href="#inner"' in svg  # a fragment stays


def test_javascript_urls_are_removed():
    svg = drawing(
        '<a xlink:href="javascript:alert(1)"><circle r="3"/></a>'
        '<a href=" JaVaScRiPt:alert(2)"><rect width="1" height="1"/></a>'
        '<rect width="1" height="1" fill="javascript:alert(3)"/>'
        '<use href="java&#x09;script:alert(4)"/>'
    )
    assert "javascript" not in svg.lower()
    assert "alert" not in svg
    assert "<circle" in svg  # the link's drawing stays, as a group


def test_entity_bomb_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;">]>'
        f"{SVG_OPEN}<text>&c;</text></svg>"
    )
    assert refused_code(bomb) == "svg_entities"


def test_external_entity_is_refused():
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f"{SVG_OPEN}<text>&secret;</text></svg>"
    )
    assert refused_code(xxe) == "svg_entities"
    external_dtd = (
        '<?xml version="1.0"?><!DOCTYPE svg SYSTEM "https://evil.example/x.dtd">'
        f"{SVG_OPEN}<rect/></svg>"
    )
    assert refused_code(external_dtd) == "svg_entities"


def test_the_standard_doctype_line_is_accepted():
    standard = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        f'{SVG_OPEN}<rect width="5" height="5"/></svg>'
    )
    result = badge_image_clean(svg_file(standard))
    assert result.svg is not None
    assert b"DOCTYPE" not in result.svg


def test_foreign_object_and_embedding_elements_are_removed():
    svg = drawing(
        '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">'
        "<iframe src='https://evil.example'></iframe>secret</div></foreignObject>"
        '<iframe src="https://evil.example"/><embed src="x.swf"/><object data="x.swf"/>'
        '<h:p xmlns:h="http://www.w3.org/1999/xhtml">html</h:p>'
    )
    for word in ("foreignObject", "iframe", "embed", "object", "secret", "html", "evil"):
        assert word not in svg


def test_animations_are_removed():
    svg = drawing(
        '<a><animate attributeName="href" to="javascript:alert(1)"/><circle r="3"/></a>'
        '<set attributeName="xlink:href" to="javascript:alert(2)"/>'
        '<rect width="1" height="1"><animateTransform attributeName="transform"/></rect>'
    )
    assert "animate" not in svg and "<set" not in svg
    assert "javascript" not in svg


def test_css_that_loads_anything_is_removed():
    svg = drawing(
        '<rect width="1" height="1" style="fill:url(https://evil.example/x);stroke:red"/>'
        '<rect width="1" height="1" style="fill: u\\72l(https://evil.example/y)"/>'
        '<rect width="1" height="1" filter="url(https://evil.example/f.svg#f)"/>'
        "<style>@import url(https://evil.example/x.css); rect { fill: red }</style>"
        "<style>@font-face { font-family: x; src: url(https://evil.example/f.woff) }</style>"
        "<style>rect { fill: url(https://evil.example/z) }</style>"
        "<style>circle { fill: #123456 }</style>"
    )
    assert "evil.example" not in svg
    assert "@import" not in svg and "@font-face" not in svg
    assert 'style="stroke:red"' in svg  # the safe declaration stays
    assert "circle { fill: #123456 }" in svg  # a sheet that loads nothing stays


def test_a_use_bomb_and_a_use_cycle_are_refused():
    layers = ['<g id="l0"><rect width="1" height="1"/></g>']
    for level in range(1, 12):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(10))
        layers.append(f'<g id="l{level}">{uses}</g>')
    bomb = f'{SVG_OPEN}<defs>{"".join(layers)}</defs><use href="#l11"/></svg>'
    assert refused_code(bomb) == "svg_too_complex"
    cycle = f'{SVG_OPEN}<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>'
    assert refused_code(cycle) == "svg_too_complex"


def test_too_large_or_sizeless_or_broken_svg_is_refused():
    padding = "<!--" + "x" * SVG_MAX_BYTES + "-->"
    assert refused_code(f"{SVG_OPEN}{padding}<rect/></svg>") == "too_large"
    sizeless = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'
    assert refused_code(sizeless) == "svg_size"
    assert refused_code(f"{SVG_OPEN}<rect") == "svg_not_svg"
    assert refused_code(f"{SVG_OPEN}<script>alert(1)</script></svg>") == "svg_empty"


# --- What stays ------------------------------------------------------------------------


def test_a_clean_svg_keeps_its_drawing():
    result = badge_image_clean(svg_file(CLEAN))
    svg = (result.svg or b"").decode()
    for kept in (
        'viewBox="0 0 200 200"',
        "<title>Réparer</title>",
        '<linearGradient id="g">',
        '<stop offset="1" stop-color="#ffcc00"/>',
        '<circle cx="100" cy="100" r="90" fill="url(#g)" stroke="#000" stroke-width="4"/>',
        '<path d="M60 100 L90 130 L140 70" fill="none" stroke="#fff" stroke-width="12"/>',
        '<text x="100" y="190" text-anchor="middle" font-size="20">Jalons</text>',
        '<use href="#g"/>',
    ):
        assert kept in svg


def test_embedded_png_data_stays():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    svg = drawing(
        f'<image width="4" height="4" xlink:href="data:image/png;base64,{data}"/>'
        '<image width="4" height="4" href="data:text/html;base64,PHNjcmlwdD4="/>'
        '<image width="4" height="4" href="data:image/svg+xml;base64,PHN2Zz4="/>'
    )
    assert svg.count("<image") == 1
    assert f"data:image/png;base64,{data}" in svg


def test_the_png_rendition_has_the_right_size_and_pixels():
    wide = badge_image_clean(
        svg_file(f'{SVG_OPEN}<rect width="100" height="50" fill="red"/></svg>')
    )
    assert (wide.png.extension, wide.png.width, wide.png.height) == ("png", SVG_PNG_SIDE, 256)
    with Image.open(io.BytesIO(wide.png.content)) as png:
        assert png.format == "PNG"
        assert png.size == (SVG_PNG_SIDE, 256)
        assert png.convert("RGB").getpixel((10, 10)) == (255, 0, 0)
    square = badge_image_clean(svg_file(CLEAN))
    assert (square.png.width, square.png.height) == (SVG_PNG_SIDE, SVG_PNG_SIDE)


def test_the_content_decides_not_the_name():
    png_named_svg = image_upload("badge.svg", fmt="PNG")
    png_named_svg.content_type = "image/svg+xml"
    as_png = badge_image_clean(png_named_svg)
    assert as_png.svg is None
    assert as_png.png.extension == "png"
    assert (as_png.png.width, as_png.png.height) == (120, 120)
    svg_named_png = svg_file(CLEAN, name="badge.png", content_type="image/png")
    as_svg = badge_image_clean(svg_named_png)
    assert as_svg.svg is not None and b"<circle" in as_svg.svg
    with pytest.raises(ValidationError):
        badge_image_clean(SimpleUploadedFile("badge.png", b"not an image at all"))


# --- Pages -------------------------------------------------------------------------------


@pytest.fixture
def issuer(leader, volunteer):
    return IssuerFactory(initiative=initiative_with_members(leader=leader, member=volunteer))


def _form(**overrides):
    data = {
        "name": "Réparer avec d'autres",
        "description": "Répare des objets avec les visiteurs.",
        "criteria_narrative": "Trois ateliers animés.",
        "achievement_type": "Badge",
        "tags": "réparation, accueil",
        "validity_days": "365",
        "rules-TOTAL_FORMS": "0",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "10",
    }
    data.update(overrides)
    return data


def test_create_with_an_svg_serves_it_safely(client, english, leader, issuer):
    client.force_login(leader)
    url = reverse("badges:badge_class_create", kwargs={"uuid": issuer.uuid})
    upload = svg_file(
        CLEAN.replace("<title>", '<script>alert(1)</script><title onload="x()">'),
        name="badge.svg",
    )
    response = client.post(url, _form(image=upload))
    assert response.status_code == 302
    badge = BadgeClass.objects.get()
    assert badge.image.name.endswith(".png")
    assert badge.image_svg.name.endswith(".svg")
    svg = client.get(reverse("badges:badge_class_image_svg", kwargs={"uuid": badge.uuid}))
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    assert svg["X-Content-Type-Options"] == "nosniff"
    body = b"".join(svg.streaming_content)
    assert b"<circle" in body and b"script" not in body and b"onload" not in body
    png = client.get(reverse("badges:badge_class_image", kwargs={"uuid": badge.uuid}))
    assert png["Content-Type"] == "image/png"

    # A PNG replaces the SVG: the SVG address answers 404 from then on.
    edit = reverse("badges:badge_class_edit", kwargs={"uuid": badge.uuid})
    assert client.post(edit, _form(image=image_upload())).status_code == 302
    badge.refresh_from_db()
    assert not badge.image_svg
    missing = client.get(reverse("badges:badge_class_image_svg", kwargs={"uuid": badge.uuid}))
    assert missing.status_code == 404


def test_the_svg_address_is_404_without_an_svg(client, issuer):
    badge = badge_class_add(issuer)
    url = reverse("badges:badge_class_image_svg", kwargs={"uuid": badge.uuid})
    assert client.get(url).status_code == 404
    unknown = reverse(
        "badges:badge_class_image_svg", kwargs={"uuid": "00000000-0000-4000-8000-000000000000"}
    )
    assert client.get(unknown).status_code == 404


def test_the_form_keeps_what_was_typed_and_explains(client, english, leader, issuer):
    client.force_login(leader)
    url = reverse("badges:badge_class_create", kwargs={"uuid": issuer.uuid})
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol">]>{SVG_OPEN}<text>&a;</text></svg>'
    )
    response = client.post(url, _form(image=svg_file(bomb), name="Mon badge à moi"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "declares a DTD or entities" in text
    assert 'value="Mon badge à moi"' in text
    assert "Trois ateliers animés." in text
    assert not BadgeClass.objects.exists()


def test_removing_the_image_removes_both_files(leader, issuer):
    badge = badge_class_add(issuer)
    badge_class_update(
        badge_class=badge,
        by=leader,
        name=badge.name,
        description=badge.description,
        criteria_narrative=badge.criteria_narrative,
        image=badge_image_clean(svg_file(CLEAN)),
    )
    badge.refresh_from_db()
    assert badge.image and badge.image_svg
    badge_class_update(
        badge_class=badge,
        by=leader,
        name=badge.name,
        description=badge.description,
        criteria_narrative=badge.criteria_narrative,
        remove_image=True,
    )
    badge.refresh_from_db()
    assert not badge.image and not badge.image_svg
