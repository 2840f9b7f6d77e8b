"""Home page, error pages, API docs (health checks: test_health.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_is_french_by_default(client: Client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert b'<html lang="fr">' in response.content


def test_home_in_english_on_request(client: Client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    assert b"Skip to main content" in response.content


def test_home_has_one_h1_landmarks_and_skip_link(client: Client):
    html = client.get("/").content.decode()
    assert html.count("<h1") == 1
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'href="#main"' in html


def test_home_for_a_signed_in_user_shows_the_account_menu(volunteer_client: Client):
    html = volunteer_client.get("/").content.decode()
    assert reverse("accounts:profile") in html
    assert reverse("accounts:signup") not in html


def test_custom_404_page(client: Client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<h1" in response.content
    assert reverse("home").encode() in response.content


def test_custom_403_page(volunteer_client: Client):
    response = volunteer_client.get(reverse("accounts:advisors"))
    assert response.status_code == 403
    assert b"<h1" in response.content


def test_custom_500_page(rf):
    from config.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"<h1" in response.content


def test_api_docs_are_served_offline(client: Client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert b"cdn." not in response.content
    assert client.get(reverse("api-schema")).status_code == 200


def test_admin_is_for_staff_only(client: Client, volunteer, staff):
    client.force_login(volunteer)
    assert client.get("/admin/").status_code == 302
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 200
