"""Baked downloads: unbaking the PNG and SVG gives back exactly the published credential
(both versions); revoked badges are not handed out as images."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from defusedxml.minidom import parseString
from PIL import Image

from badges.baking import unbake
from badges.documents import issuer_documents
from badges.services.revocation import status_list_credential_signed
from tests.badges.factories.ob2 import award_add, revoke, setting
from tests.badges.test_js_verifier import VERIFIER, _node


def _path(url: str) -> str:
    return url.removeprefix("http://testserver")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def s(db, default_framework):
    return setting(framework=default_framework)


@pytest.fixture
def award(s):
    return award_add(s)


@pytest.mark.parametrize(
    ("published", "image", "version", "media_type"),
    [
        ("ob3_url", "png_url", "ob3", "image/png"),
        ("ob3_url", "svg_url", "ob3", "image/svg+xml"),
        ("ob2_url", "ob2_png_url", "ob2", "image/png"),
        ("ob2_url", "ob2_svg_url", "ob2", "image/svg+xml"),
    ],
)
def test_unbaking_gives_back_exactly_the_published_credential(
    client, award, published, image, version, media_type
):
    published_text = client.get(_path(getattr(award, published))).content.decode()
    response = client.get(_path(getattr(award, image)))

    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    unbaked = unbake(_body(response))
    assert unbaked is not None
    assert (unbaked.version, unbaked.media_type) == (version, media_type)
    assert unbaked.payload == published_text  # byte for byte
    assert json.loads(unbaked.payload) == json.loads(published_text)
    if version == "ob3":
        assert json.loads(unbaked.payload) == award.credential


def test_downloads_are_attachments_with_readable_names(client, award):
    short = str(award.uuid)[:8]
    expected = {
        award.png_url: f"animer-un-atelier-{short}.png",
        award.svg_url: f"animer-un-atelier-{short}.svg",
        award.ob2_png_url: f"animer-un-atelier-{short}-ob2.png",
        award.ob2_svg_url: f"animer-un-atelier-{short}-ob2.svg",
    }
    for url, name in expected.items():
        response = client.get(_path(url))
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response["Access-Control-Allow-Origin"] == "*"


def test_the_png_is_the_badge_class_image(client, s, award):
    content = _body(client.get(_path(award.png_url)))

    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (64, 48)


def test_the_svg_wraps_the_png_when_there_is_no_svg_image(client, award):
    root = parseString(_body(client.get(_path(award.svg_url)))).documentElement

    assert (root.getAttribute("width"), root.getAttribute("height")) == ("64", "48")
    assert root.getElementsByTagName("title")[0].firstChild.data == "Animer un atelier"
    assert root.firstChild.tagName == "openbadges:credential"


def test_the_svg_image_is_used_when_there_is_one(client, db):
    s = setting(svg=True)
    award = award_add(s)

    for url in (award.svg_url, award.ob2_svg_url):
        root = parseString(_body(client.get(_path(url)))).documentElement
        assert root.getElementsByTagName("circle")[0].getAttribute("id") == "medal"
        assert not root.getElementsByTagName("image")


def test_ob2_svg_points_to_the_hosted_assertion(client, award):
    root = parseString(_body(client.get(_path(award.ob2_svg_url)))).documentElement

    assertion = root.getElementsByTagName("openbadges:assertion")[0]
    assert assertion.getAttribute("verify") == award.ob2_url
    assert root.getAttribute("xmlns:openbadges") == "http://openbadges.org"


def test_a_badge_class_without_image_is_baked_on_the_default_medal(client, db):
    s = setting(image=False)
    award = award_add(s)

    content = _body(client.get(_path(award.png_url)))

    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (400, 400)
    assert unbake(content).payload == client.get(_path(award.ob3_url)).content.decode()
    svg = _body(client.get(_path(award.ob2_svg_url)))
    assert unbake(svg).version == "ob2"


def test_a_damaged_stored_image_falls_back_to_the_default_medal(client, s, award):
    s.badge.image.save("broken.png", io.BytesIO(b"not a png"), save=True)

    content = _body(client.get(_path(award.png_url)))

    assert unbake(content).version == "ob3"
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (400, 400)


def test_revoked_badges_are_not_handed_out_as_images(client, s, award):
    revoke(s, award)

    for url in (award.png_url, award.svg_url, award.ob2_png_url, award.ob2_svg_url):
        response = client.get(_path(url))
        assert response.status_code == 410
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "revoked" in response.content.decode() or "révoqué" in response.content.decode()
    # The OB 3.0 JSON stays available: verifiers report it revoked.
    assert client.get(_path(award.ob3_url)).status_code == 200


def test_head_requests_work(client, award):
    assert client.head(_path(award.png_url)).status_code == 200


@pytest.mark.js
def test_the_credential_from_the_baked_png_verifies_with_the_js_verifier(
    client, s, award, tmp_path
):
    node = _node()
    unbaked = unbake(_body(client.get(_path(award.png_url))))
    assert unbaked is not None
    documents = issuer_documents(s.issuer)
    status_list = award.status_entry.status_list
    documents[status_list.url] = status_list_credential_signed(status_list=status_list)
    batch = tmp_path / "checks.json"
    batch.write_text(
        json.dumps([{"credential": json.loads(unbaked.payload), "documents": documents}]),
        encoding="utf-8",
    )

    completed = subprocess.run(
        [node, str(VERIFIER), "--batch", str(batch)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode in (0, 1), completed.stderr
    (result,) = json.loads(completed.stdout)
    assert result["verified"] is True, result
    assert result["status"][0]["set"] is False
