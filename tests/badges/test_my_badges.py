"""My badges: my awards (valid, expired, revoked, said in words), their downloads, the
badges proposed for me; only mine; a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from badges.models import Award
from badges.services.awards import award_create
from badges.services.revocation import award_revoke
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import other_initiative_leader
from tests.badges.factories.proposals import bare_awards, proposal_add, scene

MINE = reverse("badges:my_badges")


@pytest.fixture
def s(default_framework):
    return scene(default_framework)


@pytest.fixture
def awards(s):
    """Amina's three badges: valid, expired, revoked."""
    valid = award_create(badge_class=s.badge, by=s.leader, email=s.member.email)
    expiring = badge_class_add(s.issuer, name="Accueillir", slug="accueillir", validity_days=30)
    expired = award_create(badge_class=expiring, by=s.leader, email=s.member.email)
    Award.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revocable = badge_class_add(s.issuer, name="Trier", slug="trier")
    revoked = award_create(badge_class=revocable, by=s.leader, email=s.member.email)
    award_revoke(award=revoked, by=s.leader, reason="Erreur de personne.")
    return valid, expired, revoked


@pytest.fixture
def english_client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_my_awards_with_their_state_and_downloads(english_client, s, awards):
    valid, expired, revoked = awards
    english_client.force_login(s.member)
    response = english_client.get(MINE)
    assert response.status_code == 200
    page = response.content.decode()
    states = {item.award.pk: item.status for item in response.context["awards"]}
    assert states == {valid.pk: "valid", expired.pk: "expired", revoked.pk: "revoked"}
    # The state is said in words, not only in colour.
    assert "<strong>Valid</strong>" in page
    assert "<strong>Expired</strong>" in page
    assert "<strong>Revoked</strong>" in page
    for award in (valid, expired, revoked):
        assert award.page_url in page
    for url in (valid.png_url, valid.svg_url, valid.ob3_url):
        assert f'href="{url}"' in page
    assert revoked.png_url not in page  # nothing to download from a revoked badge
    assert "Réparer avec d&#x27;autres" in page and "Repair Café de Chenôve" in page


def test_my_pending_proposals(english_client, s):
    proposal_add(s.badge, s.member)
    english_client.force_login(s.member)
    page = english_client.get(MINE).content.decode()
    assert "Proposed, waiting for a leader's confirmation" in page
    assert "Réparer avec d&#x27;autres" in page


def test_the_empty_state(english_client, s):
    english_client.force_login(s.member)
    page = english_client.get(MINE).content.decode()
    assert "You have not received a badge yet." in page
    assert "Badges proposed for me" not in page


@pytest.mark.parametrize("who", ["leader", "other_leader"])
def test_others_never_see_my_badges(english_client, s, awards, who):
    proposal_add(s.badge, s.member)
    english_client.force_login(s.leader if who == "leader" else other_initiative_leader())
    response = english_client.get(MINE)
    assert response.status_code == 200
    assert response.context["awards"] == [] and response.context["proposals"] == []
    assert awards[0].page_url not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_the_navigation_links_to_my_badges(english_client, s):
    english_client.force_login(s.member)
    page = english_client.get(reverse("home")).content.decode()
    assert f'href="{MINE}"' in page and "My badges" in page
    english_client.logout()
    assert f'href="{MINE}"' not in english_client.get(reverse("home")).content.decode()


def test_the_page_costs_a_constant_number_of_queries(
    client, s, default_framework, django_assert_max_num_queries
):
    client.force_login(s.member)
    bare_awards(s.badge, s.member, 1)
    proposal_add(s.badge, s.member)
    with django_assert_max_num_queries(12) as few:
        assert client.get(MINE).status_code == 200
    other = badge_class_add(s.issuer, name="Accueillir", slug="accueillir")
    bare_awards(other, s.member, 30)
    for index in range(10):
        proposal_add(badge_class_add(s.issuer, slug=f"b{index}"), s.member)
    with django_assert_max_num_queries(len(few)):
        response = client.get(MINE)
    assert len(response.context["awards"]) == 31
    assert len(response.context["proposals"]) == 11
