"""Public pages: anyone can read published and retired versions, never drafts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from competences.models import Competence, FrameworkVersion
from competences.services.content import competence_delete
from competences.services.defaults import default_framework_data
from competences.services.versions import version_create_draft, version_publish
from tests.competences.factories.frameworks import draft_with_content, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_version():
    return FrameworkVersion.objects.get(uuid=default_framework_data()["version"]["uuid"])


def test_framework_list_is_public_and_cheap(client, default_version, django_assert_max_num_queries):
    draft_with_content()  # a framework with only a draft is not listed
    with django_assert_max_num_queries(3):
        response = client.get(reverse("competences:framework_list"))
    assert response.status_code == 200
    assert "Référentiel des compétences transverses collaboratives" in response.text
    assert response.text.count('class="card framework-card"') == 1


def test_framework_detail_lists_versions(client, default_version):
    response = client.get(default_version.framework.get_absolute_url())
    assert response.status_code == 200
    assert default_version.get_absolute_url() in response.text
    assert "Curate this framework" not in response.text


def test_framework_with_only_a_draft_is_hidden_from_the_public(client, steward):
    draft = draft_with_content()
    assert client.get(draft.framework.get_absolute_url()).status_code == 404
    client.force_login(steward)
    assert client.get(draft.framework.get_absolute_url()).status_code == 200


def test_version_tree_shows_domains_competences_levels(
    client, default_version, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(default_version.get_absolute_url())
    assert response.status_code == 200
    body = response.text
    assert body.count("<h1") == 1
    assert "Organiser et piloter" in body
    assert "Transmet, fait référence" in body
    assert body.count('class="card competence"') == 15
    competence = Competence.objects.get(version=default_version, code="ORG.2")
    assert competence.get_absolute_url() in body


def test_version_tree_in_english(client, default_version):
    response = client.get(default_version.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Organise and steer" in response.text


def test_draft_versions_and_competences_are_not_public(client):
    draft = draft_with_content()
    url = reverse(
        "competences:version_detail", kwargs={"slug": draft.framework.slug, "label": draft.label}
    )
    assert client.get(url).status_code == 404
    competence = Competence.objects.filter(version=draft)[0]
    assert client.get(competence.get_absolute_url()).status_code == 404


def test_competence_page_has_levels_alignments_and_stable_url(
    client, default_version, django_assert_max_num_queries
):
    competence = Competence.objects.get(version=default_version, code="COOP.1")
    assert competence.get_absolute_url() == f"/frameworks/competences/{competence.uuid}/"
    with django_assert_max_num_queries(8):
        response = client.get(competence.get_absolute_url())
    assert response.status_code == 200
    assert "Créer de bonnes relations" in response.text
    assert "http://data.europa.eu/esco/skill/77b636e8-fab3-41a8-8022-1e0a354059dc" in response.text
    assert "Calme les tensions" in response.text


def test_retired_competence_points_to_the_current_one(english, client):
    v1 = published_version(domains=1, competences=1, levels=1)
    draft = version_create_draft(framework=v1.framework, label="2.0")
    v2 = version_publish(version=draft)
    old = Competence.objects.get(version=v1)
    new = Competence.objects.get(version=v2)
    response = client.get(old.get_absolute_url())
    assert response.status_code == 200
    assert "retired" in response.text
    assert new.get_absolute_url() in response.text
    response = client.get(v1.get_absolute_url())
    assert v2.get_absolute_url() in response.text


def test_compare_two_versions(english, client, django_assert_max_num_queries):
    v1 = published_version(domains=1, competences=2, levels=1)
    draft = version_create_draft(framework=v1.framework, label="2.0")
    competence_delete(competence=Competence.objects.filter(version=draft)[0])
    version_publish(version=draft)
    url = reverse("competences:version_compare", kwargs={"slug": v1.framework.slug})
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    assert "Removed competences" in response.text
    response = client.get(url, {"old": "2.0", "new": "2.0"})
    assert "Choose two different versions." in response.text
    assert client.get(url, {"old": "nope", "new": "2.0"}).status_code == 200


@pytest.mark.parametrize("persona", [None, "volunteer", "advisor", "steward"])
def test_public_pages_read_the_same_for_everyone(client, request, default_version, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    competence = Competence.objects.filter(version=default_version)[0]
    slug = default_version.framework.slug
    for url in (
        reverse("competences:framework_list"),
        reverse("competences:framework_detail", kwargs={"slug": slug}),
        default_version.get_absolute_url(),
        competence.get_absolute_url(),
        reverse("competences:version_compare", kwargs={"slug": slug}),
    ):
        assert client.get(url).status_code == 200, url
