"""Competence search: accents, case, French and English, keywords, ESCO labels, ranking,
published versions only by default; the search columns kept up to date by the services;
the HTML page and the suggestions behind its script."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competences.models import Competence, Framework, FrameworkVersion, Status
from competences.search_text import indexed, normalise, query_words
from competences.selectors.frameworks import version_draft
from competences.selectors.search import competence_search
from competences.services.content import (
    alignment_create,
    alignment_delete,
    alignment_update,
    competence_create,
    competence_update,
    domain_create,
    level_create,
)
from competences.services.defaults import default_framework_data
from competences.services.search import search_index_refresh
from competences.services.versions import framework_create, version_create_draft, version_publish
from tests.competences.factories.frameworks import draft_with_content

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("competences:search")
SUGGESTIONS_URL = reverse("competences:search_suggestions")


# --- Normalisation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Médiation", "mediation"),
        ("ÉCOUTE", "ecoute"),
        ("L'écoute, la MÉDIATION (œuvre)", "l ecoute la mediation oeuvre"),
        ("Faire preuve d\u2019empathie", "faire preuve d empathie"),
        ("Straße · Ærø", "strasse aero"),
        ("ORG.2", "org 2"),
        ("  ", ""),
    ],
)
def test_normalise_drops_accents_case_and_punctuation(text, expected):
    assert normalise(text) == expected


def test_indexed_text_has_a_space_on_each_side():
    assert indexed("Médiation", "", "voisins") == " mediation voisins "
    assert indexed("", "!") == ""


def test_query_words_drop_stop_words_and_plurals():
    assert query_words("Gestion de projets") == ["gestion", "projet"]
    assert query_words("la médiation et l'écoute") == ["mediation", "ecoute"]
    assert query_words("de la") == ["de", "la"]  # nothing else: kept
    assert query_words("bus") == ["bus"]  # three letters: kept as is
    assert query_words("écoute Ecoute ÉCOUTE") == ["ecoute"]
    assert query_words("") == []


# --- A framework to search -----------------------------------------------------------


def _published(slug: str, competences: list[dict], **framework: str) -> FrameworkVersion:
    """Create and publish a framework through the services, one domain, one level."""
    framework_obj = framework_create(
        slug=slug,
        name_fr=framework.get("name_fr", f"Référentiel {slug}"),
        name_en=framework.get("name_en", f"Framework {slug}"),
        publisher="Territoire",
    )
    draft = version_draft(framework=framework_obj)
    assert draft is not None
    level_create(version=draft, name_fr="Avec appui", name_en="With support")
    domain = domain_create(
        version=draft, code="VIE", title_fr="Vivre ensemble", title_en="Living together"
    )
    for number, item in enumerate(competences, start=1):
        alignments = item.pop("alignments", [])
        competence = competence_create(
            domain=domain,
            code=f"VIE.{number}",
            title_fr=item.pop("title_fr", f"Compétence {number}"),
            title_en=item.pop("title_en", f"Competence {number}"),
            **item,
        )
        for n, (label_fr, label_en) in enumerate(alignments):
            alignment_create(
                competence=competence,
                target_url=f"http://data.europa.eu/esco/skill/{slug}-{number}-{n}",
                target_framework="ESCO v1.1.1",
                label_fr=label_fr,
                label_en=label_en,
            )
    return version_publish(version=draft)


@pytest.fixture
def voisins() -> FrameworkVersion:
    return _published(
        "voisins",
        [
            {
                "title_fr": "Médiation entre voisins",
                "title_en": "Mediation between neighbours",
                "description_fr": "Aider deux voisins à se parler.",
                "keywords": ["conflit", "quartier"],
            },
            {
                "title_fr": "Tenir un stand",
                "title_en": "Run a stall",
                "description_fr": "Accueillir le public d'une fête de quartier.",
                "keywords": ["écoute", "accueil"],
                "alignments": [("faire preuve d'empathie", "show empathy")],
            },
            {
                "title_fr": "Animer une réunion",
                "title_en": "Lead a meeting",
                "description_fr": "Donner la parole à chacun, sans oublier la médiation.",
            },
            {
                "title_fr": "Réparer un vélo",
                "title_en": "Fix a bike",
                "keywords": ["Médiation"],
            },
        ],
    )


def codes(results: list[Competence]) -> list[str]:
    return [competence.code for competence in results]


def in_version(results: list[Competence], version: FrameworkVersion) -> list[str]:
    return [c.code for c in results if c.version_id == version.pk]


# --- The selector --------------------------------------------------------------------


@pytest.mark.parametrize("query", ["mediation", "MEDIATION", "Médiation", "médiatîon", "medi"])
def test_accents_and_case_do_not_matter(voisins, query):
    results = competence_search(query=query)
    assert in_version(results, voisins)[0] == "VIE.1"


def test_title_words_in_french_or_english(voisins):
    assert in_version(competence_search(query="voisins"), voisins)[0] == "VIE.1"
    assert in_version(competence_search(query="neighbours"), voisins) == ["VIE.1"]
    assert in_version(competence_search(query="stall"), voisins) == ["VIE.2"]
    assert in_version(competence_search(query="réunion"), voisins) == ["VIE.3"]


def test_keywords_descriptions_and_esco_labels(voisins):
    # "ecoute" without its accent finds the keyword "écoute".
    assert in_version(competence_search(query="ecoute"), voisins) == ["VIE.2"]
    # ESCO labels, in French and in English.
    assert in_version(competence_search(query="empathie"), voisins) == ["VIE.2"]
    assert in_version(competence_search(query="show empathy"), voisins) == ["VIE.2"]
    # Descriptions.
    assert in_version(competence_search(query="fête"), voisins) == ["VIE.2"]


def test_every_word_must_match(voisins):
    assert in_version(competence_search(query="médiation voisins"), voisins) == ["VIE.1"]
    assert in_version(competence_search(query="médiation vélo"), voisins) == ["VIE.4"]
    assert competence_search(query="médiation zzz") == []


def test_words_match_the_start_of_words_only(voisins):
    # "ation" is inside "médiation", but no word starts with it.
    assert in_version(competence_search(query="ation"), voisins) == []


def test_title_matches_come_first_then_keywords_and_labels_then_descriptions(voisins):
    results = in_version(competence_search(query="médiation"), voisins)
    # VIE.1: title; VIE.4: keyword; VIE.3: description only.
    assert results == ["VIE.1", "VIE.4", "VIE.3"]
    scores = [c.search_score for c in competence_search(query="médiation", version=voisins)]
    assert scores == sorted(scores, reverse=True)


def test_codes_are_searchable(voisins):
    assert codes(competence_search(query="VIE.2", version=voisins))[0] == "VIE.2"


def test_only_published_versions_by_default(voisins):
    draft = version_create_draft(framework=voisins.framework, label="2.0")
    copy = Competence.objects.get(version=draft, code="VIE.1")
    competence_update(
        competence=copy,
        domain=copy.domain,
        code="VIE.1",
        title_fr="Médiation de quartier",
        title_en="Neighbourhood mediation",
    )
    # The draft is not searched by default...
    assert in_version(competence_search(query="quartier médiation"), draft) == []
    assert [c.version_id for c in competence_search(query="médiation voisins")] == [voisins.pk]
    # ...but can be when asked for.
    assert codes(competence_search(query="quartier médiation", version=draft)) == ["VIE.1"]
    # Once published, the new version replaces the old one in the results.
    version_publish(version=draft)
    results = competence_search(query="médiation")
    assert voisins.pk not in {c.version_id for c in results}
    assert in_version(results, draft)[0] == "VIE.1"
    # The retired version stays searchable on request.
    voisins.refresh_from_db()
    assert voisins.status == Status.RETIRED
    assert codes(competence_search(query="voisins", version=voisins))[0] == "VIE.1"


def test_limit_and_empty_queries(voisins):
    assert len(competence_search(query="e", version=voisins, limit=2)) <= 2
    assert competence_search(query="") == []
    assert competence_search(query="  '- ") == []
    assert competence_search(query="médiation", limit=0) == []


def test_one_query_whatever_the_number_of_words(voisins, django_assert_num_queries):
    with django_assert_num_queries(1):
        results = competence_search(query="médiation entre voisins du quartier")
        assert results[0].version.framework.slug == "voisins"
        assert results[0].domain.code == "VIE"


def test_the_default_framework_is_indexed():
    """Filled by the data migration: every competence of the default framework is found."""
    data = default_framework_data()
    version = FrameworkVersion.objects.get(uuid=data["version"]["uuid"])
    assert not Competence.objects.filter(version=version, search_text="").exists()
    assert codes(competence_search(query="ecoute", version=version))[0] == "COOP.1"
    assert "COOP.1" in codes(competence_search(query="empathy", version=version))
    assert codes(competence_search(query="apprendre a apprendre", version=version))[0] == "INCL.3"
    assert codes(competence_search(query="réseau", version=version))[0] == "COM.3"


def test_the_migration_and_the_services_compute_the_same_columns():
    """Refreshing a copy of the default framework changes nothing: one normalisation."""
    version = FrameworkVersion.objects.get(uuid=default_framework_data()["version"]["uuid"])
    draft = version_create_draft(framework=version.framework)
    assert search_index_refresh(version=draft) == 0


def test_suggestions_as_a_volunteer_types(voisins):
    """Each key typed narrows the results; the intended competence stays first."""
    for typed in ("mé", "med", "médi", "médiation", "médiation e", "médiation entre v"):
        assert in_version(competence_search(query=typed), voisins)[0] == "VIE.1", typed


# --- Keeping the index up to date -----------------------------------------------------


def test_services_keep_the_columns_up_to_date():
    framework = framework_create(
        slug="frais", name_fr="Frais", name_en="Fresh", publisher="Territoire"
    )
    draft = version_draft(framework=framework)
    assert draft is not None
    domain = domain_create(version=draft, code="D", title_fr="D", title_en="D")
    competence = competence_create(
        domain=domain, code="D.1", title_fr="Jardiner", title_en="Garden", keywords=["potager"]
    )
    assert competence.search_title == " d 1 jardiner garden "
    assert " potager " in competence.search_terms

    def found(query: str) -> bool:
        return bool(competence_search(query=query, version=draft))

    competence_update(
        competence=competence,
        domain=domain,
        code="D.1",
        title_fr="Cuisiner",
        title_en="Cook",
        keywords=["soupe"],
    )
    assert not found("jardiner")
    assert not found("potager")
    assert found("cuisiner soupe")
    alignment = alignment_create(
        competence=competence,
        target_url="http://data.europa.eu/esco/skill/x",
        target_framework="ESCO",
        label_fr="préparer des aliments",
        label_en="prepare food",
    )
    assert found("aliments")
    alignment_update(
        alignment=alignment,
        target_url=alignment.target_url,
        target_framework="ESCO",
        label_fr="servir des repas",
        label_en="serve meals",
    )
    assert not found("aliments")
    assert found("repas")
    alignment_delete(alignment=alignment)
    assert not found("repas")


def test_publishing_indexes_content_added_without_the_services():
    """Factories (like an import) write rows directly: publishing indexes them all."""
    draft = draft_with_content(domains=1, competences=2)
    assert competence_search(query="écoute", version=draft) == []
    version_publish(version=draft)
    assert len(competence_search(query="ecoute", version=draft)) == 2


def test_a_new_draft_copies_the_columns(voisins):
    draft = version_create_draft(framework=voisins.framework, label="2.0")
    old = Competence.objects.get(version=voisins, code="VIE.2")
    new = Competence.objects.get(version=draft, code="VIE.2")
    assert (new.search_title, new.search_terms, new.search_text) == (
        old.search_title,
        old.search_terms,
        old.search_text,
    )
    assert old.search_text


def test_search_is_a_reserved_framework_slug():
    framework = Framework(slug="search", name_fr="x", publisher="y")
    with pytest.raises(ValidationError) as error:
        framework.full_clean()
    assert error.value.error_dict["slug"][0].code == "reserved"


# --- The search page (works without JavaScript) -------------------------------------


def test_search_page_finds_competences_without_accents(client, voisins):
    response = client.get(SEARCH_URL, {"q": "mediation"})
    assert response.status_code == 200
    body = response.text
    assert body.count("<h1") == 1
    assert 'role="search"' in body
    assert 'method="get"' in body
    assert 'value="mediation"' in body
    vie1 = Competence.objects.get(version=voisins, code="VIE.1")
    assert f'href="{vie1.get_absolute_url()}"' in body
    assert body.index("Médiation entre voisins") < body.index("Animer une réunion")


def test_search_page_without_query_or_results(client, voisins):
    response = client.get(SEARCH_URL)
    assert response.status_code == 200
    assert "search-result" not in response.text
    response = client.get(SEARCH_URL, {"q": "zzzz"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "No competence found for “zzzz”" in response.text


def test_search_page_in_english(client, voisins):
    response = client.get(SEARCH_URL, {"q": "voisins"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Mediation between neighbours" in response.text
    assert "1 competence found for “voisins”" in response.text


def test_search_page_is_cheap(client, voisins, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(SEARCH_URL, {"q": "e"})
    assert response.status_code == 200


def test_search_page_offers_versions_once_there_are_several(client, voisins):
    assert 'name="version"' in client.get(SEARCH_URL).text  # with the default framework
    response = client.get(SEARCH_URL, {"q": "voisins", "version": str(voisins.uuid)})
    assert f'<option value="{voisins.uuid}" selected>' in response.text
    assert "version" in response.text


def test_drafts_are_searched_for_stewards_only(client, steward, voisins):
    draft = version_create_draft(framework=voisins.framework, label="2.0")
    copy = Competence.objects.get(version=draft, code="VIE.3")
    competence_update(
        competence=copy, domain=copy.domain, code="VIE.3", title_fr="Brouillon secret", title_en=""
    )
    params = {"q": "brouillon secret", "version": str(draft.uuid)}
    assert "Brouillon secret" not in client.get(SEARCH_URL, params).text
    assert client.get(SUGGESTIONS_URL, params).json()["count"] == 0
    client.force_login(steward)
    assert "Brouillon secret" in client.get(SEARCH_URL, params).text
    assert client.get(SUGGESTIONS_URL, params).json()["count"] == 1


def test_bad_versions_are_ignored(client, voisins):
    for version in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = client.get(SEARCH_URL, {"q": "voisins", "version": version})
        assert response.status_code == 200
        assert "Médiation entre voisins" in response.text


def test_framework_pages_have_a_search_box(client, voisins):
    for url in (
        reverse("competences:framework_list"),
        voisins.framework.get_absolute_url(),
        voisins.get_absolute_url(),
    ):
        body = client.get(url).text
        assert f'action="{SEARCH_URL}"' in body, url
        assert f'data-suggestions-url="{SUGGESTIONS_URL}"' in body, url
        assert "js/competence-search.js" in body, url


# --- Suggestions (JSON for the script) ------------------------------------------------


def test_suggestions(client, voisins):
    response = client.get(SUGGESTIONS_URL, {"q": "medi", "version": str(voisins.uuid)})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "medi"
    assert data["count"] == 3
    first = data["results"][0]
    vie1 = Competence.objects.get(version=voisins, code="VIE.1")
    assert first == {
        "uuid": str(vie1.uuid),
        "code": "VIE.1",
        "title": "Médiation entre voisins",
        "title_language": "fr",
        "domain": "Vivre ensemble",
        "domain_language": "fr",
        "framework": "voisins",
        "version": voisins.label,
        "url": vie1.get_absolute_url(),
    }
    assert data["message"].startswith("3 ")


def test_suggestions_speak_the_visitors_language(client, voisins):
    data = client.get(SUGGESTIONS_URL, {"q": "voisins"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["results"][0]["title"] == "Mediation between neighbours"
    assert data["message"] == "1 suggestion. Use the up and down arrows to choose."
    data = client.get(SUGGESTIONS_URL, {"q": "zzzz"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data == {"query": "zzzz", "count": 0, "message": "No competence found.", "results": []}
    assert client.get(SUGGESTIONS_URL).json()["message"] == ""


def test_suggestions_are_few_and_read_only(client, voisins, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        data = client.get(SUGGESTIONS_URL, {"q": "e"}).json()
    assert len(data["results"]) <= 8
    assert client.post(SUGGESTIONS_URL, {"q": "e"}).status_code == 405
    assert client.post(SEARCH_URL, {"q": "e"}).status_code == 405
