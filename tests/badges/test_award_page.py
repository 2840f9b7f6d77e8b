"""The public page of an award: valid, expired or revoked; the credential for JSON-LD."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from badges.services.revocation import award_revoke
from tests.badges.factories.revocation import award_add, setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return setting()


@pytest.fixture
def award(s):
    return award_add(s)


def _page(client, award) -> str:
    response = client.get(f"/badges/awards/{award.uuid}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_a_valid_award(client, s, award):
    html = _page(client, award)
    assert s.badge.name in html and s.issuer.name in html
    assert s.badge.criteria_narrative in html
    assert "Trois ateliers." in html
    assert "award-status--valid" in html
    assert f'href="{award.ob3_path}"' in html
    assert f"/badges/classes/{s.badge.uuid}/image.png" in html
    assert "award-issued" in html and "award-expires" in html
    assert "/revoke/" not in html  # anonymous


def test_staff_see_the_revoke_link(client, s, award):
    client.force_login(s.leader)
    assert f"/badges/awards/{award.uuid}/revoke/" in _page(client, award)
    client.force_login(s.member)
    assert "/revoke/" not in _page(client, award)


def test_an_expired_award(client, award):
    with time_machine.travel(award.expires_at + dt.timedelta(days=1)):
        html = _page(client, award)
    assert "award-status--expired" in html and "award-status--valid" not in html


def test_a_revoked_award(client, s, award):
    award_revoke(award=award, by=s.leader, reason="Attribué par erreur.")
    html = _page(client, award)
    assert "award-status--revoked" in html
    assert "Attribué par erreur." in html
    assert "award-status--valid" not in html


def test_a_badge_without_expiry_stays_valid(client):
    s = setting(validity_days=None)
    award = award_add(s)
    with time_machine.travel(timezone.now() + dt.timedelta(days=4000)):
        html = _page(client, award)
    assert "award-status--valid" in html and "award-expires" not in html


def test_alignments_are_listed(client, s, award):
    alignment = award.credential["credentialSubject"]["achievement"].get("alignment", [])
    html = _page(client, award)
    for item in alignment:
        assert item["targetName"] in html


def test_json_ld_clients_get_the_credential(client, award):
    response = client.get(f"/badges/awards/{award.uuid}", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == award.credential


def test_unknown_award_is_404(client):
    assert client.get("/badges/awards/00000000-0000-0000-0000-000000000000").status_code == 404
