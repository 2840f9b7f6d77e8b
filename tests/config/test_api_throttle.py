"""API throttling (config.rest): per signed-in person and per address, 429 with Retry-After
and the shared error shape, counted in the cache (two processes: test_shared_limits.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("competences_api:framework_list")


def test_a_person_past_their_rate_gets_429_with_retry_after(client, english, volunteer, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_user": "3/m"}
    client.force_login(volunteer)
    codes = [client.get(URL).status_code for _ in range(3)]
    refused = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert codes == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert body["code"] == "throttled"
    assert body["detail"].startswith("Too many requests. Please try again in ")
    # the person's limit follows them to another address
    assert client.get(URL, REMOTE_ADDR="198.51.100.7").status_code == 429


def test_an_address_past_its_rate_gets_429_signed_in_or_not(client, volunteer, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_address": "2/m"}
    assert [client.get(URL).status_code for _ in range(2)] == [200, 200]
    assert client.get(URL).status_code == 429
    client.force_login(volunteer)
    assert client.get(URL).status_code == 429
    assert client.get(URL, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_the_message_is_translated(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_address": "1/m"}
    client.get(URL)
    refused = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.json()["detail"].startswith("Trop de requêtes. Merci de réessayer dans ")
