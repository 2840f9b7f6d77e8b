"""Sign-up with email verification."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")


@pytest.fixture
def signup(client: Client, django_capture_on_commit_callbacks):
    """Post the sign-up form; emails queued on commit are sent at once."""

    def post(**overrides: str):
        with django_capture_on_commit_callbacks(execute=True):
            return _signup(client, **overrides)

    return post


def _signup(client: Client, **overrides: str):
    data = {
        "email": "Nouveau@Example.org",
        "display_name": "Nora",
        "password": "un mot de passe solide",
        "preferred_language": "fr",
        **overrides,
    }
    return client.post(SIGNUP, data)


def _link(message) -> str:
    return re.search(r"http://testserver(/accounts/verify/\S+/)", message.body).group(1)


def test_signup_page_for_anonymous(client: Client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert b'autocomplete="new-password"' in response.content


def test_signup_page_redirects_a_signed_in_user(volunteer_client: Client):
    assert volunteer_client.get(SIGNUP).url == reverse("accounts:profile")


def test_signup_creates_an_unverified_account_and_sends_the_link(signup, client: Client):
    response = signup()
    assert response.url == reverse("accounts:signup_done")
    user = User.objects.get()
    assert user.email == "nouveau@example.org"
    assert user.email_verified is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouveau@example.org"]
    assert "Confirmez" in mail.outbox[0].subject or "Confirm" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives  # an HTML part too
    done = client.get(response.url)
    assert b"nouveau@example.org" in done.content


def test_signup_email_is_in_the_chosen_language(signup):
    signup(preferred_language="en")
    assert mail.outbox[0].subject == "Confirm your email address for Jalons"


def test_verification_link_confirms_the_address_then_login_works(signup, client: Client):
    signup()
    response = client.get(_link(mail.outbox[0]))
    assert response.url == reverse("accounts:login")
    assert User.objects.get().email_verified
    response = client.post(
        reverse("accounts:login"),
        {"username": "NOUVEAU@example.org", "password": "un mot de passe solide"},
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_verification_link_expires(signup, client: Client):
    with time_machine.travel("2026-01-01 10:00", tick=False):
        signup()
    with time_machine.travel("2026-01-05 10:00", tick=False):
        response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 400
    assert User.objects.get().email_verified is False


def test_tampered_verification_link_is_refused(signup, client: Client):
    signup()
    response = client.get(_link(mail.outbox[0])[:-3] + "xx/")
    assert response.status_code == 400


def test_unverified_account_cannot_log_in(signup, client: Client):
    signup()
    response = client.post(
        reverse("accounts:login"),
        {"username": "nouveau@example.org", "password": "un mot de passe solide"},
    )
    assert response.status_code == 200
    assert reverse("accounts:resend_verification").encode() in response.content
    assert "_auth_user_id" not in client.session


def test_signup_keeps_what_was_typed_and_explains_errors(client: Client):
    response = _signup(client, email="pas-une-adresse", password="123")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Nora"' in html
    assert 'value="pas-une-adresse"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_email_error"' in html
    assert User.objects.count() == 0


def test_signup_with_an_existing_address_reveals_nothing(signup, volunteer):
    response = signup(email=volunteer.email.upper())
    assert response.url == reverse("accounts:signup_done")
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "already" in mail.outbox[0].body or "déjà" in mail.outbox[0].body


def test_resend_verification(signup, client: Client):
    signup()
    response = client.post(
        reverse("accounts:resend_verification"), {"email": "nouveau@example.org"}
    )
    assert response.url == reverse("accounts:signup_done")
    assert len(mail.outbox) == 2


def test_resend_for_unknown_or_verified_address_sends_nothing(client: Client, volunteer):
    for email in ("nobody@example.org", volunteer.email):
        response = client.post(reverse("accounts:resend_verification"), {"email": email})
        assert response.status_code == 302
    assert mail.outbox == []


def test_already_verified_link_goes_to_login(signup, client: Client):
    signup()
    link = _link(mail.outbox[0])
    client.get(link)
    response = client.get(link)
    assert response.url == reverse("accounts:login")
