"""``{% contribution_endorsements contribution %}``, for the contribution page: owner only."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from community.models import ContributionStatus, EndorserKind
from tests.community.factories.endorsements import endorse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

TEMPLATE = Template("{% load community_tags %}{% contribution_endorsements contribution %}")


def render(contribution, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return TEMPLATE.render(Context({"request": request, "contribution": contribution}))


def test_the_owner_sees_endorsements_requests_and_the_ask_button(
    volunteer, leader, initiative, claimed_contribution, leader_request
):
    claim = claimed_contribution.claims.order_by("pk").last()
    endorse(claim, endorser=leader, kind=EndorserKind.LEADER, level=4, initiative=initiative)
    html = render(claimed_contribution, volunteer)
    assert "Level 4 (you had said 3)" in html
    assert 'class="badge"' in html  # the leader's word is marked
    assert reverse("community:endorsement_request_detail", args=[leader_request.uuid]) in html
    assert reverse("community:endorsement_ask", args=[claimed_contribution.uuid]) in html


def test_no_ask_button_on_a_draft(volunteer, claimed_contribution):
    claimed_contribution.status = ContributionStatus.DRAFT
    claimed_contribution.save()
    html = render(claimed_contribution, volunteer)
    assert reverse("community:endorsement_ask", args=[claimed_contribution.uuid]) not in html


@pytest.mark.parametrize("persona", ["leader", "fellow", "other_leader"])
def test_nothing_for_anyone_else(request, claimed_contribution, leader_request, persona):
    assert render(claimed_contribution, request.getfixturevalue(persona)).strip() == ""


def test_nothing_for_anonymous_visitors(claimed_contribution):
    from django.contrib.auth.models import AnonymousUser

    assert render(claimed_contribution, AnonymousUser()).strip() == ""
