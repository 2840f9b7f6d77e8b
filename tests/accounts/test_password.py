from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_sends_a_link_in_the_account_language(client: Client):
    UserFactory(email="en@example.org", preferred_language="en")
    response = client.post(reverse("accounts:password_reset"), {"email": "en@example.org"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox[0].subject == "Choose a new password for Jalons"


def test_password_reset_for_unknown_address_says_the_same(client: Client):
    response = client.post(reverse("accounts:password_reset"), {"email": "x@example.org"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_full_flow_also_verifies_the_email(client: Client):
    user = UserFactory(email="reset@example.org", email_verified_at=None)
    client.post(reverse("accounts:password_reset"), {"email": "reset@example.org"})
    path = re.search(r"http://testserver(\S+/)", str(mail.outbox[0].body)).group(1)
    response = client.get(path)  # redirects to the set-password URL (token moved to session)
    assert response.status_code == 302
    response = client.post(
        response.url,
        {"new_password1": "nouveau mot de passe 42", "new_password2": "nouveau mot de passe 42"},
    )
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("nouveau mot de passe 42")
    assert user.email_verified


def test_bad_reset_link_shows_a_plain_explanation(client: Client, volunteer):
    response = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": "xx", "token": "bad"})
    )
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_password_change_for_owner(volunteer_client: Client, volunteer):
    response = volunteer_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "encore un autre secret",
            "new_password2": "encore un autre secret",
        },
    )
    assert response.url == reverse("accounts:profile")
    assert User.objects.get(pk=volunteer.pk).check_password("encore un autre secret")


def test_password_change_needs_login(client: Client):
    response = client.get(reverse("accounts:password_change"))
    assert response.url.startswith(reverse("accounts:login"))
