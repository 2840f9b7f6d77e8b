"""Awards: the model and service, the public credential JSON, the "award by hand" page."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from badges.models import Award, email_identity_hash
from badges.services.awards import award_create
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import (
    IssuerFactory,
    initiative_with_members,
    other_initiative_leader,
)


@pytest.fixture
def volunteer(db):
    return UserFactory(email="amina@example.org", display_name="Amina", preferred_language="en")


@pytest.fixture
def leader(db):
    return UserFactory(email="sophie@example.org", display_name="Sophie", preferred_language="en")


@pytest.fixture
def issuer(leader, volunteer):
    return IssuerFactory(initiative=initiative_with_members(leader=leader, member=volunteer))


@pytest.fixture
def badge(issuer):
    return badge_class_add(issuer)


# --- Service ---------------------------------------------------------------------------


def test_the_hash_is_the_open_badges_one():
    # The OB 3.0 specification's example: sha256("a@example.com" + "Kosher").
    assert email_identity_hash("a@example.com", "Kosher") == (
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    )


def test_award_create_stores_a_signed_credential(badge, leader, volunteer):
    award = award_create(
        badge_class=badge,
        by=leader,
        email=" Amina@Example.org ",
        narrative="A animé trois ateliers.",
        recipient=volunteer,
    )
    award.refresh_from_db()
    assert award.recipient == volunteer
    assert award.recipient_email == "amina@example.org"
    assert award.awarded_by == leader
    assert len(award.salt) == 32
    expected = hashlib.sha256(f"amina@example.org{award.salt}".encode()).hexdigest()
    assert award.identity_hash == f"sha256${expected}"
    assert award.expires_at is None
    assert award.revoked_at is None and award.revocation_reason == ""
    assert award.credential["id"] == f"http://testserver/badges/awards/{award.uuid}.json"
    assert award.credential["proof"][0]["type"] == "DataIntegrityProof"
    subject = award.credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == award.identity_hash
    assert subject["narrative"] == "A animé trois ateliers."
    assert "amina@example.org" not in str(award.credential).lower()


def test_validity_days_set_the_expiry(issuer, leader):
    badge = badge_class_add(issuer, validity_days=30)
    award = award_create(badge_class=badge, by=leader, email="x@example.org")
    assert award.expires_at == award.issued_at + timedelta(days=30)
    assert award.credential["validUntil"] == award.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert not award.is_expired()
    assert award.is_expired(at=award.expires_at)


@pytest.mark.parametrize("persona", ["other", "volunteer"])
def test_only_issuer_staff_award(badge, volunteer, persona):
    by = other_initiative_leader() if persona == "other" else volunteer
    with pytest.raises(PermissionDenied):
        award_create(badge_class=badge, by=by, email="x@example.org")
    assert not Award.objects.exists()


def test_a_bad_email_is_refused(badge, leader):
    with pytest.raises(ValidationError) as error:
        award_create(badge_class=badge, by=leader, email="not an email")
    assert "email" in error.value.message_dict
    assert not Award.objects.exists()


# --- Public credential -----------------------------------------------------------------


def test_the_credential_is_public_and_downloadable(client, badge, leader):
    award = award_create(badge_class=badge, by=leader, email="x@example.org")
    response = client.get(reverse("badges:award_ob3", args=[award.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="badge-{award.uuid}.json"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == award.credential
    assert response.json()["id"] == "http://testserver" + response.request["PATH_INFO"]


def test_an_unknown_credential_is_404(client, db):
    assert client.get(reverse("badges:award_ob3", args=[uuid.uuid4()])).status_code == 404


# --- Award by hand ---------------------------------------------------------------------


def _page(badge):
    return reverse("badges:award_create", args=[badge.uuid])


def test_issuer_staff_award_by_hand(client, badge, leader):
    client.force_login(leader)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    detail = client.get(badge.get_absolute_url())
    assert _page(badge) in detail.content.decode()
    assert client.get(_page(badge)).status_code == 200
    response = client.post(_page(badge), {"email": "new@example.org", "narrative": "Bravo"})
    assert response.status_code == 302
    assert response["Location"] == badge.get_absolute_url()
    award = Award.objects.get()
    assert award.recipient_email == "new@example.org"
    assert award.narrative == "Bravo"
    assert award.awarded_by == leader


def test_the_form_shows_errors(client, badge, leader):
    client.force_login(leader)
    response = client.post(_page(badge), {"email": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Award.objects.exists()


@pytest.mark.parametrize("persona", ["other", "volunteer"])
def test_others_may_not_award(client, badge, volunteer, persona):
    client.force_login(other_initiative_leader() if persona == "other" else volunteer)
    assert client.get(_page(badge)).status_code == 403
    assert client.post(_page(badge), {"email": "x@example.org"}).status_code == 403
    assert _page(badge) not in client.get(badge.get_absolute_url()).content.decode()
    assert not Award.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, badge):
    response = client.post(_page(badge), {"email": "x@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert not Award.objects.exists()


def test_unknown_badge_class_is_404(client, leader):
    client.force_login(leader)
    assert client.get(reverse("badges:award_create", args=[uuid.uuid4()])).status_code == 404
