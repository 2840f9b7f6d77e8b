"""Endorsers choose a level with the same descriptions the volunteer read when choosing hers:
the leader, a fellow member and an outside referent (emailed link) see, in the label of each
level's radio button, what that level looks like for this competence; without JavaScript."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from community.selectors.contributions import claim_level_choices, claim_level_choices_for
from competences.models import CompetenceLevelDescriptor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

LABEL = re.compile(r'<label for="([^"]+)">(.*?)</label>', re.S)


def labels(page: str, name: str) -> dict[str, str]:
    """The visible text of each radio button named ``name``, by its value."""
    found = {}
    for _id, inner in LABEL.findall(page):
        tag = re.search(r'<input type="radio" name="([^"]+)" value="([^"]*)"', inner)
        if tag and tag.group(1) == name:
            text = re.sub(r"<[^>]+>", " ", inner)
            found[tag.group(2)] = " ".join(html.unescape(text).split())
    return found


def descriptions(claim) -> dict[str, str]:
    """What the volunteer read for each level of this claim's competence."""
    return {
        str(choice.number): choice.text
        for choice in claim_level_choices(competence=claim.competence)
    }


def test_the_volunteer_reads_the_descriptions_on_her_own_claim_form(
    client, volunteer, claimed_contribution
):
    claim = claimed_contribution.claims.order_by("pk").first()
    client.force_login(volunteer)
    page = client.get(reverse("community:claim_edit", args=[claim.uuid])).content.decode()
    shown = labels(page, "self_level")
    expected = descriptions(claim)
    assert set(shown) == set(expected) and len(expected) == 4
    for number, text in expected.items():
        assert text and text in shown[number]


def _assert_same_descriptions(page: str, contribution) -> None:
    claims = list(contribution.claims.order_by("pk"))
    assert claims
    for claim in claims:
        shown = labels(page, f"claim-{claim.uuid}-level")
        expected = descriptions(claim)
        assert set(shown) == {*expected, ""}, "every level, and 'I cannot say'"
        for number, text in expected.items():
            assert text in shown[number], (number, text, shown[number])
        assert "Their own level" in shown[str(claim.self_level)]
        others = [value for value in expected if value != str(claim.self_level)]
        assert all("Their own level" not in shown[value] for value in others)
        # The competence's own descriptors, not only the scale's general ones.
        specific = CompetenceLevelDescriptor.objects.filter(competence=claim.competence)
        assert specific.exists()
        for descriptor in specific.select_related("level"):
            assert descriptor.descriptor_en in shown[str(descriptor.level.number)]


def test_the_leader_sees_the_level_descriptions(client, leader, leader_request):
    client.force_login(leader)
    url = reverse("community:endorsement_request_detail", args=[leader_request.uuid])
    _assert_same_descriptions(client.get(url).content.decode(), leader_request.contribution)


def test_a_fellow_member_sees_the_level_descriptions(client, fellow, fellow_request):
    client.force_login(fellow)
    url = reverse("community:endorsement_request_detail", args=[fellow_request.uuid])
    _assert_same_descriptions(client.get(url).content.decode(), fellow_request.contribution)


def test_an_outside_referent_sees_the_level_descriptions(client, link_request):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("community:endorsement_link", args=[link_request.token])
    _assert_same_descriptions(client.get(url).content.decode(), link_request.contribution)


def test_an_outsider_does_not_see_the_request(client, outsider, leader_request):
    client.force_login(outsider)
    url = reverse("community:endorsement_request_detail", args=[leader_request.uuid])
    assert client.get(url).status_code == 404


def test_a_refused_answer_keeps_the_descriptions_and_the_choice(client, leader, leader_request):
    client.force_login(leader)
    url = reverse("community:endorsement_request_detail", args=[leader_request.uuid])
    data = {"relationship": ""}
    claims = list(leader_request.contribution.claims.order_by("pk"))
    for claim in claims:
        data[f"claim-{claim.uuid}-level"] = "4"
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "relationship" in response.context["form"].errors
    _assert_same_descriptions(page, leader_request.contribution)
    for claim in claims:
        assert re.search(
            rf'<input type="radio" name="claim-{claim.uuid}-level" value="4"[^>]*checked', page
        )


def test_the_descriptions_of_several_competences_take_two_queries(
    django_assert_num_queries, claimed_contribution
):
    competences = [claim.competence for claim in claimed_contribution.claims.all()]
    with django_assert_num_queries(2):
        choices = claim_level_choices_for(competences=competences)
    assert set(choices) == {competence.pk for competence in competences}
    for competence in competences:
        assert [choice.number for choice in choices[competence.pk]] == [1, 2, 3, 4]
        assert choices[competence.pk] == claim_level_choices(competence=competence)
