"""Documents where their ids point (#17): an Achievement's ``id`` (the badge class's
address) answers the Achievement as JSON-LD to clients that ask for JSON, the page
otherwise, with ``Vary: Accept`` on every negotiated answer (the award page too); the
alignments of a published framework point to the CASE ``CFItems/<uuid>``."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from badges.documents import competence_target_url
from badges.ob3 import CREDENTIAL_CONTEXT
from badges.services.award_documents import badge_class_achievement
from tests.badges.factories.revocation import award_add, setting

pytestmark = pytest.mark.django_db

JSON_ACCEPTS = ["application/ld+json", "application/json", "application/ld+json, text/html;q=0.5"]


@pytest.fixture
def s():
    return setting()


def _path(badge) -> str:
    return f"/badges/classes/{badge.uuid}"


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("accept", JSON_ACCEPTS)
def test_the_achievement_id_answers_json_ld_to_anyone(client, s, outsider, accept):
    for who in (None, outsider, s.leader):  # anonymous, a stranger, the issuer's staff
        browser = Client()
        if who is not None:
            browser.force_login(who)
        response = browser.get(_path(s.badge), HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/ld+json")
        assert "accept" in _vary(response)
        document = json.loads(response.content)
        assert document["id"] == s.badge.id_url
        assert document["id"].endswith(_path(s.badge))
        assert document["type"] == ["Achievement"]
        assert document["@context"] == CREDENTIAL_CONTEXT
        assert document["name"] == s.badge.name
        # The same Achievement that awards embed.
        expected = badge_class_achievement(badge_class=s.badge)
        assert {key: value for key, value in document.items() if key != "@context"} == expected


def test_the_achievement_id_answers_the_page_to_browsers(client, s):
    response = client.get(_path(s.badge), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "accept" in _vary(response)
    assert s.badge.name in response.content.decode()
    assert client.get(_path(s.badge), {"format": "json"})["Content-Type"].startswith(
        "application/ld+json"
    )


def test_an_unknown_badge_class_is_404_in_both_forms(client):
    path = "/badges/classes/00000000-0000-4000-8000-000000000000"
    assert client.get(path, HTTP_ACCEPT="application/ld+json").status_code == 404
    assert client.get(path).status_code == 404


def test_the_award_page_varies_on_accept_in_every_answer(client, s):
    award = award_add(s)
    path = f"/badges/awards/{award.uuid}"
    html = client.get(path, HTTP_ACCEPT="text/html")
    as_json = client.get(path, HTTP_ACCEPT="application/ld+json")
    assert html["Content-Type"].startswith("text/html")
    assert as_json["Content-Type"].startswith("application/ld+json")
    for response in (html, as_json):
        assert "accept" in _vary(response)
    again = client.get(path, HTTP_ACCEPT="text/html", HTTP_IF_NONE_MATCH=html["ETag"])
    assert again.status_code == 304
    assert "accept" in _vary(again)


def test_alignments_of_a_published_framework_point_to_the_case_item(client, default_framework):
    competence = default_framework.competences.first()
    url = competence_target_url(competence)
    assert url == f"http://testserver/ims/case/v1p1/CFItems/{competence.uuid}"
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert json.loads(response.content)["identifier"] == str(competence.uuid)
