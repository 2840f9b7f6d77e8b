"""Search finds competences with the words people know: their French and English keywords,
and every label ESCO gives the skills they are aligned to (read from the shipped files in
competences/data/esco/, never fetched). The help text promises "teamwork": it finds the
competence the default framework aligns to ESCO's "work in teams", as does "travail en
équipe", whatever the accents and the case; in a constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from competences.esco import esco_labels, esco_labels_by_uri
from competences.models import Competence, ExternalAlignment, FrameworkVersion
from competences.search_text import compounds, indexed
from competences.selectors.search import competence_search
from competences.services.content import alignment_create
from competences.services.defaults import default_framework_data
from competences.services.versions import version_create_draft
from tests.community.factories.contributions import ContributionFactory

pytestmark = pytest.mark.django_db

WORK_IN_TEAMS = "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"
LEAD_OTHERS = "http://data.europa.eu/esco/skill/75d8e5d9-bef3-418b-9011-01bff9f27207"


@pytest.fixture
def version(default_framework) -> FrameworkVersion:
    return default_framework


def codes(results) -> list[str]:
    return [competence.code for competence in results]


def aligned_to(version: FrameworkVersion, uri: str) -> set[str]:
    """The codes of the competences the framework aligns to an ESCO skill."""
    return set(
        ExternalAlignment.objects.filter(competence__version=version, target_url=uri).values_list(
            "competence__code", flat=True
        )
    )


# --- ESCO's labels, from the shipped files --------------------------------------------


def test_esco_labels_come_from_the_shipped_files_in_both_languages():
    labels = esco_labels([WORK_IN_TEAMS])
    assert "work in teams" in labels and "travailler en équipe" in labels
    assert "team-working" in labels and "cooperate with colleagues" in labels
    assert esco_labels(["http://example.org/not-esco"]) == []
    assert len(esco_labels_by_uri()) == 96


def test_every_esco_skill_of_the_default_framework_has_its_labels():
    targets = {
        alignment["target_url"]
        for domain in default_framework_data()["domains"]
        for competence in domain["competences"]
        for alignment in competence["alignments"]
        if alignment["target_framework"].startswith("ESCO")
    }
    assert targets and all(esco_labels([uri]) for uri in targets)


def test_hyphenated_words_are_also_indexed_as_one():
    assert compounds("team-working, self\u2010learning") == ["teamworking", "selflearning"]
    assert " teamworking " in indexed("team-working")


# --- "teamwork" and "travail en équipe" ------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "teamwork",
        "Teamwork",
        "TEAMWORK",
        "team-work",
        "travail en équipe",
        "Travail en Equipe",
        "TRAVAIL EN ÉQUIPE",
        "travailler en equipe",
    ],
)
def test_teamwork_finds_the_competence_aligned_to_work_in_teams(version, query):
    expected = aligned_to(version, WORK_IN_TEAMS)
    assert expected == {"COM.3"}
    found = codes(competence_search(query=query, version=version))
    assert found and set(found[: len(expected)]) == expected, found


@pytest.mark.parametrize(
    ("query", "uri"),
    [
        ("cooperate with colleagues", WORK_IN_TEAMS),  # an English alternative label
        ("collaborate on tasks", WORK_IN_TEAMS),
        ("show leadership attitude", LEAD_OTHERS),
        ("diriger d’autres personnes", LEAD_OTHERS),  # the French label
        ("DIRIGER D'AUTRES PERSONNES", LEAD_OTHERS),
    ],
)
def test_esco_labels_find_the_aligned_competence(version, query, uri):
    expected = aligned_to(version, uri)
    assert expected
    assert expected <= set(codes(competence_search(query=query, version=version)))


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("écoute", "COOP.1"),
        ("ECOUTE", "COOP.1"),
        ("listening", "COOP.1"),
        ("bénévolat", "COM.2"),
        ("volunteering", "COM.2"),
        ("Économie sociale", "INNO.3"),
        ("social economy", "INNO.3"),
    ],
)
def test_french_and_english_keywords(version, query, code):
    assert codes(competence_search(query=query, version=version))[0] == code


def test_a_new_alignment_brings_its_esco_labels(version):
    draft = version_create_draft(framework=version.framework)
    competence = Competence.objects.get(version=draft, code="INNO.1")
    assert "INNO.1" not in codes(competence_search(query="teamwork", version=draft))
    alignment_create(
        competence=competence,
        target_url=WORK_IN_TEAMS,
        target_framework="ESCO v1.1.1",
        label_fr="travailler en équipe",
        label_en="work in teams",
    )
    assert "INNO.1" in codes(competence_search(query="teamwork", version=draft))
    assert "INNO.1" in codes(competence_search(query="cooperate with colleagues", version=draft))


def test_the_migration_indexed_the_esco_labels(version):
    """The default framework, published before this change, is indexed with them."""
    row = Competence.objects.get(version=version, code="COM.3")
    assert " teamworking " in row.search_terms and " cooperate " in row.search_terms


# --- The pages that search, in a constant number of queries ---------------------------


def test_one_query_whatever_the_words(version, django_assert_num_queries):
    for query in ("teamwork", "travail en équipe", "cooperate with colleagues", "e"):
        with django_assert_num_queries(1):
            competence_search(query=query, version=version)


def test_the_search_page_finds_teamwork(client, version, count_queries):
    url = reverse("competences:search")
    page = client.get(url, {"q": "teamwork"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Connect people and projects" in page
    queries = {q: count_queries(client, f"{url}?q={q}") for q in ("teamwork", "equipe", "a")}
    assert len(set(queries.values())) == 1, queries


def test_the_suggestions_find_teamwork(client, version):
    response = client.get(reverse("competences:search_suggestions"), {"q": "teamwork"})
    assert "COM.3" in [item["code"] for item in response.json()["results"]]


@pytest.fixture
def contribution(volunteer):
    return ContributionFactory(owner=volunteer, title="Atelier")


@pytest.mark.parametrize(("persona", "expected"), [("volunteer", 200), ("outsider", 404)])
def test_choosing_a_competence_to_claim_finds_teamwork(
    client, version, contribution, outsider, persona, expected, request
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("community:claim_choose", args=[contribution.uuid])
    response = client.get(url, {"q": "travail en équipe"})
    assert response.status_code == expected
    if expected == 200:
        found = [c.code for group in response.context["groups"] for c, _claimed in group["items"]]
        assert found[0] == "COM.3"
        assert "Mettre en réseau" in response.content.decode()


def test_choosing_a_competence_takes_the_same_queries_whatever_is_found(
    client, version, contribution, volunteer, count_queries
):
    client.force_login(volunteer)
    url = reverse("community:claim_choose", args=[contribution.uuid])
    counts = {q: count_queries(client, f"{url}?q={q}") for q in ("teamwork", "equipe", "zzz")}
    assert len(set(counts.values())) == 1, counts
