"""The issuers API: public reads, writes for issuer staff, in the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from badges.models import Issuer
from tests.badges.factories.issuers import (
    IssuerFactory,
    TerritoryIssuerFactory,
    image_upload,
    initiative_with_members,
    svg_upload,
)
from tests.conftest import refused

pytestmark = pytest.mark.django_db

PERSONAS = ["leader", "volunteer", "other_leader", "steward", None]
LIST = reverse("badges_api:issuer_list")


@pytest.fixture
def initiative(leader, volunteer):
    return initiative_with_members(leader=leader, member=volunteer)


@pytest.fixture
def issuer(initiative):
    return IssuerFactory(initiative=initiative, name="Repair Café de Chenôve")


def _detail(issuer: Issuer) -> str:
    return reverse("badges_api:issuer_detail", args=[issuer.uuid])


def _rotate(issuer: Issuer) -> str:
    return reverse("badges_api:issuer_key_rotate", args=[issuer.uuid])


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_reads_issuers(as_persona, issuer, persona):
    client = as_persona(persona)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert [item["uuid"] for item in listing.json()["results"]] == [str(issuer.uuid)]
    detail = client.get(_detail(issuer))
    assert detail.status_code == 200
    key = issuer.signing_keys.get()
    assert detail.json() == {
        "uuid": str(issuer.uuid),
        "id": issuer.id_url,
        "name": "Repair Café de Chenôve",
        "url": issuer.url,
        "email": issuer.email,
        "description": issuer.description,
        "image": None,
        "initiative": "repair-cafe-de-chenove",
        "initiative_verified": False,
        "is_territory": False,
        "ob2_profile": issuer.ob2_url,
        "keys": [
            {
                "id": key.verification_method_id,
                "public_key_multibase": key.public_key_multibase,
                "created_at": detail.json()["keys"][0]["created_at"],
                "retired_at": None,
                "is_active": True,
            }
        ],
        "recognition": "recognised",
        "recognition_changed_at": detail.json()["recognition_changed_at"],
        "created_at": detail.json()["created_at"],
        "updated_at": detail.json()["updated_at"],
    }
    assert detail.json()["recognition_changed_at"] is not None


def test_list_costs_the_same_whatever_the_number_of_issuers(client, django_assert_max_num_queries):
    TerritoryIssuerFactory()
    IssuerFactory()
    with django_assert_max_num_queries(4) as few:
        assert client.get(LIST).status_code == 200
    for _ in range(5):
        IssuerFactory(keys=3)
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(LIST).json()["results"]) == 7


def test_unknown_issuer_is_404(client, leader):
    client.force_login(leader)
    uuid = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("badges_api:issuer_detail", args=[uuid])).status_code == 404
    assert client.post(reverse("badges_api:issuer_key_rotate", args=[uuid])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_issuer_staff_change_an_issuer(as_persona, issuer, persona):
    response = as_persona(persona).patch(
        _detail(issuer), {"name": "Changed"}, content_type="application/json"
    )
    assert response.status_code == (200 if persona == "leader" else refused(persona))
    issuer.refresh_from_db()
    assert (issuer.name == "Changed") == (persona == "leader")
    if persona == "leader":
        assert response.json()["name"] == "Changed"
        assert response.json()["email"] == issuer.email  # left as it was


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_issuer_staff_rotate_keys(as_persona, issuer, persona):
    response = as_persona(persona).post(_rotate(issuer))
    assert response.status_code == (200 if persona == "leader" else refused(persona))
    assert issuer.signing_keys.count() == (2 if persona == "leader" else 1)
    if persona == "leader":
        keys = response.json()["keys"]
        assert [key["is_active"] for key in keys] == [False, True]
        assert keys[0]["retired_at"] is not None


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_leaders_create_their_initiative_issuer(as_persona, initiative, persona):
    body = {"initiative": initiative.slug, "name": "Repair", "email": "c@example.org"}
    response = as_persona(persona).post(LIST, body, content_type="application/json")
    assert response.status_code == (201 if persona == "leader" else refused(persona))
    if persona == "leader":
        issuer = Issuer.objects.get()
        assert response.json()["id"] == issuer.id_url
        assert len(response.json()["keys"]) == 1
        # a new issuer waits for the territory's decision, and says so
        assert response.json()["recognition"] == "pending"


@pytest.mark.parametrize("persona", [*PERSONAS, "staff"])
def test_only_stewards_and_staff_create_the_territory_issuer(as_persona, persona):
    body = {"initiative": None, "name": "Territoire", "email": "t@example.org"}
    response = as_persona(persona).post(LIST, body, content_type="application/json")
    assert response.status_code == (201 if persona in ("steward", "staff") else refused(persona))
    assert Issuer.objects.filter(is_territory=True).exists() == (persona in ("steward", "staff"))


def test_create_errors(client, leader, initiative):
    client.force_login(leader)
    unknown = client.post(
        LIST,
        {"initiative": "nowhere", "name": "x", "email": "x@example.org"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert "initiative" in unknown.json()
    invalid = client.post(LIST, {"initiative": initiative.slug}, content_type="application/json")
    assert invalid.status_code == 400
    assert {"name", "email"} <= invalid.json().keys()
    body = {"initiative": initiative.slug, "name": "x", "email": "x@example.org"}
    assert client.post(LIST, body, content_type="application/json").status_code == 201
    again = client.post(LIST, body, content_type="application/json")
    assert again.status_code == 400
    assert "non_field_errors" in again.json()


def test_image_upload_by_multipart(client, leader, issuer):
    client.force_login(leader)
    response = client.patch(
        _detail(issuer),
        data=encode_multipart(BOUNDARY, {"image": image_upload()}),
        content_type=MULTIPART_CONTENT,
    )
    assert response.status_code == 200, response.content
    assert "/image.png?v=" in response.json()["image"]
    svg = client.patch(
        _detail(issuer),
        data=encode_multipart(BOUNDARY, {"image": svg_upload()}),
        content_type=MULTIPART_CONTENT,
    )
    assert svg.status_code == 400
    assert "image" in svg.json()


def test_issuers_are_in_the_openapi_schema(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert {"get", "post"} <= paths["/api/v1/issuers/"].keys()
    assert {"get", "patch"} <= paths["/api/v1/issuers/{uuid}/"].keys()
    assert "post" in paths["/api/v1/issuers/{uuid}/keys/rotate/"]
    properties = schema["components"]["schemas"]["Issuer"]["properties"]
    assert "keys" in properties
    assert "encrypted_private_key" not in str(schema)
    for name in ("Issuer", "SigningKey"):
        assert not any(
            "private" in field for field in schema["components"]["schemas"][name]["properties"]
        )
