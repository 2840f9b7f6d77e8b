"""The awards API: award by hand, lists for issuer staff, the public award, my badges,
revocation (409 twice), and award proposals (accept / decline)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.models import Award, AwardProposal, ProposalStatus
from badges.services.awards import award_create, award_issue
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import (
    IssuerFactory,
    initiative_with_members,
)
from tests.conftest import refused

pytestmark = pytest.mark.django_db

PERSONAS = ["leader", "other_leader", "volunteer", None]


@pytest.fixture
def issuer(leader, volunteer):
    return IssuerFactory(initiative=initiative_with_members(leader=leader, member=volunteer))


@pytest.fixture
def badge(issuer):
    return badge_class_add(issuer, validity_days=365)


@pytest.fixture
def award(badge, leader, volunteer):
    return award_issue(
        badge_class=badge,
        email=volunteer.email,
        recipient=volunteer,
        awarded_by=leader,
        narrative="Trois ateliers animés.",
    )


def _url(name: str, *args) -> str:
    return reverse(f"badges_api:{name}", args=args)


# --- Award by hand ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_issuer_staff_award_by_hand(as_persona, persona, badge):
    body = {
        "email": "Marc@Example.org",
        "narrative": "A animé trois ateliers.",
        "evidence_url": "https://repair.example.org/ateliers",
    }
    response = as_persona(persona).post(
        _url("badge_class_awards", badge.uuid), body, content_type="application/json"
    )
    assert response.status_code == (201 if persona == "leader" else refused(persona))
    assert Award.objects.exists() == (persona == "leader")
    if persona == "leader":
        award = Award.objects.get()
        created = response.json()
        assert created["uuid"] == str(award.uuid)
        assert created["recipient_email"] == "marc@example.org"
        assert created["status"] == "valid"
        assert created["awarded_by"] == "Sophie"
        evidence = award.credential["evidence"]
        assert "https://repair.example.org/ateliers" in str(evidence)


def test_award_errors(client, leader, badge):
    client.force_login(leader)
    url = _url("badge_class_awards", badge.uuid)
    invalid = client.post(url, {"email": "not-an-email"}, content_type="application/json")
    assert invalid.status_code == 400
    assert "email" in invalid.json()
    bad_evidence = {"email": "a@example.org", "evidence_url": "javascript:alert(1)"}
    assert client.post(url, bad_evidence, content_type="application/json").status_code == 400
    assert not Award.objects.exists()
    unknown = _url("badge_class_awards", "00000000-0000-4000-8000-000000000000")
    assert client.post(unknown, {"email": "a@example.org"}).status_code == 404


# --- Lists for issuer staff ------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_issuer_staff_list_awards(as_persona, persona, issuer, badge, award):
    client = as_persona(persona)
    for url in (_url("badge_class_awards", badge.uuid), _url("issuer_awards", issuer.uuid)):
        response = client.get(url)
        assert response.status_code == (200 if persona == "leader" else refused(persona))
        if persona == "leader":
            [item] = response.json()["results"]
            assert item["uuid"] == str(award.uuid)
            assert item["recipient_email"] == "amina@example.org"
            assert item["recipient_name"] == "Amina"


def test_award_lists_cost_the_same_whatever_their_length(
    client, leader, issuer, badge, award, django_assert_max_num_queries
):
    client.force_login(leader)
    urls = [_url("badge_class_awards", badge.uuid), _url("issuer_awards", issuer.uuid)]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(8) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few))
    other = badge_class_add(issuer, slug="autre")
    for number in range(4):
        recipient = UserFactory(email=f"p{number}@example.org")
        award_issue(badge_class=badge, email=recipient.email, recipient=recipient)
        award_create(badge_class=other, by=leader, email=f"q{number}@example.org")
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url, {"page_size": 100}).status_code == 200
    assert len(client.get(urls[1], {"page_size": 100}).json()["results"]) == 9


def test_award_lists_are_paginated(client, leader, badge):
    client.force_login(leader)
    for number in range(3):
        award_create(badge_class=badge, by=leader, email=f"p{number}@example.org")
    page = client.get(_url("badge_class_awards", badge.uuid), {"page_size": 2}).json()
    assert "count" not in page  # a cursor: no count over every award
    assert len(page["results"]) == 2
    assert "cursor=" in page["next"] and page["previous"] is None
    rest = client.get(page["next"]).json()
    assert len(rest["results"]) == 1 and rest["next"] is None
    seen = [item["uuid"] for item in page["results"] + rest["results"]]
    assert len(set(seen)) == 3  # newest first, none twice
    issued = [item["issued_at"] for item in page["results"] + rest["results"]]
    assert issued == sorted(issued, reverse=True)


# --- The public award, my badges -------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_reads_an_award_without_the_recipient(as_persona, persona, award, badge, issuer):
    response = as_persona(persona).get(_url("award_detail", award.uuid))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "valid"
    assert data["badge_class"]["uuid"] == str(badge.uuid)
    assert data["issuer"]["id"] == issuer.id_url
    assert data["narrative"] == "Trois ateliers animés."
    assert data["links"] == {
        "page": award.page_url,
        "ob3": award.ob3_url,
        "ob2": award.ob2_url,
        "png": award.png_url,
        "svg": award.svg_url,
    }
    text = response.content.decode()
    assert "amina@example.org" not in text
    assert "recipient_email" not in data


def test_an_award_says_when_it_expired_or_was_revoked(client, award, leader):
    Award.objects.filter(pk=award.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert client.get(_url("award_detail", award.uuid)).json()["status"] == "expired"
    Award.objects.filter(pk=award.pk).update(revoked_at=timezone.now(), revocation_reason="Erreur")
    revoked = client.get(_url("award_detail", award.uuid)).json()
    assert (revoked["status"], revoked["revocation_reason"]) == ("revoked", "Erreur")
    unknown = _url("award_detail", "00000000-0000-4000-8000-000000000000")
    assert client.get(unknown).status_code == 404


def test_my_badges(client, award, badge, leader, volunteer, django_assert_max_num_queries):
    assert client.get(_url("my_awards")).status_code == 401
    award_create(badge_class=badge, by=leader, email="someone@example.org")
    client.force_login(volunteer)
    with django_assert_max_num_queries(5):
        mine = client.get(_url("my_awards")).json()
    assert [item["uuid"] for item in mine["results"]] == [str(award.uuid)]
    client.force_login(leader)
    assert client.get(_url("my_awards")).json()["results"] == []


# --- Revocation ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_issuer_staff_revoke(as_persona, persona, award):
    client = as_persona(persona)
    url = _url("award_revoke", award.uuid)
    response = client.post(url, {"reason": "Attribué par erreur."}, content_type="application/json")
    assert response.status_code == (200 if persona == "leader" else refused(persona))
    award.refresh_from_db()
    assert award.is_revoked == (persona == "leader")
    if persona == "leader":
        assert response.json()["status"] == "revoked"
        assert response.json()["revocation_reason"] == "Attribué par erreur."
    else:
        # Refused before the body is read: no reason is not a 400 for them.
        assert client.post(url, {}, content_type="application/json").status_code == refused(persona)


def test_revocation_needs_a_reason_and_happens_once(client, english, leader, award):
    client.force_login(leader)
    url = _url("award_revoke", award.uuid)
    missing = client.post(url, {"reason": "   "}, content_type="application/json")
    assert missing.status_code == 400
    assert "reason" in missing.json()
    first = client.post(url, {"reason": "Erreur."}, content_type="application/json")
    assert first.status_code == 200
    again = client.post(url, {"reason": "Encore."}, content_type="application/json")
    assert again.status_code == 409
    assert again.json() == {
        "detail": "This badge was already revoked.",
        "code": "already_revoked",
    }
    award.refresh_from_db()
    assert award.revocation_reason == "Erreur."


# --- Proposals -------------------------------------------------------------------------


@pytest.fixture
def proposal(badge, volunteer):
    return AwardProposal.objects.create(badge_class=badge, user=volunteer)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pending_proposals_for_the_people_who_decide(as_persona, persona, proposal):
    response = as_persona(persona).get(_url("proposal_list"))
    if persona is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    results = response.json()["results"]
    if persona == "leader":
        [item] = results
        assert (item["id"], item["person"], item["status"]) == (proposal.pk, "Amina", "pending")
        assert "amina@example.org" not in response.content.decode()
    else:
        assert results == []  # the volunteer does not decide on their own badge


def test_proposal_list_costs_the_same_whatever_its_length(
    client, leader, issuer, badge, proposal, django_assert_max_num_queries
):
    client.force_login(leader)
    with django_assert_max_num_queries(12) as few:
        assert client.get(_url("proposal_list")).status_code == 200
    for number in range(4):
        person = UserFactory(email=f"p{number}@example.org")
        AwardProposal.objects.create(badge_class=badge, user=person)
    with django_assert_max_num_queries(len(few)):
        assert client.get(_url("proposal_list")).json()["count"] == 5


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_issuer_staff_accept(as_persona, persona, proposal, volunteer):
    response = as_persona(persona).post(_url("proposal_accept", proposal.pk))
    assert response.status_code == (200 if persona == "leader" else refused(persona))
    proposal.refresh_from_db()
    assert (proposal.status == ProposalStatus.ACCEPTED) == (persona == "leader")
    if persona == "leader":
        award = Award.objects.get(recipient=volunteer)
        assert response.json()["status"] == "accepted"
        assert response.json()["award"] == str(award.uuid)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_issuer_staff_decline(as_persona, persona, proposal):
    response = as_persona(persona).post(_url("proposal_decline", proposal.pk))
    assert response.status_code == (200 if persona == "leader" else refused(persona))
    proposal.refresh_from_db()
    assert (proposal.status == ProposalStatus.DECLINED) == (persona == "leader")
    assert not Award.objects.exists()


def test_a_decided_proposal_answers_409(client, leader, proposal):
    client.force_login(leader)
    assert client.post(_url("proposal_decline", proposal.pk)).status_code == 200
    for name in ("proposal_accept", "proposal_decline"):
        again = client.post(_url(name, proposal.pk))
        assert again.status_code == 409
        assert again.json()["code"] == "decided"
    assert not Award.objects.exists()
    assert client.post(_url("proposal_accept", 999999)).status_code == 404
