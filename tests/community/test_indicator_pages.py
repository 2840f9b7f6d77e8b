"""The indicators' pages, open data, catalogue and API; an initiative's impact page
(community/views/indicators.py, community/rest/indicators.py)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from frictionless import Schema, system
from frictionless.resources import TableResource

from community.models import Role
from tests.community.factories.initiatives import MembershipFactory
from tests.community.indicator_data import CHENOVE, YEAR, territory_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(default_framework):
    return territory_activity(version=default_framework, impact_public=False)


@pytest.fixture
def chenove_leader(territory, leader):
    MembershipFactory(initiative=territory.chenove, user=leader, role=Role.LEADER)
    return leader


def test_the_public_page_answers_everyone_with_a_bounded_number_of_queries(
    client, default_framework, count_queries, english
):
    territory_activity(version=default_framework, seed=1)
    path = reverse("community:indicators")
    first = count_queries(client, path)
    warm = count_queries(client, path)  # the figures are cached
    territory_activity(version=default_framework, seed=2, scale=10)
    from django.core.cache import cache

    cache.clear()
    assert count_queries(client, path) == first <= 14
    assert warm <= 4
    page = client.get(path, {"year": YEAR, "period": "2", "place": f"commune:{CHENOVE}"})
    html = page.content.decode()
    assert "Chenôve – 2nd quarter" in html
    assert "<caption" in html and 'scope="row"' in html and 'role="img"' in html


def test_a_bad_filter_shows_an_error_and_the_territory(client, territory, english):
    page = client.get(reverse("community:indicators"), {"year": YEAR, "place": "commune:99999"})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [(None, 302), ("outsider", 403), ("leader", 403), ("steward", 200)]
)
def test_the_stewards_view_is_for_stewards(as_persona, territory, persona, status):
    response = as_persona(persona).get(reverse("community:indicators_stewards"))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert (
            reverse("community:initiative_impact", kwargs={"slug": territory.chenove.slug}) in html
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 404), ("outsider", 404), ("volunteer", 404), ("leader", 200), ("steward", 200)],
)
def test_the_impact_page_is_for_its_leaders_until_they_make_it_public(
    as_persona, territory, chenove_leader, volunteer, persona, status
):
    # Amina is a member (a peer) of the Chenôve initiative, not a leader.
    MembershipFactory(initiative=territory.chenove, user=volunteer, role=Role.MEMBER)
    path = reverse("community:initiative_impact", kwargs={"slug": territory.chenove.slug})
    assert as_persona(persona).get(path).status_code == status


def test_a_public_impact_page_protects_its_small_counts(client, territory, english):
    territory.chenove.impact_public = True
    territory.chenove.save()
    path = reverse("community:initiative_impact", kwargs={"slug": territory.chenove.slug})
    html = client.get(path, {"year": YEAR}).content.decode()
    assert "fewer than 5" in html
    assert 'role="img"' in html and "<caption" in html


def test_the_open_data_files_validate_against_their_table_schema(client, territory, tmp_path):
    schema = json.loads(client.get(reverse("community:indicators_schema")).content)
    assert all(field.get("description") for field in schema["fields"])
    assert schema["licenses"][0]["name"] == "etalab-2.0"
    csv_path = tmp_path / "indicateurs.csv"
    csv_path.write_bytes(client.get(reverse("community:indicators_csv")).content)
    json_rows = json.loads(client.get(reverse("community:indicators_json")).content)
    json_path = tmp_path / "indicateurs.json"
    json_path.write_text(json.dumps(json_rows), encoding="utf-8")
    table_schema = Schema.from_descriptor(schema)
    with system.use_context(trusted=True):
        for path in (csv_path, json_path):
            report = TableResource(
                path=str(path), schema=table_schema, format=path.suffix[1:]
            ).validate()
            assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(json_rows) > 100
    # The same rows in the API.
    api = client.get(reverse("community_api:indicators")).json()
    assert api["rows"] == json_rows
    assert api["threshold"] == 5


def test_a_file_that_breaks_the_schema_is_refused_by_the_validator(client, territory, tmp_path):
    """The validation can fail: a negative value and an unknown status are reported."""
    schema = Schema.from_descriptor(
        json.loads(client.get(reverse("community:indicators_schema")).content)
    )
    rows = json.loads(client.get(reverse("community:indicators_json")).content)
    rows[0] = {**rows[0], "valeur": -3, "statut": "secret"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    with system.use_context(trusted=True):
        report = TableResource(path=str(path), schema=schema, format="json").validate()
    assert not report.valid
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert [2, "valeur", "constraint-error"] in errors
    assert [2, "statut", "constraint-error"] in errors


def test_the_catalogue_describes_every_dataset_for_portals(client, territory):
    response = client.get(reverse("community:open_data_catalog"))
    assert response["Content-Type"] == "application/ld+json"
    catalog = json.loads(response.content)
    assert catalog["@type"] == "dcat:Catalog"
    datasets = {dataset["dct:identifier"]: dataset for dataset in catalog["dcat:dataset"]}
    assert set(datasets) == {"indicateurs-territoriaux", "initiatives-collaboratives"}
    urls = {
        d["dcat:downloadURL"]["@id"]
        for dataset in datasets.values()
        for d in dataset["dcat:distribution"]
    }
    assert urls == {
        "http://testserver/open-data/indicators.csv",
        "http://testserver/open-data/indicators.json",
        "http://testserver/open-data/indicators.schema.json",
        "http://testserver/open-data/initiatives.geojson",
    }
    for dataset in datasets.values():
        assert dataset["dct:license"]["@id"].startswith("https://www.etalab.gouv.fr/")
    page = client.get(reverse("community:open_data"))
    assert page.status_code == 200
    assert reverse("community:open_data_catalog") in page.content.decode()


def test_an_unknown_year_is_not_found(client, territory):
    assert client.get(reverse("community:indicators_csv"), {"year": "1999"}).status_code == 404
    assert client.get(reverse("community_api:indicators"), {"year": "x"}).status_code == 404
