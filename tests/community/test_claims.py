"""Competence claims: choose a competence of the published framework, say one's level."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.models import CompetenceClaim
from community.services import contributions as services
from competences.models import Competence, ProficiencyLevel
from competences.services.versions import version_create_draft
from tests.community.factories.contributions import CompetenceClaimFactory, default_competences

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def competences(default_framework):
    return default_competences(default_framework)


@pytest.fixture
def claim(contribution, competences):
    return CompetenceClaimFactory(contribution=contribution, competence=competences[0])


def choose_url(contribution) -> str:
    return reverse("community:claim_choose", args=[contribution.uuid])


def create_url(contribution, competence) -> str:
    return reverse("community:claim_create", args=[contribution.uuid, competence.uuid])


def test_the_list_offers_every_competence_of_the_published_framework(
    client, volunteer, contribution, competences
):
    client.force_login(volunteer)
    response = client.get(choose_url(contribution))
    html = response.content.decode()
    assert response.context["found"] == 15
    for competence in competences:
        assert create_url(contribution, competence) in html
    assert 'data-suggestions-url="/frameworks/search/suggestions/"' in html


def test_the_search_box_works_without_javascript(client, volunteer, contribution, competences):
    client.force_login(volunteer)
    response = client.get(choose_url(contribution), {"q": "ecoute"})
    found = [competence for group in response.context["groups"] for competence, _ in group["items"]]
    assert found
    assert all(competence.version.is_published for competence in found)
    assert len(found) < 15


def test_a_competence_already_claimed_is_marked(client, volunteer, claim):
    client.force_login(volunteer)
    html = client.get(choose_url(claim.contribution)).content.decode()
    assert "already added" in html
    assert create_url(claim.contribution, claim.competence) not in html


def test_the_level_form_shows_the_scale_with_its_descriptors(
    client, volunteer, contribution, competences
):
    client.force_login(volunteer)
    response = client.get(create_url(contribution, competences[0]))
    html = response.content.decode()
    levels = ProficiencyLevel.objects.filter(version=competences[0].version)
    assert levels.count() == 4
    for level in levels:
        assert level.name_en in html
    assert html.count('type="radio" name="self_level"') == 4


def test_the_owner_claims_a_competence(client, volunteer, contribution, competences):
    client.force_login(volunteer)
    response = client.post(
        create_url(contribution, competences[3]),
        {"self_level": "2", "statement": "J'ai animé la réunion."},
    )
    assert response.url == contribution.get_absolute_url()
    claim = CompetenceClaim.objects.get()
    assert (claim.competence, claim.self_level) == (competences[3], 2)
    assert claim.statement == "J'ai animé la réunion."
    html = client.get(contribution.get_absolute_url()).content.decode()
    assert competences[3].title_en in html


def test_a_level_is_required_and_must_exist(client, volunteer, contribution, competences):
    client.force_login(volunteer)
    for level in ("", "7"):
        response = client.post(create_url(contribution, competences[0]), {"self_level": level})
        assert "self_level" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.claim_create(
            contribution=contribution, by=volunteer, competence=competences[0], self_level=7
        )
    assert not CompetenceClaim.objects.exists()


def test_a_competence_is_claimed_once_per_contribution(client, volunteer, claim):
    client.force_login(volunteer)
    response = client.post(create_url(claim.contribution, claim.competence), {"self_level": "1"})
    assert response.status_code == 200
    assert "already claimed" in response.content.decode()
    assert CompetenceClaim.objects.count() == 1


def test_a_competence_of_a_version_that_is_not_published_is_refused(
    client, volunteer, contribution, default_framework
):
    draft = version_create_draft(framework=default_framework.framework, label="2.0")
    unpublished = Competence.objects.filter(version=draft).first()
    client.force_login(volunteer)
    assert client.get(create_url(contribution, unpublished)).status_code == 404
    assert (
        client.post(create_url(contribution, unpublished), {"self_level": "1"}).status_code == 404
    )
    with pytest.raises(ValidationError) as caught:
        services.claim_create(
            contribution=contribution, by=volunteer, competence=unpublished, self_level=1
        )
    assert "competence" in caught.value.message_dict
    assert unpublished not in [
        competence
        for group in client.get(choose_url(contribution)).context["groups"]
        for competence, _ in group["items"]
    ]


def test_the_owner_changes_the_level_and_the_sentence(client, volunteer, claim):
    client.force_login(volunteer)
    edit = reverse("community:claim_edit", args=[claim.uuid])
    assert client.get(edit).context["form"].initial["self_level"] == 2
    response = client.post(edit, {"self_level": "3", "statement": "Je forme les nouveaux."})
    assert response.url == claim.contribution.get_absolute_url()
    claim.refresh_from_db()
    assert (claim.self_level, claim.statement) == (3, "Je forme les nouveaux.")


def test_the_owner_removes_a_claim_after_confirming(client, volunteer, claim):
    client.force_login(volunteer)
    delete = reverse("community:claim_delete", args=[claim.uuid])
    assert client.get(delete).status_code == 200
    client.post(delete)
    assert not CompetenceClaim.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 404), ("peer", 404), ("other_leader", 404), ("outsider", 404), (None, 302)],
)
def test_only_the_owner_changes_claims(as_persona, claim, peer, other_initiative, persona, status):
    client = as_persona(persona)
    for name in ("claim_edit", "claim_delete"):
        path = reverse(f"community:{name}", args=[claim.uuid])
        assert client.get(path).status_code == status
        client.post(path, {"self_level": "4"})
    claim.refresh_from_db()
    assert claim.self_level == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("peer", 404), ("other_leader", 404), ("outsider", 404), (None, 302)],
)
def test_only_the_owner_adds_claims(
    as_persona, contribution, competences, peer, other_initiative, persona, status
):
    client = as_persona(persona)
    assert client.get(choose_url(contribution)).status_code == status
    response = client.post(create_url(contribution, competences[0]), {"self_level": "1"})
    assert response.status_code == status
    assert not CompetenceClaim.objects.exists()


def test_services_refuse_other_people(claim, leader, competences):
    with pytest.raises(PermissionDenied):
        services.claim_create(
            contribution=claim.contribution, by=leader, competence=competences[1], self_level=1
        )
    with pytest.raises(PermissionDenied):
        services.claim_update(claim=claim, by=leader, self_level=1)
    with pytest.raises(PermissionDenied):
        services.claim_delete(claim=claim, by=leader)


def test_leaders_see_the_claims_without_controls(client, leader, claim):
    client.force_login(leader)
    html = client.get(claim.contribution.get_absolute_url()).content.decode()
    assert claim.competence.title_en in html
    assert "Self-assessed level: 2" in html
    assert reverse("community:claim_edit", args=[claim.uuid]) not in html
