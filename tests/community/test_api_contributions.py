"""The contributions API: the same permissions as the pages, file checks, query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import CompetenceClaim, Contribution, Evidence, Visibility
from competences.models import Competence
from competences.services.versions import version_create_draft
from tests.community.factories.contributions import (
    CompetenceClaimFactory,
    ContributionFactory,
    EvidenceFactory,
    default_competences,
)
from tests.community.factories.initiatives import image_upload
from tests.community.test_evidence import OPEN_JAVASCRIPT
from tests.config.test_images import SVG_WITH_SCRIPT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

LIST = reverse("community_api:contribution_list")


def detail(contribution) -> str:
    return reverse("community_api:contribution_detail", args=[contribution.uuid])


def evidence_list(contribution) -> str:
    return reverse("community_api:evidence_list", args=[contribution.uuid])


def claim_list(contribution) -> str:
    return reverse("community_api:claim_list", args=[contribution.uuid])


@pytest.fixture
def competences(default_framework):
    return default_competences(default_framework)


@pytest.fixture
def claim(contribution, competences):
    return CompetenceClaimFactory(contribution=contribution, competence=competences[0])


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# --- Contributions ----------------------------------------------------------------------


def test_anonymous_callers_are_refused(client, contribution):
    assert client.get(LIST).status_code == 401
    assert client.get(detail(contribution)).status_code == 401


def test_the_list_is_mine_with_a_constant_number_of_queries(
    client, volunteer, leader, initiative, competences
):
    client.force_login(volunteer)
    ContributionFactory(owner=leader, initiative=initiative)

    def add(number: int) -> None:
        for index in range(number):
            contribution = ContributionFactory(owner=volunteer, initiative=initiative, tags=["x"])
            CompetenceClaimFactory(contribution=contribution, competence=competences[index])

    add(1)
    few = queries(client, LIST)
    add(4)
    assert queries(client, LIST) == few
    body = client.get(LIST).json()
    assert len(body["results"]) == 5 and body["next"] is None  # a cursor page: no count
    assert all(item["is_mine"] for item in body["results"])
    assert body["results"][0]["claims"][0]["competence"]["code"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("volunteer", 200), ("leader", 200), ("peer", 404), ("other_leader", 404), ("outsider", 404)],
)
def test_reading_a_contribution(as_persona, contribution, peer, other_initiative, persona, status):
    response = as_persona(persona).get(detail(contribution))
    assert response.status_code == status
    if status == 200:
        assert response.json()["title"] == "Accueil au Repair Café"
        assert response.json()["tags"] == ["accueil"]


@pytest.mark.parametrize(("persona", "status"), [("volunteer", 200), ("leader", 404)])
def test_a_draft_is_for_its_owner_only(as_persona, draft, persona, status):
    assert as_persona(persona).get(detail(draft)).status_code == status


def test_the_owner_records_a_contribution(client, volunteer, initiative):
    client.force_login(volunteer)
    response = client.post(
        LIST,
        {
            "initiative": initiative.slug,
            "title": "Atelier couture",
            "started_on": "2026-10-03",
            "hours": "2.5",
            "tags": ["couture"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    contribution = Contribution.objects.get()
    assert response.json()["uuid"] == str(contribution.uuid)
    assert contribution.initiative == initiative
    assert contribution.status == "recorded"
    assert contribution.ended_on is None  # the API says null: still going on


def test_not_in_an_initiative_i_am_not_a_member_of(client, volunteer, other_initiative):
    client.force_login(volunteer)
    response = client.post(
        LIST,
        {"initiative": other_initiative.slug, "title": "X"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "initiative" in response.json()
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("peer", 404), ("other_leader", 404), ("outsider", 404)],
)
def test_only_the_owner_changes_or_deletes(
    as_persona, contribution, peer, other_initiative, persona, status
):
    client = as_persona(persona)
    response = client.patch(
        detail(contribution), {"title": "Mine"}, content_type="application/json"
    )
    assert response.status_code == status
    assert client.delete(detail(contribution)).status_code == status
    contribution.refresh_from_db()
    assert contribution.title == "Accueil au Repair Café"


def test_the_owner_patches_records_and_deletes(client, volunteer, draft):
    client.force_login(volunteer)
    response = client.patch(
        detail(draft), {"title": "Prêt", "status": "recorded"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "recorded"
    draft.refresh_from_db()
    assert draft.title == "Prêt" and draft.initiative is not None
    response = client.patch(detail(draft), {"status": "draft"}, content_type="application/json")
    assert response.status_code == 400
    assert client.delete(detail(draft)).status_code == 204
    assert not Contribution.objects.exists()


# --- Evidence -----------------------------------------------------------------------------


def test_evidence_lists_follow_visibility(client, volunteer, leader, contribution):
    for visibility in Visibility.values:
        EvidenceFactory(contribution=contribution, visibility=visibility)
    client.force_login(volunteer)
    assert len(client.get(evidence_list(contribution)).json()) == 3
    client.force_login(leader)
    few = queries(client, evidence_list(contribution))
    EvidenceFactory.create_batch(3, contribution=contribution)
    assert queries(client, evidence_list(contribution)) == few
    seen = {item["visibility"] for item in client.get(evidence_list(contribution)).json()}
    assert seen == {"endorsers", "public"}


def test_uploading_a_file_with_multipart(client, volunteer, contribution):
    client.force_login(volunteer)
    response = client.post(
        evidence_list(contribution),
        {"kind": "file", "file": image_upload("photo.png"), "visibility": "public"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["content_type"] == "image/png"
    assert body["original_name"] == "photo.png"
    assert body["file_url"].endswith(f"/evidence/{body['uuid']}/file/")
    assert client.get(body["file_url"]).status_code == 200


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            lambda: SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (12 * 1024 * 1024)),
            "too big",
        ),
        (lambda: SimpleUploadedFile("photo.png", b"not an image", "image/png"), "not a photo"),
        (lambda: SimpleUploadedFile("d.svg", SVG_WITH_SCRIPT, "image/svg+xml"), "SVG"),
        (
            lambda: SimpleUploadedFile("auto.pdf", OPEN_JAVASCRIPT, "application/pdf"),
            "This PDF contains a program (JavaScript)",
        ),
    ],
)
def test_refused_files(client, volunteer, contribution, upload, message):
    client.force_login(volunteer)
    response = client.post(evidence_list(contribution), {"kind": "file", "file": upload()})
    assert response.status_code == 400
    assert message in response.json()["file"][0]
    assert not Evidence.objects.exists()


def test_links_and_texts_and_deleting(client, volunteer, contribution):
    client.force_login(volunteer)
    link = client.post(
        evidence_list(contribution),
        {"kind": "link", "url": "https://example.org/article"},
        content_type="application/json",
    )
    assert link.status_code == 201
    assert link.json()["visibility"] == "endorsers"
    missing = client.post(
        evidence_list(contribution), {"kind": "text"}, content_type="application/json"
    )
    assert missing.status_code == 400 and "text" in missing.json()
    item = reverse("community_api:evidence_detail", args=[contribution.uuid, link.json()["uuid"]])
    assert client.delete(item).status_code == 204
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("peer", 404), ("other_leader", 404), ("outsider", 404)],
)
def test_only_the_owner_adds_or_deletes_evidence(
    as_persona, contribution, peer, other_initiative, persona, status
):
    shown = EvidenceFactory(contribution=contribution)
    client = as_persona(persona)
    response = client.post(
        evidence_list(contribution), {"kind": "text", "text": "x"}, content_type="application/json"
    )
    assert response.status_code == status
    item = reverse("community_api:evidence_detail", args=[contribution.uuid, shown.uuid])
    assert client.delete(item).status_code == status
    assert Evidence.objects.count() == 1


def test_private_evidence_is_not_found_for_leaders(client, leader, contribution):
    private = EvidenceFactory(contribution=contribution, visibility="private")
    client.force_login(leader)
    item = reverse("community_api:evidence_detail", args=[contribution.uuid, private.uuid])
    assert client.get(item).status_code == 404


# --- Claims --------------------------------------------------------------------------------


def test_the_owner_claims_changes_and_deletes(client, volunteer, contribution, competences):
    client.force_login(volunteer)
    response = client.post(
        claim_list(contribution),
        {"competence": str(competences[2].uuid), "self_level": 3, "statement": "Une phrase."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    url = response.json()["url"]
    assert (
        client.patch(url, {"self_level": 4}, content_type="application/json").json()["self_level"]
        == 4
    )
    assert CompetenceClaim.objects.get().statement == "Une phrase."
    assert client.delete(url).status_code == 204
    assert not CompetenceClaim.objects.exists()


def test_claims_on_unpublished_competences_or_levels_are_refused(
    client, volunteer, contribution, default_framework, competences
):
    draft = version_create_draft(framework=default_framework.framework, label="2.0")
    unpublished = Competence.objects.filter(version=draft).first()
    client.force_login(volunteer)
    for competence, level, field in (
        (unpublished, 1, "competence"),
        (competences[0], 9, "self_level"),
    ):
        response = client.post(
            claim_list(contribution),
            {"competence": str(competence.uuid), "self_level": level},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert field in response.json()
    assert not CompetenceClaim.objects.exists()


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("leader", 200, 403),
        ("peer", 404, 404),
        ("other_leader", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_claim_permissions(as_persona, claim, peer, other_initiative, persona, read, write):
    client = as_persona(persona)
    url = reverse("community_api:claim_detail", args=[claim.contribution.uuid, claim.uuid])
    assert client.get(claim_list(claim.contribution)).status_code == read
    assert client.get(url).status_code == read
    assert client.patch(url, {"self_level": 4}, content_type="application/json").status_code == (
        write
    )
    assert client.delete(url).status_code == write
    claim.refresh_from_db()
    assert claim.self_level == 2


def test_the_claim_list_uses_a_constant_number_of_queries(
    client, leader, contribution, competences
):
    client.force_login(leader)
    CompetenceClaimFactory(contribution=contribution, competence=competences[0])
    few = queries(client, claim_list(contribution))
    for competence in competences[1:5]:
        CompetenceClaimFactory(contribution=contribution, competence=competence)
    assert queries(client, claim_list(contribution)) == few


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in (
        "/api/v1/contributions/",
        "/api/v1/contributions/{uuid}/",
        "/api/v1/contributions/{uuid}/evidence/",
        "/api/v1/contributions/{uuid}/claims/{claim}/",
    ):
        assert path in schema["paths"]
