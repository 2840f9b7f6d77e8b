"""Steward pages: permissions on every write page, and the editing flows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from competences.forms.steward_content import CompetenceForm
from competences.models import (
    Competence,
    Domain,
    ExternalAlignment,
    FrameworkVersion,
    ProficiencyLevel,
    Status,
)
from competences.services.content import domain_create
from competences.services.versions import version_create_draft
from tests.competences.factories.frameworks import published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    """A framework with a published version 1 and a draft copied from it."""
    v1 = published_version(domains=2, competences=2, levels=2)
    draft = version_create_draft(framework=v1.framework, label="2.0")
    return v1, draft


def _write_urls(v1: FrameworkVersion, draft: FrameworkVersion) -> list[str]:
    slug = v1.framework.slug
    domain = Domain.objects.filter(version=draft)[0]
    competence = Competence.objects.filter(version=draft)[0]
    alignment = ExternalAlignment.objects.filter(competence__version=draft)[0]
    level = ProficiencyLevel.objects.filter(version=draft)[0]
    names: list[tuple[str, dict[str, object]]] = [
        ("framework_create", {}),
        ("framework_update", {"slug": slug}),
        ("draft_create", {"slug": slug}),
        ("draft_detail", {"slug": slug}),
        ("draft_update", {"slug": slug}),
        ("draft_preview", {"slug": slug}),
        ("draft_publish", {"slug": slug}),
        ("draft_delete", {"slug": slug}),
        ("version_retire", {"slug": slug, "label": v1.label}),
        ("domain_create", {"slug": slug}),
        ("domain_update", {"slug": slug, "uuid": domain.uuid}),
        ("domain_delete", {"slug": slug, "uuid": domain.uuid}),
        ("domain_move", {"slug": slug, "uuid": domain.uuid}),
        ("competence_create", {"slug": slug}),
        ("competence_update", {"slug": slug, "uuid": competence.uuid}),
        ("competence_delete", {"slug": slug, "uuid": competence.uuid}),
        ("competence_move", {"slug": slug, "uuid": competence.uuid}),
        ("competence_levels", {"slug": slug, "uuid": competence.uuid}),
        ("alignment_create", {"slug": slug, "uuid": competence.uuid}),
        ("alignment_update", {"slug": slug, "uuid": alignment.uuid}),
        ("alignment_delete", {"slug": slug, "uuid": alignment.uuid}),
        ("level_create", {"slug": slug}),
        ("level_update", {"slug": slug, "uuid": level.uuid}),
        ("level_delete", {"slug": slug, "uuid": level.uuid}),
    ]
    return [reverse(f"competences:{name}", kwargs=kwargs) for name, kwargs in names]


POST_ONLY = ("/move/",)


def test_anonymous_visitors_are_sent_to_login(client, setup):
    for url in _write_urls(*setup):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("accounts:login")), url


def test_volunteers_get_403_everywhere_and_change_nothing(volunteer_client, setup):
    v1, draft = setup
    for url in _write_urls(v1, draft):
        assert volunteer_client.get(url).status_code == 403, url
        assert volunteer_client.post(url, {"direction": "up"}).status_code == 403, url
    assert FrameworkVersion.objects.filter(pk=draft.pk, status=Status.DRAFT).exists()
    assert Domain.objects.filter(version=draft).count() == 2


def test_stewards_and_staff_reach_every_write_page(client, steward, staff, setup):
    for user in (steward, staff):
        client.force_login(user)
        for url in _write_urls(*setup):
            expected = 405 if url.endswith(POST_ONLY) else 200
            if url.endswith("/draft/new/"):
                expected = 302  # a draft exists: go to it
            assert client.get(url).status_code == expected, url


def test_published_content_is_not_reachable_from_steward_pages(steward_client, setup):
    v1, _draft = setup
    competence = Competence.objects.filter(version=v1)[0]
    url = reverse(
        "competences:competence_update",
        kwargs={"slug": v1.framework.slug, "uuid": competence.uuid},
    )
    assert steward_client.get(url).status_code == 404
    assert steward_client.post(url, {"code": "X"}).status_code == 404


def test_form_refuses_a_published_competence(setup):
    v1, _draft = setup
    competence = Competence.objects.filter(version=v1).select_related("domain")[0]
    form = CompetenceForm(
        data={
            "domain": competence.domain_id,
            "code": competence.code,
            "title_fr": "Changé",
            "title_en": "Changed",
        },
        instance=competence,
        version=v1,
    )
    assert not form.is_valid()
    assert "cannot be changed" in str(form.non_field_errors())


def test_create_a_draft_from_the_latest_version(steward_client, steward):
    v1 = published_version(domains=1, competences=2, levels=1)
    url = reverse("competences:draft_create", kwargs={"slug": v1.framework.slug})
    response = steward_client.get(url)
    assert response.status_code == 200
    response = steward_client.post(url, {"label": "2.0"})
    assert response.status_code == 302
    draft = FrameworkVersion.objects.get(framework=v1.framework, status=Status.DRAFT)
    assert draft.created_by == steward
    assert Competence.objects.filter(version=draft, replaces__version=v1).count() == 2


def test_add_competence_keeps_what_was_typed_on_error(english, steward_client, setup):
    v1, draft = setup
    domain = Domain.objects.filter(version=draft)[0]
    taken = Competence.objects.filter(version=draft)[0].code
    url = reverse("competences:competence_create", kwargs={"slug": v1.framework.slug})
    data = {
        "domain": domain.pk,
        "code": taken,
        "title_fr": "Médiation de quartier",
        "title_en": "Neighbourhood mediation",
        "keywords": "médiation, conflit",
    }
    response = steward_client.post(url, data)
    assert response.status_code == 200
    assert "Another competence of this version has this code." in response.text
    assert 'value="Médiation de quartier"' in response.text
    assert "médiation" in response.text
    data["code"] = "D1.9"
    response = steward_client.post(url, data)
    assert response.status_code == 302
    created = Competence.objects.get(version=draft, code="D1.9")
    assert sorted(created.keywords.names()) == ["conflit", "médiation"]


def test_reorder_with_buttons_without_javascript(steward_client, setup):
    v1, draft = setup
    first, second = Domain.objects.filter(version=draft)
    url = reverse(
        "competences:domain_move", kwargs={"slug": v1.framework.slug, "uuid": second.uuid}
    )
    response = steward_client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert response.url.endswith(f"#domain-{second.uuid}")
    assert list(Domain.objects.filter(version=draft)) == [second, first]
    assert steward_client.post(url, {"direction": "sideways"}).status_code == 404


def test_editor_page_and_preview(english, steward_client, setup, django_assert_max_num_queries):
    v1, _draft = setup
    url = reverse("competences:draft_detail", kwargs={"slug": v1.framework.slug})
    # 17: the stewards' navigation also counts the issuers waiting for recognition.
    with django_assert_max_num_queries(17):
        response = steward_client.get(url)
    assert response.status_code == 200
    assert "Move up" in response.text
    preview = steward_client.get(
        reverse("competences:draft_preview", kwargs={"slug": v1.framework.slug})
    )
    assert "Preview of the draft." in preview.text


def test_publish_and_retire(steward_client, setup):
    v1, draft = setup
    slug = v1.framework.slug
    response = steward_client.post(reverse("competences:draft_publish", kwargs={"slug": slug}))
    assert response.status_code == 302
    draft.refresh_from_db()
    v1.refresh_from_db()
    assert (draft.status, v1.status) == (Status.PUBLISHED, Status.RETIRED)
    response = steward_client.post(
        reverse("competences:version_retire", kwargs={"slug": slug, "label": draft.label})
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.RETIRED


def test_publish_page_lists_problems(english, steward_client, setup):
    v1, draft = setup
    domain_create(version=draft, code="EMPTY", title_fr="Vide", title_en="Empty")
    url = reverse("competences:draft_publish", kwargs={"slug": v1.framework.slug})
    response = steward_client.get(url)
    assert "Domain EMPTY has no competence" in response.text
    response = steward_client.post(url)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_delete_a_draft(steward_client, setup):
    v1, draft = setup
    url = reverse("competences:draft_delete", kwargs={"slug": v1.framework.slug})
    assert steward_client.post(url).status_code == 302
    assert not FrameworkVersion.objects.filter(pk=draft.pk).exists()


def test_level_texts_page(steward_client, setup):
    v1, draft = setup
    competence = Competence.objects.filter(version=draft)[0]
    url = reverse(
        "competences:competence_levels",
        kwargs={"slug": v1.framework.slug, "uuid": competence.uuid},
    )
    response = steward_client.post(
        url, {"level_1_fr": "Avec aide", "level_1_en": "", "level_2_fr": "", "level_2_en": ""}
    )
    assert response.status_code == 302
    texts = list(competence.level_descriptors.values_list("descriptor_fr", flat=True))
    assert texts == ["Avec aide"]


def test_create_a_framework(english, steward_client):
    url = reverse("competences:framework_create")
    data = {
        "slug": "numerique",
        "name_fr": "Numérique",
        "name_en": "",
        "publisher": "Territoire",
        "languages": ["fr"],
    }
    response = steward_client.post(url, data)
    assert response.status_code == 302
    assert FrameworkVersion.objects.filter(framework__slug="numerique", label="1.0").exists()
    response = steward_client.post(url, {**data, "slug": "new"})
    assert response.status_code == 200
    assert "reserved" in response.text
