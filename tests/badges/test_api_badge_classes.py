"""The badge classes API: public reads with rules and alignments, writes for issuer staff."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from badges.models import BadgeClass
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import (
    IssuerFactory,
    initiative_with_members,
)
from tests.conftest import refused

pytestmark = pytest.mark.django_db

PERSONAS = ["leader", "other_leader", "volunteer", None]
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
    b'<script>alert(2)</script><rect width="10" height="10" fill="#123456"/></svg>'
)


@pytest.fixture
def issuer(leader, volunteer):
    return IssuerFactory(initiative=initiative_with_members(leader=leader, member=volunteer))


@pytest.fixture
def comps(default_framework):
    return competences(default_framework, 3)


@pytest.fixture
def badge(issuer, comps):
    badge = badge_class_add(
        issuer,
        rules=({"competence": comps[0], "min_level": 2, "min_endorsers": 2, "min_leaders": 1},),
    )
    badge.tags.set(["réparation"])
    return badge


def _list(issuer) -> str:
    return reverse("badges_api:badge_class_list", args=[issuer.uuid])


def _detail(badge) -> str:
    return reverse("badges_api:badge_class_detail", args=[badge.uuid])


def _body(comps, **overrides):
    body = {
        "name": "Réparer avec d'autres",
        "description": "Répare des objets avec les visiteurs.",
        "criteria_narrative": "Trois ateliers animés.",
        "achievement_type": "Competency",
        "tags": ["réparation", "accueil"],
        "validity_days": 365,
        "auto_award": True,
        "rules": [
            {"competence": str(comps[0].uuid), "min_level": 2, "min_endorsers": 2, "min_leaders": 1}
        ],
    }
    body.update(overrides)
    return body


# --- Reads -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_reads_badge_classes(as_persona, persona, issuer, badge, comps):
    client = as_persona(persona)
    listing = client.get(_list(issuer))
    assert listing.status_code == 200
    [item] = listing.json()["results"]
    assert item["uuid"] == str(badge.uuid)
    assert item["id"] == badge.id_url
    assert item["issuer"] == {"uuid": str(issuer.uuid), "id": issuer.id_url, "name": issuer.name}
    assert item["tags"] == ["réparation"]
    assert item["rules"] == [
        {
            "competence": {
                "uuid": str(comps[0].uuid),
                "code": comps[0].code,
                "title_fr": comps[0].title_fr,
                "title_en": comps[0].title_en,
                "page_url": item["rules"][0]["competence"]["page_url"],
            },
            "min_level": 2,
            "min_endorsers": 2,
            "min_leaders": 1,
        }
    ]
    assert "alignments" not in item
    detail = client.get(_detail(badge)).json()
    assert detail["name"] == badge.name
    assert detail["rules_changed_at"] is None
    assert detail["image"] is None and detail["image_svg"] is None
    assert detail["ob2_url"].endswith(f"/ob/v2/badges/{badge.uuid}")
    targets = [alignment["targetUrl"] for alignment in detail["alignments"]]
    # The competence's CASE item once its version is published (#17), not its HTML page.
    competence_uuid = item["rules"][0]["competence"]["uuid"]
    assert targets[0].endswith(f"/ims/case/v1p1/CFItems/{competence_uuid}")
    assert any("data.europa.eu/esco/skill/" in target for target in targets)
    assert detail["alignments"][0]["targetType"] == "CFItem"


def test_list_costs_the_same_whatever_the_number_of_badge_classes(
    client, issuer, comps, django_assert_max_num_queries
):
    badge_class_add(issuer, slug="a", rules=({"competence": comps[0], "min_level": 1},))
    with django_assert_max_num_queries(6) as few:
        assert client.get(_list(issuer)).status_code == 200
    for number in range(6):
        other = badge_class_add(
            issuer,
            slug=f"b{number}",
            rules=(
                {"competence": comps[1], "min_level": 2},
                {"competence": comps[2], "min_level": 3},
            ),
        )
        other.tags.set(["x", f"y{number}"])
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(_list(issuer)).json()["results"]) == 7


def test_unknown_issuer_or_badge_class_is_404(client, leader):
    client.force_login(leader)
    uuid = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("badges_api:badge_class_list", args=[uuid])).status_code == 404
    assert client.get(reverse("badges_api:badge_class_detail", args=[uuid])).status_code == 404
    assert client.post(reverse("badges_api:badge_class_list", args=[uuid])).status_code == 404


# --- Writes ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [*PERSONAS, "steward"])
def test_only_issuer_staff_create(as_persona, persona, issuer, comps):
    response = as_persona(persona).post(
        _list(issuer), _body(comps), content_type="application/json"
    )
    assert response.status_code == (201 if persona == "leader" else refused(persona))
    assert BadgeClass.objects.exists() == (persona == "leader")
    if persona == "leader":
        created = response.json()
        badge = BadgeClass.objects.get()
        assert created["uuid"] == str(badge.uuid)
        assert created["achievement_type"] == "Competency"
        assert created["tags"] == ["accueil", "réparation"]
        assert (created["validity_days"], created["auto_award"]) == (365, True)
        assert created["rules"][0]["competence"]["uuid"] == str(comps[0].uuid)
        assert created["alignments"][0]["targetCode"] == str(comps[0].uuid)


def test_create_errors(client, leader, issuer, comps):
    client.force_login(leader)
    missing = client.post(_list(issuer), {"rules": []}, content_type="application/json")
    assert missing.status_code == 400
    assert {"name", "description", "criteria_narrative"} <= missing.json().keys()
    unknown = _body(comps, rules=[{"competence": "00000000-0000-4000-8000-000000000000"}])
    assert "rules" in client.post(_list(issuer), unknown, content_type="application/json").json()
    leaders = _body(
        comps, rules=[{"competence": str(comps[0].uuid), "min_level": 2, "min_leaders": 3}]
    )
    response = client.post(_list(issuer), leaders, content_type="application/json")
    assert response.status_code == 400
    assert "min_leaders" in json.dumps(response.json())
    twice = _body(
        comps,
        rules=[
            {"competence": str(comps[0].uuid), "min_level": 2},
            {"competence": str(comps[0].uuid), "min_level": 3},
        ],
    )
    assert client.post(_list(issuer), twice, content_type="application/json").status_code == 400
    assert not BadgeClass.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_issuer_staff_change(as_persona, persona, badge, comps):
    body = {
        "name": "Renommé",
        "rules": [{"competence": str(comps[1].uuid), "min_level": 3}],
    }
    response = as_persona(persona).patch(_detail(badge), body, content_type="application/json")
    assert response.status_code == (200 if persona == "leader" else refused(persona))
    badge.refresh_from_db()
    assert (badge.name == "Renommé") == (persona == "leader")
    if persona == "leader":
        changed = response.json()
        assert changed["description"] == badge.description  # left as it was
        assert changed["tags"] == ["réparation"]
        assert [rule["competence"]["uuid"] for rule in changed["rules"]] == [str(comps[1].uuid)]
        assert changed["rules_changed_at"] is not None


def test_a_change_without_rules_keeps_them(client, leader, badge, comps):
    client.force_login(leader)
    response = client.patch(_detail(badge), {"validity_days": 30}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["validity_days"] == 30
    assert response.json()["rules_changed_at"] is None
    assert [rule.competence for rule in badge.rules.all()] == [comps[0]]


def test_svg_image_by_multipart_is_sanitised(client, leader, issuer, comps):
    client.force_login(leader)
    body = _body(comps)
    body["rules"] = json.dumps(body["rules"])
    body["image"] = SimpleUploadedFile("badge.png", SVG, content_type="image/png")
    response = client.post(_list(issuer), body)  # multipart
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["tags"] == ["accueil", "réparation"]
    assert len(created["rules"]) == 1
    assert "/image.png?v=" in created["image"]
    assert created["image_svg"].endswith(f"/badges/classes/{created['uuid']}/image.svg")
    svg = client.get(reverse("badges:badge_class_image_svg", args=[created["uuid"]]))
    content = b"".join(svg.streaming_content)
    assert b"<rect" in content and b"script" not in content and b"onload" not in content
    bomb = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "x">]><svg/>'
    refused = client.patch(
        reverse("badges_api:badge_class_detail", args=[created["uuid"]]),
        data=encode_multipart(BOUNDARY, {"image": SimpleUploadedFile("b.svg", bomb)}),
        content_type=MULTIPART_CONTENT,
    )
    assert refused.status_code == 400
    assert "image" in refused.json()
    removed = client.patch(
        reverse("badges_api:badge_class_detail", args=[created["uuid"]]),
        {"remove_image": True},
        content_type="application/json",
    )
    assert removed.json()["image"] is None and removed.json()["image_svg"] is None


# --- OpenAPI ---------------------------------------------------------------------------


def test_the_schema_documents_the_badges_api_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target), stderr=io.StringIO())
    schema = target.read_text()
    for path in (
        "/api/v1/issuers/{uuid}/badge-classes/",
        "/api/v1/issuers/{uuid}/awards/",
        "/api/v1/badge-classes/{uuid}/",
        "/api/v1/badge-classes/{uuid}/awards/",
        "/api/v1/awards/mine/",
        "/api/v1/awards/{uuid}/",
        "/api/v1/awards/{uuid}/revoke/",
        "/api/v1/proposals/",
        "/api/v1/proposals/{id}/accept/",
        "/api/v1/proposals/{id}/decline/",
    ):
        assert f"  {path}:" in schema, path
    assert "private_key" not in schema and "encrypted" not in schema
