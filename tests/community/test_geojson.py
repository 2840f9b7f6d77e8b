"""The public initiatives as GeoJSON (RFC 7946): valid against the GeoJSON JSON Schema
(geojson.org's, tests/data/geojson), only listed initiatives that have a point, with their
properties; the same at the open-data address and in the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft7Validator

from community.geojson import initiatives_feature_collection
from community.models import InitiativeKind
from tests.community.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "geojson" / "FeatureCollection.json")
    .read_text(encoding="utf-8")
)  # fmt: skip
OPEN_DATA = reverse("community:initiatives_geojson")
API = reverse("community_api:initiatives_geojson")


def valid(document: dict) -> list[str]:
    return [error.message for error in Draft7Validator(SCHEMA).iter_errors(document)]


@pytest.fixture
def initiatives(communes):
    chenove = communes["Chenôve"]
    return {
        "public": InitiativeFactory(
            name="Repair Café de Chenôve",
            place=chenove,
            commune="Chenôve",
            postcode="21300",
            address="Place Pierre Meunier",
            latitude=47.2921,
            longitude=5.0061,
            opening_hours="Samedi matin",
            access_transport="Tram T2",
            step_free_access=True,
            welcomes_newcomers=True,
            first_visit="Venez avec un objet.",
        ),
        "typed": InitiativeFactory(
            name="Sans commune choisie", commune="Dijon", latitude=47.32, longitude=5.04
        ),
        "no_point": InitiativeFactory(name="Sans point", place=chenove, commune="Chenôve"),
        "unlisted": InitiativeFactory(
            name="Pas dans l’annuaire", in_directory=False, latitude=47.29, longitude=5.0
        ),
    }


def test_the_geojson_is_valid_and_lists_only_public_initiatives_with_a_point(
    client: Client, initiatives
):
    response = client.get(OPEN_DATA)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert valid(document) == []
    assert "crs" not in document  # RFC 7946 §4
    assert document["license"] == "Licence Ouverte 2.0 (Etalab)"
    names = sorted(feature["properties"]["name"] for feature in document["features"])
    assert names == ["Repair Café de Chenôve", "Sans commune choisie"]


def test_a_feature_has_its_point_in_longitude_latitude_order_and_its_properties(
    client: Client, initiatives
):
    document = json.loads(client.get(OPEN_DATA).content)
    feature = next(f for f in document["features"] if f["id"] == initiatives["public"].slug)
    assert feature["geometry"] == {"type": "Point", "coordinates": [5.0061, 47.2921]}
    assert feature["properties"] == {
        "name": "Repair Café de Chenôve",
        "kind": InitiativeKind.REPAIR_CAFE.value,
        "kind_label": "Repair café",
        "commune": "Chenôve",
        "commune_code": "21166",
        "postcode": "21300",
        "address": "Place Pierre Meunier",
        "opening_hours": "Samedi matin",
        "access_transport": "Tram T2",
        "step_free_access": True,
        "welcomes_newcomers": True,
        "first_visit": "Venez avec un objet.",
        "url": f"http://testserver{initiatives['public'].get_absolute_url()}",
    }


def test_the_filters_of_the_directory_apply(client: Client, initiatives):
    document = json.loads(client.get(OPEN_DATA, {"commune": "21166"}).content)
    assert [f["properties"]["name"] for f in document["features"]] == ["Repair Café de Chenôve"]
    assert json.loads(client.get(OPEN_DATA, {"newcomers": "on"}).content)["features"][0]["id"] == (
        initiatives["public"].slug
    )


def test_the_api_gives_the_same_document(client: Client, initiatives):
    response = client.get(API)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content) == json.loads(client.get(OPEN_DATA).content)


@pytest.mark.parametrize(
    "query", [{"kind": "AAA"}, {"newcomers": "null"}, {"step_free": "maybe"}, {"newcomers": "2"}]
)
def test_the_api_refuses_a_filter_it_does_not_take(client: Client, initiatives, query):
    response = client.get(API, query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


@pytest.mark.parametrize("value", ["maybe", "null"])
def test_the_api_says_which_yes_or_no_values_it_takes(client: Client, initiatives, value):
    response = client.get(API, {"newcomers": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "newcomers": [f"Give yes or no (on, true, 1 or off, false, 0), not “{value}”."]
    }
    # Every value is checked, not only the last one.
    assert client.get(f"{API}?newcomers={value}&newcomers=true").status_code == 400


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", ["Repair Café de Chenôve"]),
        ("1", ["Repair Café de Chenôve"]),
        ("yes", ["Repair Café de Chenôve"]),
        ("on", ["Repair Café de Chenôve"]),
        ("false", ["Repair Café de Chenôve", "Sans commune choisie"]),
        ("0", ["Repair Café de Chenôve", "Sans commune choisie"]),
        ("no", ["Repair Café de Chenôve", "Sans commune choisie"]),
        ("OFF", ["Repair Café de Chenôve", "Sans commune choisie"]),
    ],
)
def test_the_api_takes_the_usual_words_for_yes_and_no(client: Client, initiatives, value, expected):
    response = client.get(API, {"newcomers": value})
    assert response.status_code == 200
    assert sorted(f["properties"]["name"] for f in response.json()["features"]) == expected


def test_the_api_schema_documents_it(client: Client):
    schema = client.get(reverse("api-schema"), {"format": "json"})
    assert "/api/v1/initiatives/directory.geojson" in json.loads(schema.content)["paths"]


def test_an_empty_collection_is_valid():
    document = initiatives_feature_collection([], page_url=str)
    assert valid(document) == [] and document["features"] == []


def test_the_schema_refuses_a_feature_without_geometry():
    """The check can fail: a broken document is refused by the same schema."""
    broken = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}
    assert valid(broken)


def test_the_map_pages_allow_only_the_tile_servers_host(client: Client, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.net/{z}/{x}/{y}.png"
    csp = client.get(reverse("community:directory"))["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.net;" in csp
    assert "tiles.example.net" not in client.get(reverse("home"))["Content-Security-Policy"]
