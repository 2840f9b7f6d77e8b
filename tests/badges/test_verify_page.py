"""The public "verify a badge" page: anonymous and signed-in visitors, JSON / baked PNG / SVG
uploads, this platform's addresses, bad input, typed values kept, bounded queries."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from badges.services.revocation import award_revoke
from tests.badges.conftest import load_vector
from tests.badges.factories.issuers import image_upload
from tests.badges.factories.revocation import award_add, setting
from tests.badges.fetch_server import no_dns
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = "/verify/"
VALID = "This badge is authentic and valid."


@pytest.fixture
def s():
    return setting()


@pytest.fixture
def award(s):
    return award_add(s)


def _file(content: bytes, name: str = "badge.json", content_type: str = "application/json"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _path(url: str) -> str:
    return url.removeprefix("http://testserver")


def _checks(html: str) -> dict[str, str]:
    """data-check key → the status words shown."""
    found = re.findall(
        r'data-check="([^"]+)".*?class="verify-check__status">([^<]+)<', html, flags=re.S
    )
    return dict(found)


def test_anonymous_visitors_get_the_form(client, english):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Verify a badge</h1>" in html
    assert 'enctype="multipart/form-data"' in html
    for name in ("file", "url", "email"):
        assert f'name="{name}"' in html
    assert "css/verify.css" in html


def test_the_url_parameter_prefills_the_address(client, award):
    response = client.get(URL, {"url": award.ob3_url})
    assert f'value="{award.ob3_url}"' in response.content.decode()


def test_a_json_upload_of_this_platforms_award_passes(client, english, award):
    content = json.dumps(award.credential).encode()
    response = client.post(URL, {"file": _file(content), "email": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert VALID in html
    assert _checks(html) == {
        "schema": "Passed",
        "proof": "Passed",
        "issuer_key": "Passed",
        "status": "Passed",
        "dates": "Passed",
        "recipient": "Not applicable",
    }
    assert award.badge_class.name in html and award.badge_class.issuer.name in html


def test_the_page_speaks_french_by_default(client, award):
    content = json.dumps(award.credential).encode()
    response = client.post(URL, {"file": _file(content)})
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.parametrize(
    "address", ["ob3_url", "page_url", "ob2_url"], ids=["credential", "award-page", "ob2"]
)
def test_an_address_of_this_platform_passes(client, english, award, no_network, address):
    url = getattr(award, address)
    response = client.post(URL, {"url": url, "email": "amina@example.org"})
    html = response.content.decode()
    assert VALID in html, html
    checks = _checks(html)
    assert set(checks.values()) == {"Passed"}
    assert checks["recipient"] == "Passed"
    assert no_network == []


@pytest.mark.parametrize(
    ("image", "name", "media_type"),
    [
        ("png_url", "badge.png", "image/png"),
        ("svg_url", "badge.svg", "image/svg+xml"),
        ("ob2_png_url", "badge.png", "image/png"),
        ("ob2_svg_url", "badge.svg", "image/svg+xml"),
    ],
)
def test_a_baked_image_upload_passes(client, english, award, image, name, media_type):
    baked = _body(client.get(_path(getattr(award, image))))
    # Detected by content, not by name: the file name says nothing.
    response = client.post(URL, {"file": _file(baked, "download", media_type)})
    html = response.content.decode()
    assert VALID in html, html
    assert set(_checks(html).values()) <= {"Passed", "Not applicable"}
    expected = "Open Badges 2.0" if image.startswith("ob2") else "Open Badges 3.0"
    assert expected in html


def test_a_revoked_award_is_reported_revoked(client, english, s, award):
    content = json.dumps(award.credential).encode()
    award_revoke(award=award, by=s.leader, reason="Attribué par erreur.")
    html = client.post(URL, {"file": _file(content)}).content.decode()
    assert "This badge has been revoked by its issuer." in html
    assert _checks(html)["status"] == "Failed"
    assert "Attribué par erreur." in html


def test_a_changed_credential_is_not_verified(client, english, award):
    content = json.dumps(award.credential).replace("Trois ateliers", "Trois atelier").encode()
    html = client.post(URL, {"file": _file(content)}).content.decode()
    assert "We could not verify this badge." in html
    assert _checks(html)["proof"] == "Failed"
    assert "1 check failed." in html


def test_the_1edtech_vector_is_correctly_signed(client, english, monkeypatch):
    no_dns(monkeypatch)
    content = json.dumps(load_vector("ob3-signed-credential.json")).encode()
    html = client.post(URL, {"file": _file(content)}).content.decode()
    checks = _checks(html)
    assert checks["proof"] == "Passed"
    assert checks["schema"] == "Passed"  # its single proof object is read as a list of one
    assert checks["issuer_key"] == "Could not be checked"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Hello, world", "notes.txt", "neither a badge image (PNG or SVG) nor a badge file"),
        (b"%PDF-1.4 ...", "badge.png", "neither a badge image (PNG or SVG) nor a badge file"),
        (b'{"name": "x"', "badge.json", "cannot be read"),
        (b'{"name": "Not a badge"}', "badge.json", "This file is not a badge."),
        (b"[1, 2]", "badge.json", "This file is not a badge."),
        (b"\x89PNG\r\n\x1a\nbroken", "badge.png", "damaged"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "badge.svg", "does not contain a badge"),
    ],
)
def test_bad_files_get_a_clear_error(client, english, content, name, message):
    response = client.post(URL, {"file": _file(content, name), "email": "me@example.org"})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html
    assert 'value="me@example.org"' in html  # what was typed is kept


def test_a_png_without_a_badge_gets_a_clear_error(client, english):
    picture = image_upload("photo.png", fmt="PNG").read()
    html = client.post(URL, {"file": _file(picture, "photo.png", "image/png")}).content.decode()
    assert "This image does not contain a badge" in html
    jpeg = image_upload().read()
    html = client.post(URL, {"file": _file(jpeg, "photo.jpg", "image/jpeg")}).content.decode()
    assert "neither a badge image (PNG or SVG) nor a badge file" in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/badge.json", "private or reserved network"),
        ("http://169.254.169.254/latest/meta-data/", "private or reserved network"),
        ("ftp://example.org/badge.json", "starting with https:// or http://"),
        ("http://testserver/accounts/login/", "does not lead to a badge"),
        ("http://testserver/badges/awards/00000000-0000-0000-0000-000000000000", "HTTP 404"),
    ],
)
def test_refused_addresses_keep_what_was_typed(client, english, url, message):
    response = client.post(URL, {"url": url, "email": "me@example.org"})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{url}"' in html
    assert 'value="me@example.org"' in html
    assert 'aria-invalid="true"' in html


def test_a_web_page_is_not_a_badge(client, english, s, award):
    html = client.post(URL, {"url": s.badge.id_url}).content.decode()
    assert "does not lead to a badge" in html


def test_a_file_or_an_address_is_required_but_not_both(client, english, award):
    html = client.post(URL, {"url": "", "email": ""}).content.decode()
    assert "Choose a badge file or enter the badge" in html
    content = json.dumps(award.credential).encode()
    html = client.post(URL, {"url": award.ob3_url, "file": _file(content)}).content.decode()
    assert "either a file or a web address, not both" in html
    html = client.post(URL, {"url": award.ob3_url, "email": "not an email"}).content.decode()
    assert "Enter a valid email address." in html
    assert f'value="{award.ob3_url}"' in html


def test_a_file_over_5_mb_is_refused(client, english):
    big = _file(b"{" + b" " * (5 * 1024 * 1024), "badge.json")
    html = client.post(URL, {"file": big}).content.decode()
    assert "too large (5 MB at most)" in html


def test_signed_in_people_use_it_too(client, english, outsider, award):
    login(client, outsider)
    response = client.post(URL, {"url": award.ob3_url})
    assert VALID in response.content.decode()


def test_posting_needs_the_csrf_token(award):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, {"url": award.ob3_url}).status_code == 403


def test_nothing_is_stored_and_queries_are_bounded(client, award, django_assert_max_num_queries):
    from badges.models import Award

    content = json.dumps(award.credential).encode()
    count = Award.objects.count()
    with django_assert_max_num_queries(20):
        assert client.post(URL, {"file": _file(content)}).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.post(URL, {"url": award.page_url}).status_code == 200
    assert Award.objects.count() == count


def test_links_to_the_page(client, english, award):
    assert 'href="/verify/"' in client.get("/").content.decode()
    page = client.get(_path(award.page_url)).content.decode()
    assert f'href="/verify/?url={quote(award.ob3_url, safe="")}"' in page
    assert "Verify this badge" in page


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405


def test_checks_are_rate_limited_per_address_and_keep_what_was_typed(
    client, english, settings, award, no_network
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify_address": "2/10m"}
    for _ in range(2):
        assert VALID in client.post(URL, {"url": award.ob3_url}).content.decode()
    refused = client.post(URL, {"url": award.ob3_url, "email": "me@example.org"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 600
    html = refused.content.decode()
    assert "Too many attempts. Please try again in" in html
    assert award.ob3_url in html and "me@example.org" in html
    other = client.post(URL, {"url": award.ob3_url}, REMOTE_ADDR="198.51.100.7")
    assert VALID in other.content.decode()
