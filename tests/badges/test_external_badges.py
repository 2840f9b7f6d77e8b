"""Badges earned elsewhere in "My badges" (#17, acceptance 3, badges side).

Amina adds a baked PNG from another Jalons instance (a second issuer with its own keys,
issued by this project's own code at another address), 1EdTech's OB 2.0 baked PNG (a hosted
Assertion of example.org) and a VC-JWT; each is verified, kept unchanged (the image too) and
listed with its status. The same credential given twice replaces the first; a badge issued
here is refused; bad input is refused with a clear error and what was typed stays. Every
view: owner, peer, outsider (404), anonymous (login). Other sites are played by the safe
fetcher's transport (``tests/badges/factories/elsewhere.py``)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services.export_run import data_export_build
from accounts.services.users import user_delete
from badges.models import CredentialFormat, ExternalCredential, ExternalVerification
from badges.received import received_from_bytes
from badges.selectors.held_credentials import held_credentials_page
from badges.services.awards import award_create
from badges.services.external_credentials import (
    external_credential_add,
    external_credential_upsert,
)
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.elsewhere import (
    OB2_BAKED,
    OB2_SITE,
    Internet,
    internet_install,
    other_instance_badge,
    vc_jwt,
)
from tests.badges.factories.issuers import IssuerFactory, image_upload, initiative_with_members
from tests.badges.factories.wallets import other_issuer_credential

pytestmark = pytest.mark.django_db

MINE = reverse("badges:my_badges")
ADD = reverse("badges:external_add")
JWT_ID = "urn:uuid:0d6f1c3a-8b7e-4f2d-9a1c-5e4b3d2c1a09"


@pytest.fixture
def internet(monkeypatch: pytest.MonkeyPatch) -> Internet:
    return internet_install(monkeypatch)


@pytest.fixture
def amina(volunteer, client: Client, english) -> Client:
    client.force_login(volunteer)
    return client


def _upload(client: Client, data: bytes, name: str) -> Any:
    return client.post(ADD, {"file": SimpleUploadedFile(name, data), "url": ""})


def exported(user) -> tuple[dict, dict[str, bytes]]:
    """``data.json`` and every file of the person's export (the task's own build)."""
    buffer = io.BytesIO()
    data_export_build(user=user, target=buffer, generated_at=timezone.now())
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files["data.json"]), files


def _held(volunteer) -> list[ExternalCredential]:
    return list(ExternalCredential.objects.filter(owner=volunteer).order_by("pk"))


# --- The three imports of acceptance 3 ---------------------------------------------------


def test_a_baked_png_from_another_jalons_instance_is_verified_and_kept(amina, volunteer, internet):
    other = other_instance_badge()
    other.serve(internet)
    response = _upload(amina, other.png, "badge.png")
    held = ExternalCredential.objects.get(owner=volunteer)
    assert response.status_code == 302
    assert response["Location"] == reverse("badges:external_detail", kwargs={"uuid": held.uuid})
    # Verified with the other instance's keys, fetched from its issuer profile.
    assert held.verification_status == ExternalVerification.VALID, held.verification
    assert other.issuer_id in internet.asked
    assert held.format == CredentialFormat.JSON
    assert held.credential_id == other.credential["id"]
    assert held.issuer_id == other.issuer_id and held.issuer_name == "Atelier vélo de Quetigny"
    assert held.achievement_name == "Réparer un vélo"
    # Kept unchanged: the credential as baked, and the image byte for byte.
    assert json.loads(held.original) == other.credential
    with held.image.open("rb") as image:
        assert image.read() == other.png
    image = amina.get(reverse("badges:external_image", kwargs={"uuid": held.uuid}))
    assert b"".join(image) == other.png and image["Content-Type"] == "image/png"
    assert "attachment" in image["Content-Disposition"]

    page = amina.get(MINE).content.decode()
    assert "Badges earned elsewhere" in page and "Réparer un vélo" in page
    assert "Atelier vélo de Quetigny" in page
    assert 'data-status="valid"' in page
    # Another site's issuer: the territory does not vouch for it (docs/open-badges.md).
    assert "Not recognised by" in page


def test_the_ob2_baked_png_of_1edtech_is_kept_then_checked_again(amina, volunteer, internet):
    # example.org is unreachable: kept, "could not be checked", with why.
    response = _upload(amina, OB2_BAKED, "simple-badge.png")
    assert response.status_code == 302
    held = ExternalCredential.objects.get(owner=volunteer)
    assert held.format == CredentialFormat.OB2
    assert held.credential_id == OB2_SITE[held.credential_id]["id"]
    assert held.verification_status == ExternalVerification.NOT_CHECKED
    detail = amina.get(reverse("badges:external_detail", kwargs={"uuid": held.uuid}))
    text = detail.content.decode()
    assert 'data-status="not_checked"' in text
    assert "We could not load the badge from its address." in text
    assert 'data-check="hosted"' in text

    # Its issuer's site answers now: "check again" finds it valid.
    internet.documents.update(OB2_SITE)
    again = amina.post(reverse("badges:external_recheck", kwargs={"uuid": held.uuid}))
    assert again.status_code == 302
    held.refresh_from_db()
    assert held.verification_status == ExternalVerification.VALID, held.verification
    assert held.issuer_name == "Example Robotics Club"
    with held.image.open("rb") as image:
        assert image.read() == OB2_BAKED
    page = amina.get(MINE).content.decode()
    assert "Robotics" in page and 'data-status="valid"' in page
    # An OB 2.0 Assertion is not a credential of the OB 3.0 API.
    assert held_credentials_page(user=volunteer, limit=10, offset=0).total == 0


def test_a_vc_jwt_file_is_verified_and_kept_as_its_token(amina, volunteer, internet):
    token = vc_jwt(JWT_ID)
    response = _upload(amina, token.encode() + b"\n", "badge.jwt")
    assert response.status_code == 302
    held = ExternalCredential.objects.get(owner=volunteer)
    assert held.format == CredentialFormat.JWT and held.original == token
    assert held.credential_id == JWT_ID and not held.image
    assert held.verification_status == ExternalVerification.VALID, held.verification
    original = amina.get(reverse("badges:external_original", kwargs={"uuid": held.uuid}))
    assert b"".join(original).decode() == token
    assert original["Content-Type"] == "text/plain"
    page = amina.get(MINE).content.decode()
    assert "Tenir une caisse" in page and "Épicerie solidaire de Fontaine" in page
    assert 'data-status="valid"' in page


def test_a_badge_at_an_address_is_fetched_safely_and_kept(amina, volunteer, internet):
    other = other_instance_badge()
    other.serve(internet)
    address = "https://badges.example.net/b/42.png"
    internet.documents[address] = other.png
    response = amina.post(ADD, {"url": address})
    assert response.status_code == 302
    held = ExternalCredential.objects.get(owner=volunteer)
    assert held.source_url == address
    assert held.verification_status == ExternalVerification.VALID
    with held.image.open("rb") as image:
        assert image.read() == other.png


# --- Same credential twice, this platform's own badges, invalid ones ------------------------


def test_the_same_credential_added_twice_replaces_the_first(amina, volunteer, internet):
    other = other_instance_badge()
    other.serve(internet)
    _upload(amina, other.png, "badge.png")
    first = ExternalCredential.objects.get(owner=volunteer)
    first_image = first.image.name
    # The same credential again, as its JSON: one row, the image (of the old text) goes.
    response = _upload(amina, json.dumps(other.credential, indent=2).encode(), "badge.json")
    assert response.status_code == 302
    held = _held(volunteer)
    assert len(held) == 1 and held[0].pk == first.pk
    assert held[0].original == json.dumps(other.credential, indent=2)
    assert not held[0].image
    # The file goes once the transaction commits (the test's transaction never does).
    assert default_storage.exists(first_image)
    followed = amina.get(response["Location"]).content.decode()
    assert "You already had this badge" in followed


def test_a_badge_issued_on_this_platform_is_refused_with_where_it_is(
    amina, volunteer, leader, outsider
):
    issuer = IssuerFactory(initiative=initiative_with_members(leader=leader, member=volunteer))
    badge = badge_class_add(issuer, slug="accueil", image=image_upload())
    award = award_create(badge_class=badge, by=leader, email=volunteer.email)
    png = b"".join(Client().get(award.png_url.removeprefix("http://testserver")))
    response = _upload(amina, png, "mine.png")
    assert response.status_code == 200
    assert "This badge was issued on this platform" in response.content.decode()
    assert not _held(volunteer)


def test_a_tampered_badge_is_kept_as_not_valid_with_the_reason(amina, volunteer, internet):
    other = other_instance_badge()
    other.serve(internet)
    tampered = dict(other.credential, name="Diplôme d’ingénieur")
    _upload(amina, json.dumps(tampered).encode(), "badge.json")
    held = ExternalCredential.objects.get(owner=volunteer)
    assert held.verification_status == ExternalVerification.INVALID
    page = amina.get(MINE).content.decode()
    assert 'data-status="invalid"' in page and "Not valid" in page
    failed = [c for c in held.verification["checks"] if c["status"] == "failed"]
    assert failed and failed[0]["detail"] in page  # the reason, in words


# --- Bad input: a clear error, what was typed stays, nothing kept -------------------------


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b'{"name": "a list of groceries"}', "badge.json", "This file is not a badge."),
        (b"%PDF-1.7 a document", "badge.png", "neither a badge image"),  # disguised by name
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "photo.png", "image"),
        (b"{" + b" " * (5 * 1024 * 1024), "big.json", "too large"),
    ],
)
def test_a_file_that_is_no_badge_is_refused_in_words(amina, volunteer, data, name, error):
    response = _upload(amina, data, name)
    assert response.status_code == 200
    text = response.content.decode()
    assert error in text
    assert response.context["form"].errors
    assert "<title>Error:" in text
    assert not _held(volunteer)


def test_an_unreachable_or_private_address_is_refused_and_kept_in_the_form(amina, internet):
    for address, error in (
        ("https://nowhere.example/badge.json", "unreachable in tests"),  # the test's transport
        ("ftp://example.org/badge.json", "Enter a web address"),
    ):
        response = amina.post(ADD, {"url": address})
        assert response.status_code == 200
        assert response.context["form"].errors
        assert f'value="{address}"' in response.content.decode()
        assert error in str(response.context["form"].errors), response.context["form"].errors
        assert not ExternalCredential.objects.exists(), address


def test_adding_is_limited_per_person(amina, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "badges_elsewhere": "1/10m"}
    _upload(amina, b"{}", "a.json")
    refused = _upload(amina, b"{}", "a.json")
    assert refused.status_code == 429 and refused["Retry-After"]


# --- Who sees what --------------------------------------------------------------------------


@pytest.fixture
def amina_jwt(volunteer) -> ExternalCredential:
    held, _created = external_credential_add(
        owner=volunteer, received=received_from_bytes(vc_jwt(JWT_ID).encode())
    )
    return held


VIEWS = ["external_detail", "external_original", "external_remove"]


@pytest.mark.parametrize("view", VIEWS)
def test_only_the_holder_sees_her_badge(client, amina_jwt, volunteer, leader, outsider, view):
    path = reverse(f"badges:{view}", kwargs={"uuid": amina_jwt.uuid})
    assert client.get(path).status_code == 302  # anonymous: sign in
    for other in (leader, outsider):  # a peer of her initiative, a stranger
        client.force_login(other)
        assert client.get(path).status_code == 404
    client.force_login(volunteer)
    assert client.get(path).status_code == 200


def test_nobody_else_can_check_again_or_remove_it(client, amina_jwt, leader, outsider):
    for other in (leader, outsider):
        client.force_login(other)
        for view in ("external_recheck", "external_remove"):
            path = reverse(f"badges:{view}", kwargs={"uuid": amina_jwt.uuid})
            assert client.post(path).status_code == 404
        image = reverse("badges:external_image", kwargs={"uuid": amina_jwt.uuid})
        assert client.get(image).status_code == 404
        page = client.get(MINE).content.decode()
        assert "Tenir une caisse" not in page
    assert ExternalCredential.objects.filter(pk=amina_jwt.pk).exists()


def test_removing_asks_first_then_forgets_it(amina, amina_jwt):
    path = reverse("badges:external_remove", kwargs={"uuid": amina_jwt.uuid})
    confirm = amina.get(path)
    assert "Remove “Tenir une caisse”?" in confirm.content.decode()
    assert ExternalCredential.objects.filter(pk=amina_jwt.pk).exists()
    response = amina.post(path)
    assert response.status_code == 302 and response["Location"] == MINE
    assert not ExternalCredential.objects.filter(pk=amina_jwt.pk).exists()


def test_the_add_form_needs_a_signed_in_person(client):
    assert client.get(ADD).status_code == 302
    assert client.post(ADD, {"url": "https://example.org/b.json"}).status_code == 302


def test_my_badges_costs_the_same_with_1_or_10_badges_from_elsewhere(
    amina, volunteer, count_queries
):
    def add(number: int) -> None:
        credential = other_issuer_credential(f"urn:uuid:00000000-0000-4000-8000-{number:012d}")
        external_credential_upsert(
            owner=volunteer,
            original=json.dumps(credential),
            format=CredentialFormat.JSON,
            credential_id=credential["id"],
        )

    add(0)
    one = count_queries(amina, MINE)
    for number in range(1, 10):
        add(number)
    assert count_queries(amina, MINE) == one
    assert amina.get(MINE).content.decode().count("data-status=") == 10


# --- Personal data --------------------------------------------------------------------------


def test_they_are_in_the_export_and_go_with_the_account(
    amina, volunteer, internet, django_capture_on_commit_callbacks
):
    other = other_instance_badge()
    other.serve(internet)
    _upload(amina, other.png, "badge.png")
    held = ExternalCredential.objects.get(owner=volunteer)
    data, files = exported(volunteer)
    [row] = data["credentials_from_elsewhere"]
    assert row["image_file"] == f"elsewhere/{held.uuid}.png"
    assert files[row["image_file"]] == other.png
    assert json.loads(files[row["file"]]) == other.credential
    assert files[row["file"]] == held.original.encode()

    image = held.image.name
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=volunteer, by=volunteer)
    assert not ExternalCredential.objects.filter(pk=held.pk).exists()
    assert not default_storage.exists(image)
