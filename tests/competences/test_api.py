"""The framework API (/api/v1/): public reads, drafts for stewards only, writes for stewards
through the services (403 for everyone else, 409 on published and retired versions),
pagination, query counts, search and the OpenAPI schema."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
    Status,
)
from competences.services.defaults import default_framework_data
from competences.services.versions import framework_create, version_create_draft, version_publish
from tests.competences.factories.frameworks import FrameworkFactory, published_version

pytestmark = pytest.mark.django_db

API = "/api/v1"


def api(name: str, **kwargs: Any) -> str:
    return reverse(f"competences_api:{name}", kwargs=kwargs)


def send(client, method: str, url: str, body: dict[str, Any] | None = None):
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json"
    )


@pytest.fixture
def default_version() -> FrameworkVersion:
    return FrameworkVersion.objects.get(uuid=default_framework_data()["version"]["uuid"])


DEFAULT_SLUG = default_framework_data()["framework"]["slug"]


def _setup() -> tuple[FrameworkVersion, FrameworkVersion]:
    v1 = published_version(domains=2, competences=2, levels=2)
    draft = version_create_draft(framework=v1.framework, label="2.0")
    return v1, draft


@pytest.fixture
def setup():
    """A published version 1 and a draft 2.0 copied from it."""
    return _setup()


# --- Reads ---------------------------------------------------------------------------


def test_urls_are_under_api_v1(default_version):
    assert api("framework_list") == f"{API}/frameworks/"
    assert api("competence_search") == f"{API}/competences/search/"
    competence = Competence.objects.filter(version=default_version).first()
    assert api("competence_detail", uuid=competence.uuid) == (
        f"{API}/competences/{competence.uuid}/"
    )


def test_anonymous_visitors_read_the_default_framework(client, default_version):
    frameworks = client.get(api("framework_list")).json()
    assert frameworks["count"] == 1
    framework = frameworks["results"][0]
    assert framework["slug"] == default_version.framework.slug
    assert framework["current_version"]["uuid"] == str(default_version.uuid)
    assert framework["current_version"]["label"] == "1.0"

    slug = default_version.framework.slug
    assert client.get(api("framework_detail", slug=slug)).json()["name_fr"] == (
        "Référentiel des compétences transverses collaboratives"
    )
    versions = client.get(api("framework_versions", slug=slug)).json()
    assert [v["status"] for v in versions["results"]] == ["published"]
    version = client.get(api("version_detail", uuid=default_version.uuid)).json()
    assert version["label"] == "1.0"
    assert version["framework"] == slug

    domains = client.get(api("version_domains", uuid=default_version.uuid)).json()
    assert [d["code"] for d in domains["results"]] == ["ORG", "COOP", "COM", "INNO", "INCL"]
    levels = client.get(api("version_levels", uuid=default_version.uuid)).json()
    assert [level["number"] for level in levels["results"]] == [1, 2, 3, 4]
    competences = client.get(api("version_competences", uuid=default_version.uuid)).json()
    assert competences["count"] == 15
    assert competences["results"][0]["code"] == "ORG.1"


def test_a_competence_by_uuid(client, default_version):
    competence = Competence.objects.get(version=default_version, code="COOP.1")
    data = client.get(api("competence_detail", uuid=competence.uuid)).json()
    assert data["uuid"] == str(competence.uuid)
    assert data["title_fr"] == "Créer de bonnes relations"
    assert data["version"] == str(default_version.uuid)
    assert data["domain"] == str(competence.domain.uuid)
    assert "écoute" in data["keywords"]
    assert data["keywords"] == sorted(data["keywords"])
    assert {a["target_url"] for a in data["alignments"]} >= {
        "http://data.europa.eu/esco/skill/77b636e8-fab3-41a8-8022-1e0a354059dc"
    }
    assert [t["level"] for t in data["level_texts"]] == [1, 2, 3, 4]
    assert data["page_url"] == f"http://testserver{competence.get_absolute_url()}"
    alignments = client.get(api("competence_alignments", uuid=competence.uuid)).json()
    assert alignments["count"] == len(data["alignments"])
    alignment = ExternalAlignment.objects.filter(competence=competence).first()
    assert client.get(api("alignment_detail", uuid=alignment.uuid)).json()["competence"] == (
        str(competence.uuid)
    )
    domain = competence.domain
    assert client.get(api("domain_detail", uuid=domain.uuid)).json()["code"] == "COOP"
    level = ProficiencyLevel.objects.get(version=default_version, number=2)
    assert client.get(api("level_detail", uuid=level.uuid)).json()["name_en"] == "Autonomously"


@pytest.mark.parametrize("persona", [None, "volunteer", "advisor"])
def test_drafts_are_hidden_from_non_stewards(client, request, setup, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    v1, draft = setup
    domain = Domain.objects.filter(version=draft).first()
    competence = Competence.objects.filter(version=draft).first()
    level = ProficiencyLevel.objects.filter(version=draft).first()
    alignment = ExternalAlignment.objects.filter(competence__version=draft).first()
    for url in (
        api("version_detail", uuid=draft.uuid),
        api("version_domains", uuid=draft.uuid),
        api("version_competences", uuid=draft.uuid),
        api("version_levels", uuid=draft.uuid),
        api("domain_detail", uuid=domain.uuid),
        api("competence_detail", uuid=competence.uuid),
        api("competence_alignments", uuid=competence.uuid),
        api("level_detail", uuid=level.uuid),
        api("alignment_detail", uuid=alignment.uuid),
    ):
        assert client.get(url).status_code == 404, url
    versions = client.get(api("framework_versions", slug=v1.framework.slug)).json()
    assert [v["status"] for v in versions["results"]] == ["published"]
    # A framework with nothing published is not listed.
    FrameworkFactory(slug="only-a-draft")
    slugs = [f["slug"] for f in client.get(api("framework_list")).json()["results"]]
    assert "only-a-draft" not in slugs
    assert client.get(api("framework_detail", slug="only-a-draft")).status_code == 404


@pytest.mark.parametrize("persona", ["steward", "staff"])
def test_stewards_and_staff_read_drafts(client, request, setup, persona):
    client.force_login(request.getfixturevalue(persona))
    v1, draft = setup
    assert client.get(api("version_detail", uuid=draft.uuid)).json()["status"] == "draft"
    versions = client.get(api("framework_versions", slug=v1.framework.slug)).json()
    assert {v["status"] for v in versions["results"]} == {"draft", "published"}
    assert client.get(api("version_competences", uuid=draft.uuid)).json()["count"] == 4


def test_lists_are_paginated(client):
    version = published_version(domains=2, competences=3, levels=1)
    assert client.get(api("version_competences", uuid=version.uuid)).json()["next"] is None
    first = client.get(api("version_competences", uuid=version.uuid), {"page_size": 3}).json()
    assert first["count"] == 6
    assert len(first["results"]) == 3
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["next"] is None
    codes = [c["code"] for c in first["results"] + second["results"]]
    assert codes == ["D1.1", "D1.2", "D1.3", "D2.1", "D2.2", "D2.3"]


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("version_competences", 6),  # count, rows, keywords, alignments, level texts (+ version)
        ("version_domains", 3),
        ("version_levels", 3),
    ],
)
def test_list_queries_do_not_grow_with_the_content(
    client, name, queries, django_assert_num_queries
):
    small = published_version(domains=1, competences=1, levels=1)
    large = published_version(domains=4, competences=5, levels=4)
    for version in (small, large):
        with django_assert_num_queries(queries):
            response = client.get(api(name, uuid=version.uuid))
        assert response.status_code == 200


def test_framework_and_alignment_lists_are_cheap(
    client, default_version, django_assert_num_queries
):
    for _ in range(3):
        published_version(domains=1, competences=1, levels=1)
    with django_assert_num_queries(3):  # count, frameworks, published versions
        assert client.get(api("framework_list")).json()["count"] == 4
    url = api("framework_versions", slug=default_version.framework.slug)
    with django_assert_num_queries(3):  # versions of a framework: framework, count, rows
        client.get(url)
    competence = Competence.objects.get(version=default_version, code="ORG.1")
    with django_assert_num_queries(3):  # competence, count, rows
        client.get(api("competence_alignments", uuid=competence.uuid))


# --- Write permissions -----------------------------------------------------------------


def _write_requests(v1: FrameworkVersion, draft: FrameworkVersion) -> list[tuple[str, str, dict]]:
    """Every write endpoint, with a valid body for a steward."""
    slug = v1.framework.slug
    domain = Domain.objects.filter(version=draft).order_by("order").first()
    competence = Competence.objects.filter(version=draft).order_by("pk").first()
    level = ProficiencyLevel.objects.filter(version=draft).order_by("number").last()
    alignment = ExternalAlignment.objects.filter(competence__version=draft).first()
    return [
        (
            "post",
            api("framework_list"),
            {"slug": "new-one", "name_fr": "Nouveau", "publisher": "T"},
        ),
        ("patch", api("framework_detail", slug=slug), {"publisher": "Métropole"}),
        ("patch", api("version_detail", uuid=draft.uuid), {"notes_fr": "Des changements."}),
        (
            "post",
            api("version_domains", uuid=draft.uuid),
            {"code": "NEW", "title_fr": "Nouveau", "title_en": "New"},
        ),
        ("patch", api("domain_detail", uuid=domain.uuid), {"title_en": "Renamed"}),
        (
            "post",
            api("version_competences", uuid=draft.uuid),
            {"domain": str(domain.uuid), "code": "NEW.1", "title_fr": "Médiation"},
        ),
        ("patch", api("competence_detail", uuid=competence.uuid), {"keywords": ["voisins"]}),
        (
            "put",
            api("competence_level_texts", uuid=competence.uuid),
            {"level_texts": [{"level": 1, "descriptor_fr": "Aide.", "descriptor_en": "Helps."}]},
        ),
        (
            "post",
            api("version_levels", uuid=draft.uuid),
            {"name_fr": "Expert", "name_en": "Expert"},
        ),
        ("patch", api("level_detail", uuid=level.uuid), {"name_en": "Top"}),
        (
            "post",
            api("competence_alignments", uuid=competence.uuid),
            {
                "target_url": "http://data.europa.eu/esco/skill/new",
                "target_framework": "ESCO v1.1.1",
                "label_fr": "écouter activement",
                "label_en": "listen actively",
                "relation": "related",
            },
        ),
        ("patch", api("alignment_detail", uuid=alignment.uuid), {"relation": "exact"}),
        ("delete", api("alignment_detail", uuid=alignment.uuid), {}),
        ("delete", api("level_detail", uuid=level.uuid), {}),
        ("delete", api("competence_detail", uuid=competence.uuid), {}),
        ("delete", api("domain_detail", uuid=domain.uuid), {}),
        ("post", api("version_publish", uuid=draft.uuid), {}),
        ("post", api("version_retire", uuid=v1.uuid), {}),
        ("delete", api("version_detail", uuid=draft.uuid), {}),
        ("post", api("framework_versions", slug=DEFAULT_SLUG), {"label": "3.0"}),
    ]


def _snapshot() -> dict[str, Any]:
    return {
        "frameworks": list(Framework.objects.values_list("slug", "publisher")),
        "versions": list(FrameworkVersion.objects.values_list("uuid", "status", "notes_fr")),
        "domains": list(Domain.objects.values_list("uuid", "title_en")),
        "competences": list(Competence.objects.values_list("uuid", "title_fr")),
        "levels": list(ProficiencyLevel.objects.values_list("uuid", "name_en")),
        "alignments": list(ExternalAlignment.objects.values_list("uuid", "relation")),
        "texts": CompetenceLevelDescriptor.objects.count(),
    }


@pytest.mark.parametrize("persona", [None, "volunteer", "advisor", "outsider"])
def test_non_stewards_get_403_on_every_write_endpoint(client, request, setup, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    before = _snapshot()
    for method, url, body in _write_requests(*setup):
        response = send(client, method, url, body)
        assert response.status_code == (403 if persona else 401), (method, url)
    assert _snapshot() == before


def test_non_stewards_get_403_even_for_missing_objects(volunteer_client):
    url = api("domain_detail", uuid="00000000-0000-0000-0000-000000000000")
    assert send(volunteer_client, "patch", url, {"code": "X"}).status_code == 403
    assert send(volunteer_client, "delete", url).status_code == 403


@pytest.mark.parametrize("persona", ["steward", "staff"])
def test_stewards_and_staff_can_call_every_write_endpoint(client, request, persona):
    """Each request on a fresh published version and draft, so that each one can succeed."""
    client.force_login(request.getfixturevalue(persona))
    expected = {"post": {200, 201}, "patch": {200}, "put": {200}, "delete": {204}}
    count = len(_write_requests(*_setup()))
    for index in range(count):
        v1, draft = _setup()
        method, url, body = _write_requests(v1, draft)[index]
        response = send(client, method, url, body)
        assert response.status_code in expected[method], (method, url, response.content)
        if index == count - 1:
            assert FrameworkVersion.objects.get(label="3.0").status == Status.DRAFT


# --- Writes through the services ---------------------------------------------------------


def test_a_steward_builds_and_publishes_a_version_through_the_api(steward_client, steward):
    response = send(
        steward_client,
        "post",
        api("framework_list"),
        {
            "slug": "quartiers",
            "name_fr": "Vie de quartier",
            "name_en": "Neighbourhood life",
            "publisher": "Métropole",
            "languages": ["fr", "en"],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["current_version"] is None
    versions = steward_client.get(api("framework_versions", slug="quartiers")).json()["results"]
    draft_uuid = versions[0]["uuid"]
    assert versions[0]["label"] == "1.0"

    level = send(
        steward_client,
        "post",
        api("version_levels", uuid=draft_uuid),
        {"name_fr": "Avec appui", "name_en": "With support"},
    ).json()
    assert level["number"] == 1
    domain = send(
        steward_client,
        "post",
        api("version_domains", uuid=draft_uuid),
        {"code": "VIE", "title_fr": "Vivre ensemble", "title_en": "Living together"},
    ).json()
    response = send(
        steward_client,
        "post",
        api("version_competences", uuid=draft_uuid),
        {
            "domain": domain["uuid"],
            "code": "VIE.1",
            "title_fr": "Médiation entre voisins",
            "title_en": "Mediation between neighbours",
            "keywords": ["conflit", "écoute"],
        },
    )
    assert response.status_code == 201, response.content
    competence = response.json()
    assert competence["keywords"] == ["conflit", "écoute"]
    response = send(
        steward_client,
        "put",
        api("competence_level_texts", uuid=competence["uuid"]),
        {"level_texts": [{"level": 1, "descriptor_fr": "Aide à se parler."}]},
    )
    assert response.json()["level_texts"][0]["descriptor_fr"] == "Aide à se parler."

    response = send(steward_client, "post", api("version_publish", uuid=draft_uuid))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    version = FrameworkVersion.objects.get(uuid=draft_uuid)
    assert version.published_by == steward

    # Anyone now finds it, without the accent.
    steward_client.logout()
    found = steward_client.get(api("competence_search"), {"q": "mediation voisins"}).json()
    assert found["results"][0]["uuid"] == competence["uuid"]


def test_patch_keeps_what_the_body_leaves_out(steward_client, setup):
    _, draft = setup
    competence = Competence.objects.filter(version=draft).first()
    keywords = set(competence.keywords.names())
    response = send(
        steward_client,
        "patch",
        api("competence_detail", uuid=competence.uuid),
        {"title_en": "New title"},
    )
    assert response.status_code == 200, response.content
    competence.refresh_from_db()
    assert competence.title_en == "New title"
    assert competence.title_fr.startswith("Compétence")
    assert set(competence.keywords.names()) == keywords
    assert competence.replaces is not None


def test_validation_errors_answer_400_by_field(steward_client, setup):
    _, draft = setup
    domain = Domain.objects.filter(version=draft).first()
    url = api("version_competences", uuid=draft.uuid)
    response = send(steward_client, "post", url, {"domain": str(domain.uuid), "code": "bad code!"})
    assert response.status_code == 400
    assert "code" in response.json()
    # Checked by the model (through the service): a title in at least one language.
    response = send(steward_client, "post", url, {"domain": str(domain.uuid), "code": "OK.1"})
    assert response.status_code == 400
    assert "title_fr" in response.json()
    # A domain of another version is not accepted.
    other = Domain.objects.exclude(version=draft).first()
    response = send(
        steward_client, "post", url, {"domain": str(other.uuid), "code": "OK.1", "title_fr": "X"}
    )
    assert response.status_code == 400
    assert "domain" in response.json()
    # Codes are unique within a version.
    existing = Competence.objects.filter(version=draft).first()
    response = send(
        steward_client,
        "post",
        url,
        {"domain": str(domain.uuid), "code": existing.code, "title_fr": "X"},
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    # Level texts for a level the version does not have.
    response = send(
        steward_client,
        "put",
        api("competence_level_texts", uuid=existing.uuid),
        {"level_texts": [{"level": 9, "descriptor_fr": "x"}]},
    )
    assert response.status_code == 400


def test_publishing_an_unready_draft_lists_every_problem(steward_client):
    framework = framework_create(slug="vide", name_fr="Vide", name_en="Empty", publisher="T")
    draft = FrameworkVersion.objects.get(framework=framework)
    response = send(steward_client, "post", api("version_publish", uuid=draft.uuid))
    assert response.status_code == 400
    problems = response.json()["non_field_errors"]
    assert len(problems) == 2  # no domain, no level


# --- Immutability through the API ------------------------------------------------------


def test_published_and_retired_versions_answer_409(steward_client, setup):
    v1, draft = setup
    version_publish(version=draft)  # v1 is now retired, draft published
    before = _snapshot()
    for version in (v1, draft):
        version.refresh_from_db()
        domain = Domain.objects.filter(version=version).first()
        competence = Competence.objects.filter(version=version).first()
        level = ProficiencyLevel.objects.filter(version=version).first()
        alignment = ExternalAlignment.objects.filter(competence__version=version).first()
        requests: list[tuple[str, str, dict[str, Any]]] = [
            ("patch", api("version_detail", uuid=version.uuid), {"notes_fr": "Changé"}),
            ("delete", api("version_detail", uuid=version.uuid), {}),
            ("post", api("version_publish", uuid=version.uuid), {}),
            ("post", api("version_domains", uuid=version.uuid), {"code": "X", "title_fr": "X"}),
            ("patch", api("domain_detail", uuid=domain.uuid), {"title_fr": "Changé"}),
            ("delete", api("domain_detail", uuid=domain.uuid), {}),
            (
                "post",
                api("version_competences", uuid=version.uuid),
                {"domain": str(domain.uuid), "code": "X.1", "title_fr": "X"},
            ),
            ("patch", api("competence_detail", uuid=competence.uuid), {"title_fr": "Changé"}),
            ("patch", api("competence_detail", uuid=competence.uuid), {"keywords": ["x"]}),
            ("delete", api("competence_detail", uuid=competence.uuid), {}),
            (
                "put",
                api("competence_level_texts", uuid=competence.uuid),
                {"level_texts": [{"level": 1, "descriptor_fr": "Changé"}]},
            ),
            ("post", api("version_levels", uuid=version.uuid), {"name_fr": "X"}),
            ("patch", api("level_detail", uuid=level.uuid), {"name_fr": "Changé"}),
            ("delete", api("level_detail", uuid=level.uuid), {}),
            (
                "post",
                api("competence_alignments", uuid=competence.uuid),
                {"target_url": "https://example.org/x", "target_framework": "X", "label_fr": "X"},
            ),
            ("patch", api("alignment_detail", uuid=alignment.uuid), {"relation": "exact"}),
            ("delete", api("alignment_detail", uuid=alignment.uuid), {}),
        ]
        for method, url, body in requests:
            response = send(steward_client, method, url, body)
            assert response.status_code == 409, (version.status, method, url, response.content)
            assert response.json()["code"] == "version_locked"
            assert version.label in response.json()["detail"]
    assert _snapshot() == before


def test_life_cycle_conflicts_answer_409(steward_client, setup):
    v1, draft = setup
    slug = v1.framework.slug
    response = send(steward_client, "post", api("framework_versions", slug=slug), {"label": "9"})
    assert response.status_code == 409
    assert response.json()["code"] == "draft_exists"
    response = send(steward_client, "post", api("version_retire", uuid=draft.uuid))
    assert response.status_code == 409
    assert response.json()["code"] == "not_published"
    response = send(steward_client, "post", api("version_retire", uuid=v1.uuid))
    assert response.status_code == 200
    assert response.json()["status"] == "retired"
    response = send(steward_client, "post", api("version_retire", uuid=v1.uuid))
    assert response.status_code == 409


def test_errors_speak_the_users_language(steward_client, steward, default_version):
    steward.preferred_language = "en"
    steward.save()
    domain = Domain.objects.filter(version=default_version).first()
    url = api("domain_detail", uuid=domain.uuid)
    response = steward_client.patch(
        url,
        data=json.dumps({"title_fr": "x"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert "published and retired versions cannot be changed" in response.json()["detail"]


# --- Search ------------------------------------------------------------------------------


def test_search_endpoint(client, default_version):
    response = client.get(api("competence_search"), {"q": "ECOUTE"})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "ECOUTE"
    assert data["results"][0]["code"] == "COOP.1"
    first = data["results"][0]
    assert first["framework"] == default_version.framework.slug
    assert first["version"]["uuid"] == str(default_version.uuid)
    assert first["domain_code"] == "COOP"
    assert first["page_url"].endswith(f"/frameworks/competences/{first['uuid']}/")
    assert data["count"] == len(data["results"])
    # Without the trailing slash too, as documented in the issue.
    same = client.get(f"{API}/competences/search", {"q": "ECOUTE"})
    assert same.status_code == 200
    assert same.json() == data


def test_search_parameters(client, steward, default_version):
    url = api("competence_search")
    assert client.get(url).status_code == 400  # q is required
    assert client.get(url, {"q": ""}).json()["results"] == []
    assert len(client.get(url, {"q": "e", "limit": 2}).json()["results"]) == 2
    assert client.get(url, {"q": "e", "limit": 0}).status_code == 400
    assert client.get(url, {"q": "e", "version": "nope"}).status_code == 400
    response = client.get(url, {"q": "e", "version": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 400
    assert "version" in response.json()
    draft = version_create_draft(framework=default_version.framework, label="2.0")
    assert client.get(url, {"q": "ecoute", "version": str(draft.uuid)}).status_code == 400
    client.force_login(steward)
    found = client.get(url, {"q": "ecoute", "version": str(draft.uuid)}).json()
    assert found["results"][0]["version"]["uuid"] == str(draft.uuid)


def test_search_is_one_query(client, default_version, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(api("competence_search"), {"q": "projet"})


# --- OpenAPI -------------------------------------------------------------------------------


def test_openapi_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target), stderr=io.StringIO())
    schema = target.read_text()
    for path in (
        "/api/v1/frameworks/",
        "/api/v1/versions/{uuid}/publish/",
        "/api/v1/competences/{uuid}/",
        "/api/v1/competences/search/",
    ):
        assert f"  {path}:" in schema, path


def test_schema_view_documents_the_api(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/v1/domains/{uuid}/"]["patch"]
    assert set(operation["responses"]) >= {"200", "400", "403", "404", "409"}
    assert "/api/v1/competences/search" not in schema["paths"]
