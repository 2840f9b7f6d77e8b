"""The "Badges to confirm" page: what it shows, one-click decisions, who may see it, its
cost, and the navigation count."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from badges.models import Award, AwardProposal, ProposalStatus
from community.models import EndorserKind, Initiative
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add, claim_add, endorse
from tests.badges.factories.issuers import (
    IssuerFactory,
    TerritoryIssuerFactory,
    other_initiative_leader,
)
from tests.badges.factories.proposals import proposal_add, scene

LIST = reverse("badges:proposal_list")


def decide(pk: int) -> str:
    return reverse("badges:proposal_decide", args=[pk])


@pytest.fixture
def s(default_framework):
    return scene(default_framework)


@pytest.fixture
def proposal(s):
    endorse(s.claim, email=s.leader.email, level=3, kind=EndorserKind.LEADER, endorser=s.leader)
    return proposal_add(s.badge, s.member)


@pytest.fixture
def english_client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# --- What the leader sees --------------------------------------------------------------


def test_the_leader_sees_the_proposal_and_why(english_client, s, proposal):
    english_client.force_login(s.leader)
    response = english_client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Amina" in page
    assert "Réparer avec d&#x27;autres" in page
    assert s.competence.code in page
    assert "endorsed at level 3 by 1 person (leaders: 1)" in page
    assert "(rule: level 2 or more, 1 person, leaders: 1)" in page
    assert page.count(f'action="{decide(proposal.pk)}"') == 2
    assert 'value="accept"' in page and 'value="decline"' in page
    assert "Award the badge" in page and "Decline" in page
    [item] = response.context["proposals"]
    assert item.proposal == proposal
    assert item.check.met


def test_award_the_badge_in_one_click(english_client, s, proposal):
    english_client.force_login(s.leader)
    response = english_client.post(decide(proposal.pk), {"decision": "accept"}, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "Badge “Réparer avec d&#x27;autres” awarded to Amina." in response.content.decode()
    assert "No badge is waiting for your confirmation." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.award.recipient == s.member


def test_decline(english_client, s, proposal):
    english_client.force_login(s.leader)
    response = english_client.post(decide(proposal.pk), {"decision": "decline"}, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "Proposal declined" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert not Award.objects.exists()


def test_deciding_twice_says_so(english_client, s, proposal):
    english_client.force_login(s.leader)
    english_client.post(decide(proposal.pk), {"decision": "decline"})
    response = english_client.post(decide(proposal.pk), {"decision": "accept"}, follow=True)
    assert "already been decided" in response.content.decode()
    assert not Award.objects.exists()


def test_an_unknown_decision_changes_nothing(english_client, s, proposal):
    english_client.force_login(s.leader)
    response = english_client.post(decide(proposal.pk), {"decision": "maybe"}, follow=True)
    assert "Choose to award the badge or to decline." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING


def test_the_empty_state(english_client, s):
    english_client.force_login(s.leader)
    response = english_client.get(LIST)
    assert response.status_code == 200
    assert "No badge is waiting for your confirmation." in response.content.decode()


def test_the_territory_staff_see_the_territory_proposals_only(client, s, proposal):
    steward = UserFactory(email="steward@example.org", is_steward=True)
    client.force_login(steward)
    assert client.get(LIST).status_code == 403  # no territorial issuer yet
    territory_badge = badge_class_add(TerritoryIssuerFactory(), slug="territoire")
    territorial = proposal_add(territory_badge, s.member)
    response = client.get(LIST)
    assert response.status_code == 200
    assert [item.proposal for item in response.context["proposals"]] == [territorial]


# --- Who may see and decide ------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_leader", "member", "outsider"])
def test_others_get_403(client, s, proposal, who):
    user = {
        "other_leader": other_initiative_leader,
        "member": lambda: s.member,
        "outsider": lambda: UserFactory(email="outsider@example.org"),
    }[who]()
    client.force_login(user)
    assert client.get(LIST).status_code == 403
    for decision in ("accept", "decline"):
        assert client.post(decide(proposal.pk), {"decision": decision}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert not Award.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, proposal):
    for response in (
        client.get(LIST),
        client.post(decide(proposal.pk), {"decision": "accept"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert not Award.objects.exists()


def test_deciding_needs_post_and_an_existing_proposal(client, s, proposal):
    client.force_login(s.leader)
    assert client.get(decide(proposal.pk)).status_code == 405
    assert client.post(decide(proposal.pk + 1000), {"decision": "accept"}).status_code == 404


def test_a_leader_never_sees_their_own_proposal(client, s):
    proposal_add(s.badge, s.leader)
    client.force_login(s.leader)
    assert client.get(LIST).context["proposals"] == []


# --- Cost ------------------------------------------------------------------------------


def people_with_proposals(s, start: int, count: int) -> None:
    for index in range(start, start + count):
        person = UserFactory(email=f"person{index}@example.org", display_name=f"P{index}")
        claim = claim_add(person, s.competence)
        endorse(claim, email=s.leader.email, level=2, kind=EndorserKind.LEADER)
        endorse(claim, email=f"peer{index}@example.org", level=3)
        proposal_add(s.badge, person)


def test_the_list_costs_a_constant_number_of_queries(client, s, django_assert_max_num_queries):
    client.force_login(s.leader)
    people_with_proposals(s, 0, 1)
    with django_assert_max_num_queries(20) as few:
        assert client.get(LIST).status_code == 200
    people_with_proposals(s, 1, 25)
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)
    assert len(response.context["proposals"]) == 26
    assert all(item.check.met for item in response.context["proposals"])


# --- Navigation ------------------------------------------------------------------------


def test_the_navigation_counts_the_badges_to_confirm(english_client, s, proposal):
    english_client.force_login(s.leader)
    page = english_client.get(reverse("badges:my_badges")).content.decode()
    assert f'href="{LIST}"' in page
    assert "Badges to confirm (1)" in page
    english_client.force_login(s.member)
    page = english_client.get(reverse("badges:my_badges")).content.decode()
    assert "Badges to confirm" not in page


def test_the_count_costs_no_query_for_anonymous_visitors(rf, db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from badges.context_processors import badges

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert badges(request) == {"badges_to_confirm": 0, "issuers_to_recognise": 0}


def test_the_count_costs_one_query(rf, s, proposal, django_assert_num_queries):
    from badges.context_processors import badges

    request = rf.get("/")
    request.user = s.leader
    count = badges(request)["badges_to_confirm"]
    with django_assert_num_queries(1):
        assert count() == 1
        assert count() == 1  # read twice by the template, counted once
    assert AwardProposal.objects.count() == 1


def count_queried(client) -> bool:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("badges:my_badges")).status_code == 200
    return any("badges_awardproposal" in q["sql"] and "COUNT" in q["sql"] for q in queries)


def test_people_who_manage_no_issuer_pay_no_query_for_the_count(client, s, proposal):
    client.force_login(s.member)
    assert not count_queried(client)
    client.force_login(other_initiative_leader())  # leads the fablab, which has no issuer
    assert not count_queried(client)
    client.force_login(s.leader)
    assert count_queried(client)


def test_a_leader_whose_initiative_gets_an_issuer_sees_the_count_after_opening_the_page(
    english_client, s
):
    olivier = other_initiative_leader()
    olivier.preferred_language = "en"
    olivier.save(update_fields=["preferred_language"])
    english_client.force_login(olivier)
    issuer = IssuerFactory(initiative=Initiative.objects.get(slug="fablab-de-quetigny"))
    proposal_add(badge_class_add(issuer, slug="souder"), s.member)
    assert "Badges to confirm (1)" not in english_client.get(reverse("home")).content.decode()
    assert english_client.get(LIST).status_code == 200  # the notification links here
    assert "Badges to confirm (1)" in english_client.get(reverse("home")).content.decode()
