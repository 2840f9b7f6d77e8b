"""The attestation API, by persona: leaders list candidates, issue and revoke; the person
lists hers and asks for one; nobody else reads or writes anything (404)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Notification, NotificationKind
from badges.models import Attestation
from tests.badges.factories.issuers import IssuerFactory
from tests.community.factories.contributions import ContributionFactory
from tests.conftest import login, refused

pytestmark = pytest.mark.django_db

API = "portfolios_api"


def _url(name: str, *args) -> str:
    return reverse(f"{API}:{name}", args=args)


@pytest.fixture
def recorded(volunteer, initiative):
    IssuerFactory(initiative=initiative)
    ContributionFactory(
        owner=volunteer, initiative=initiative, started_on=dt.date(2026, 3, 1), hours=Decimal(2)
    )
    ContributionFactory(
        owner=volunteer, initiative=initiative, started_on=dt.date(2026, 4, 1), hours=Decimal("1.5")
    )


def _issue(client, leader, initiative, volunteer):
    login(client, leader)
    return client.post(
        _url("initiative_attestations", initiative.slug),
        {"person": volunteer.pk, "period_start": "2026-01-01", "period_end": "2026-11-30"},
        content_type="application/json",
    )


def test_a_leader_issues_and_revokes_and_the_person_reads_it(
    client, recorded, leader, volunteer, initiative
):
    login(client, leader)
    (candidate,) = client.get(_url("attestation_candidates", initiative.slug)).json()["results"]
    assert candidate["person"] == volunteer.pk and candidate["hours"] == "3.5"
    response = _issue(client, leader, initiative, volunteer)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["hours_by_year"] == {"2026": "3.5"} and body["state"] == "valid"
    assert "amina@example.org" not in str(body)
    (listed,) = client.get(_url("initiative_attestations", initiative.slug)).json()["results"]
    assert listed["uuid"] == body["uuid"]
    revoked = client.post(
        _url("attestation_revoke", body["uuid"]),
        {"reason": "Erreur."},
        content_type="application/json",
    )
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    again = client.post(
        _url("attestation_revoke", body["uuid"]),
        {"reason": "Encore."},
        content_type="application/json",
    )
    assert again.status_code in (400, 409)
    login(client, volunteer)
    (mine,) = client.get(_url("attestation_list")).json()["results"]
    assert mine["uuid"] == body["uuid"]


def test_without_an_issuer_the_api_says_why(client, volunteer, leader, initiative, english):
    ContributionFactory(owner=volunteer, initiative=initiative, started_on=dt.date(2026, 3, 1))
    response = _issue(client, leader, initiative, volunteer)
    assert response.status_code == 400 and "issuer" in str(response.json())


@pytest.mark.parametrize("persona", ["volunteer", "other_leader", "outsider", "advisor"])
def test_only_leaders_issue_list_or_revoke(
    client, as_persona, recorded, leader, volunteer, initiative, persona
):
    issued = _issue(client, leader, initiative, volunteer).json()
    client.logout()
    as_persona(persona)
    assert client.get(_url("initiative_attestations", initiative.slug)).status_code == 404
    assert client.get(_url("attestation_candidates", initiative.slug)).status_code == 404
    posted = client.post(
        _url("initiative_attestations", initiative.slug),
        {"person": volunteer.pk, "period_start": "2026-01-01", "period_end": "2026-11-30"},
        content_type="application/json",
    )
    assert posted.status_code == 404
    revoke = client.post(
        _url("attestation_revoke", issued["uuid"]),
        {"reason": "Non."},
        content_type="application/json",
    )
    assert revoke.status_code == 404
    assert Attestation.objects.count() == 1 and not Attestation.objects.get().is_revoked
    if persona != "volunteer":
        assert client.get(_url("attestation_list")).json()["results"] == []


@pytest.mark.parametrize("persona", [None])
def test_anonymous_callers_are_refused(client, as_persona, recorded, initiative, persona):
    as_persona(persona)
    assert client.get(_url("attestation_list")).status_code == refused(persona)
    assert client.get(_url("initiative_attestations", initiative.slug)).status_code == refused(
        persona
    )


def test_the_person_asks_and_the_leaders_are_told(
    client, recorded, volunteer, leader, initiative, outsider
):
    login(client, volunteer)
    response = client.post(
        _url("attestation_request"),
        {"initiative": initiative.slug},
        content_type="application/json",
    )
    assert response.status_code == 202
    assert Notification.objects.get(kind=NotificationKind.ATTESTATION_REQUESTED).recipient == leader
    login(client, outsider)
    refused_request = client.post(
        _url("attestation_request"),
        {"initiative": initiative.slug},
        content_type="application/json",
    )
    assert refused_request.status_code == 400
