from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def test_profile_needs_login(client: Client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_owner_sees_their_profile(volunteer_client: Client, volunteer):
    response = volunteer_client.get(PROFILE)
    assert response.status_code == 200
    assert volunteer.email.encode() in response.content


def test_profile_shows_only_the_signed_in_user(client: Client, volunteer, outsider):
    client.force_login(outsider)
    response = client.get(PROFILE)
    assert outsider.email.encode() in response.content
    assert volunteer.email.encode() not in response.content


def test_owner_updates_name_and_language(volunteer_client: Client, volunteer):
    response = volunteer_client.post(
        PROFILE, {"display_name": "Amina B.", "preferred_language": "en"}
    )
    assert response.url == PROFILE
    volunteer.refresh_from_db()
    assert (volunteer.display_name, volunteer.preferred_language) == ("Amina B.", "en")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = volunteer_client.get(PROFILE)
    assert page["Content-Language"] == "en"


def test_profile_rejects_unknown_language_and_keeps_input(volunteer_client: Client, volunteer):
    response = volunteer_client.post(PROFILE, {"display_name": "Gardé", "preferred_language": "xx"})
    assert response.status_code == 200
    assert 'value="Gardé"' in response.content.decode()
    assert User.objects.get(pk=volunteer.pk).preferred_language == "fr"


def test_language_switch_for_anonymous_sets_cookie(client: Client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/")["Content-Language"] == "en"


def test_language_switch_without_next_goes_home(client: Client):
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 302


def test_language_switch_refuses_external_next(client: Client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_language_switch_is_remembered_on_the_profile(volunteer_client: Client, volunteer):
    volunteer_client.post(reverse("set_language"), {"language": "en", "next": PROFILE})
    volunteer.refresh_from_db()
    assert volunteer.preferred_language == "en"
