"""Hosted Open Badges 2.0 documents: the Assertion, the BadgeClass, revocation, the default
image, and the download section of the public award page."""

from __future__ import annotations

import hashlib
import io
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from badges.default_image import default_badge_png, initials
from badges.ob2 import badge_class_default_image_url, badge_class_ob2_url
from badges.ob3 import badge_class_image_url
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.issuers import IssuerFactory
from tests.badges.factories.ob2 import award_add, revoke, setting
from tests.conftest import login

V2 = "https://w3id.org/openbadges/v2"


def _path(url: str) -> str:
    return url.removeprefix("http://testserver")


@pytest.fixture
def s(db, default_framework):
    return setting(framework=default_framework)


@pytest.fixture
def award(s):
    return award_add(s)


# --- Assertion ---


def test_assertion_has_the_required_fields(client, s, award):
    response = client.get(_path(award.ob2_url))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["@context"] == V2
    assert document["type"] == "Assertion"
    assert document["id"] == award.ob2_url
    assert document["id"].startswith("http://testserver/ob/v2/assertions/")
    assert document["badge"] == badge_class_ob2_url(s.badge)
    assert document["verification"] == {"type": "HostedBadge"}
    assert document["issuedOn"] == award.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert document["expires"] == award.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert document["narrative"] == "Trois ateliers."
    assert document["image"] == award.ob2_png_url
    assert "revoked" not in document


def test_the_recipient_hash_matches_the_email_with_the_salt(client, award):
    recipient = client.get(_path(award.ob2_url)).json()["recipient"]

    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    assert recipient["salt"] == award.salt
    expected = hashlib.sha256(f"amina@example.org{award.salt}".encode()).hexdigest()
    assert recipient["identity"] == f"sha256${expected}"
    # The same hash as in the OB 3.0 credential.
    identifier = award.credential["credentialSubject"]["identifier"][0]
    assert identifier["identityHash"] == recipient["identity"]
    assert "amina" not in client.get(_path(award.ob2_url)).content.decode()


def test_assertion_without_expiry_or_narrative(client, db):
    s = setting(validity_days=None)
    award = award_add(s)
    award.narrative = ""
    award.save(update_fields=["narrative"])

    document = client.get(_path(award.ob2_url)).json()

    assert "expires" not in document
    assert "narrative" not in document
    assert "evidence" not in document


def test_assertion_evidence_comes_from_the_credential(client, award):
    award.credential["evidence"] = [
        {"id": "https://example.org/proof", "type": ["Evidence"], "name": "Photos"},
        {"type": ["Evidence"], "narrative": "Sans adresse : ignoré."},
    ]
    award.save(update_fields=["credential"])

    document = client.get(_path(award.ob2_url)).json()

    assert document["evidence"] == [{"id": "https://example.org/proof", "name": "Photos"}]


# --- BadgeClass and Issuer ---


def test_badge_class_has_the_required_fields(client, s, award):
    assertion = client.get(_path(award.ob2_url)).json()

    response = client.get(_path(assertion["badge"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["@context"] == V2
    assert document["type"] == "BadgeClass"
    assert document["id"] == assertion["badge"]
    assert document["name"] == "Animer un atelier"
    assert document["description"] == s.badge.description
    assert document["criteria"] == {
        "id": s.badge.id_url,
        "narrative": s.badge.criteria_narrative,
    }
    assert document["issuer"] == s.issuer.ob2_url
    assert document["image"] == badge_class_image_url(s.badge)
    assert document["tags"] == ["accueil", "réparation"]
    # Alignments: the OB 2.0 properties only (no OB 3.0 ``type``/``targetType``).
    assert document["alignment"]
    for alignment in document["alignment"]:
        assert {"targetName", "targetUrl"} <= set(alignment)
        assert set(alignment) <= {
            "targetName",
            "targetUrl",
            "targetDescription",
            "targetFramework",
            "targetCode",
        }
    issuer = client.get(_path(document["issuer"])).json()
    assert issuer["type"] == "Issuer"
    assert issuer["id"] == s.issuer.ob2_url


def test_badge_class_without_image_gets_the_drawn_default(client, db):
    s = setting(image=False, name="Écoute active")
    award = award_add(s)

    document = client.get(_path(badge_class_ob2_url(s.badge))).json()

    assert document["image"] == badge_class_default_image_url(s.badge)
    assert "alignment" not in document
    assert "tags" not in document
    response = client.get(_path(document["image"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content == default_badge_png("Écoute active")
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (400, 400)
    assert award.ob2_url  # the award of such a badge class is published too


def test_default_image_is_deterministic_and_uses_initials():
    assert default_badge_png("Animer un atelier") == default_badge_png("Animer un atelier")
    assert default_badge_png("Animer un atelier") != default_badge_png("Accueillir")
    assert initials("écoute active et médiation") == "EA"
    assert initials("« 3D » printing") == "3P"
    assert initials("🎉") == ""
    assert default_badge_png("🎉").startswith(b"\x89PNG")


# --- Revocation ---


def test_revoked_assertion_answers_410_gone(client, s, award):
    revoke(s, award)

    response = client.get(_path(award.ob2_url))

    assert response.status_code == 410
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response.json() == {
        "@context": V2,
        "id": award.ob2_url,
        "type": "Assertion",
        "revoked": True,
        "revocationReason": "Attribué par erreur.",
    }


def test_the_revocation_list_lists_revoked_awards(client, s, award):
    kept = award_add(s, "karim@example.org")
    url = _path(s.issuer.ob2_revocation_list_url)
    assert client.get(url).json()["revokedAssertions"] == []

    revoke(s, award)
    document = client.get(url).json()

    assert document["type"] == "RevocationList"
    assert document["issuer"] == s.issuer.ob2_url
    assert document["revokedAssertions"] == [
        {"id": award.ob2_url, "revocationReason": "Attribué par erreur."}
    ]
    assert kept.ob2_url not in str(document)
    issuer = client.get(_path(s.issuer.ob2_url)).json()
    assert issuer["revocationList"] == s.issuer.ob2_revocation_list_url


def test_the_revocation_list_is_per_issuer(client, s, award):
    revoke(s, award)
    elsewhere = IssuerFactory()

    document = client.get(_path(elsewhere.ob2_revocation_list_url)).json()

    assert document["revokedAssertions"] == []


# --- Addresses ---


@pytest.mark.parametrize(
    "name",
    [
        "ob2_assertion",
        "ob2_assertion_png",
        "ob2_assertion_svg",
        "ob2_badge_class",
        "award_png",
        "award_svg",
        "badge_class_default_image",
    ],
)
def test_unknown_uuids_answer_404(client, db, name):
    assert client.get(reverse(f"badges:{name}", kwargs={"uuid": uuid.uuid4()})).status_code == 404


def test_award_url_properties(award):
    base = f"http://testserver/ob/v2/assertions/{award.uuid}"
    assert award.ob2_url == base
    assert award.ob2_png_url == f"{base}/badge.png"
    assert award.ob2_svg_url == f"{base}/badge.svg"
    assert award.png_url == f"http://testserver/badges/awards/{award.uuid}/badge.png"
    assert award.svg_url == f"http://testserver/badges/awards/{award.uuid}/badge.svg"
    assert award.page_url == f"http://testserver/badges/awards/{award.uuid}"


def test_documents_refuse_post(client, award):
    assert client.post(_path(award.ob2_url)).status_code == 405


# --- Permissions: public documents for everyone ---


@pytest.mark.parametrize("who", ["owner", "peer", "outsider", "anonymous"])
def test_documents_are_public(client, s, award, who):
    if who == "owner":
        login(client, s.member)
    elif who == "peer":
        login(client, s.leader)
    elif who == "outsider":
        login(client, UserFactory(email="zoe@example.org"))
    document = client.get(_path(award.ob2_url)).json()

    assert document["id"] == award.ob2_url
    assert client.get(_path(document["badge"])).status_code == 200
    assert client.get(_path(award.ob2_png_url)).status_code == 200
    assert client.get(_path(award.svg_url)).status_code == 200


# --- The public award page ---


def test_award_page_offers_the_downloads(client, english, award):
    page = client.get(reverse("badges:award_detail", kwargs={"uuid": award.uuid}))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="download-title"' in html
    for url in (award.ob3_url, award.png_url, award.svg_url, award.ob2_url):
        assert f'href="{_path(url)}"' in html
    assert f'href="{_path(award.ob2_png_url)}"' in html
    assert f'href="{_path(award.ob2_svg_url)}"' in html
    assert "For older systems (Open Badges 2.0)" in html


def test_award_page_hides_the_images_of_a_revoked_badge(client, english, s, award):
    revoke(s, award)

    html = client.get(reverse("badges:award_detail", kwargs={"uuid": award.uuid})).content.decode()

    assert f'href="{_path(award.ob3_url)}"' in html
    assert _path(award.png_url) not in html
    assert _path(award.svg_url) not in html
    assert _path(award.ob2_png_url) not in html
    assert _path(award.ob2_svg_url) not in html
    assert "no longer handed out" in html
