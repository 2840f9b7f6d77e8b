from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.factories.users import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_for_anonymous(client: Client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'type="email"' in response.content


def test_login_page_redirects_a_signed_in_user(volunteer_client: Client):
    response = volunteer_client.get(reverse("accounts:login"))
    assert response.status_code == 302


def test_wrong_password_is_refused_and_keeps_the_email(client: Client, volunteer):
    response = client.post(
        reverse("accounts:login"), {"username": volunteer.email, "password": "wrong"}
    )
    assert response.status_code == 200
    assert volunteer.email.encode() in response.content
    assert "_auth_user_id" not in client.session


def test_login_is_case_insensitive_on_email(client: Client, volunteer):
    response = client.post(
        reverse("accounts:login"),
        {"username": volunteer.email.upper(), "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == volunteer.pk


def test_login_follows_a_safe_next_only(client: Client, volunteer):
    data = {"username": volunteer.email, "password": DEFAULT_PASSWORD}
    response = client.post(reverse("accounts:login") + "?next=https://evil.example/", data)
    assert response.url == reverse("home")


def test_logout_needs_post(volunteer_client: Client):
    assert volunteer_client.get(reverse("accounts:logout")).status_code == 405
    response = volunteer_client.post(reverse("accounts:logout"))
    assert response.url == reverse("home")
    assert "_auth_user_id" not in volunteer_client.session
