"""Badge class pages: public list and page; create and edit for the issuer's staff only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import BadgeClass
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import (
    IssuerFactory,
    image_upload,
    initiative_with_members,
)

PERSONAS = ["leader", "other_leader", "volunteer", None]


@pytest.fixture
def volunteer(db):
    return UserFactory(email="amina@example.org", display_name="Amina", preferred_language="en")


@pytest.fixture
def leader(db):
    return UserFactory(email="sophie@example.org", display_name="Sophie", preferred_language="en")


@pytest.fixture
def issuer(leader, volunteer):
    return IssuerFactory(initiative=initiative_with_members(leader=leader, member=volunteer))


@pytest.fixture
def comps(default_framework):
    return competences(default_framework, 3)


@pytest.fixture
def badge(issuer, comps):
    return badge_class_add(
        issuer,
        rules=({"competence": comps[0], "min_level": 2, "min_endorsers": 2, "min_leaders": 1},),
    )


@pytest.fixture(autouse=True)
def _english_pages(english):
    """These pages are read in English (``as_persona`` then signs in English readers)."""


def form_data(comps, **overrides):
    data = {
        "name": "Réparer avec d'autres",
        "description": "Répare des objets avec les visiteurs.",
        "criteria_narrative": "Trois ateliers animés.",
        "achievement_type": "Competency",
        "tags": "réparation, accueil",
        "validity_days": "365",
        "rules-TOTAL_FORMS": "2",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "10",
        "rules-0-competence": str(comps[0].pk),
        "rules-0-min_level": "2",
        "rules-0-min_endorsers": "2",
        "rules-0-min_leaders": "1",
        "rules-1-competence": "",
        "rules-1-min_level": "2",
        "rules-1-min_endorsers": "1",
        "rules-1-min_leaders": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_and_page_are_public(as_persona, persona, issuer, badge):
    client = as_persona(persona)
    response = client.get(reverse("badges:badge_class_list", kwargs={"uuid": issuer.uuid}))
    assert response.status_code == 200
    assert badge.name in response.content.decode()
    can_create = reverse("badges:badge_class_create", kwargs={"uuid": issuer.uuid})
    assert (can_create in response.content.decode()) == (persona == "leader")
    page = client.get(badge.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert badge.criteria_narrative in text
    assert "endorsed by at least 2 different people" in text
    assert "of whom at least 1 initiative leader" in text
    assert "data.europa.eu/esco/skill/" in text


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 200), ("other_leader", 403), ("volunteer", 403)]
)
def test_write_pages_are_for_issuer_staff(as_persona, persona, status, issuer, badge, comps):
    client = as_persona(persona)
    create = reverse("badges:badge_class_create", kwargs={"uuid": issuer.uuid})
    edit = reverse("badges:badge_class_edit", kwargs={"uuid": badge.uuid})
    assert client.get(create).status_code == status
    assert client.get(edit).status_code == status
    if status == 403:
        assert client.post(create, form_data(comps)).status_code == 403
        assert client.post(edit, form_data(comps, name="Changed")).status_code == 403
        assert BadgeClass.objects.count() == 1
        badge.refresh_from_db()
        assert badge.name != "Changed"


def test_anonymous_is_sent_to_login(client, issuer, badge, comps):
    for url in (
        reverse("badges:badge_class_create", kwargs={"uuid": issuer.uuid}),
        reverse("badges:badge_class_edit", kwargs={"uuid": badge.uuid}),
    ):
        for response in (client.get(url), client.post(url, form_data(comps))):
            assert response.status_code == 302
            assert reverse("accounts:login") in response["Location"]


def test_create(as_persona, issuer, comps):
    client = as_persona("leader")
    url = reverse("badges:badge_class_create", kwargs={"uuid": issuer.uuid})
    data = form_data(comps)
    data["image"] = image_upload()
    response = client.post(url, data)
    badge = BadgeClass.objects.get()
    assert response.status_code == 302
    assert response["Location"] == badge.get_absolute_url()
    assert badge.issuer == issuer
    assert badge.achievement_type == "Competency"
    assert badge.validity_days == 365
    assert [(r.competence, r.min_level, r.min_leaders) for r in badge.rules.all()] == [
        (comps[0], 2, 1)
    ]
    image = client.get(reverse("badges:badge_class_image", kwargs={"uuid": badge.uuid}))
    assert image["Content-Type"] == "image/png"


def test_create_refuses_bad_rules_and_svg(as_persona, issuer, comps):
    from tests.badges.factories.issuers import svg_upload

    client = as_persona("leader")
    url = reverse("badges:badge_class_create", kwargs={"uuid": issuer.uuid})
    duplicate = form_data(comps, **{"rules-1-competence": str(comps[0].pk)})
    assert client.post(url, duplicate).status_code == 200
    too_many_leaders = form_data(comps, **{"rules-0-min_leaders": "3"})
    assert client.post(url, too_many_leaders).status_code == 200
    with_svg = form_data(comps)
    with_svg["image"] = svg_upload()
    assert client.post(url, with_svg).status_code == 200
    assert not BadgeClass.objects.exists()


def test_edit_changes_and_removes_rules(as_persona, badge, comps):
    client = as_persona("leader")
    url = reverse("badges:badge_class_edit", kwargs={"uuid": badge.uuid})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["rules"].initial[0]["competence"] == comps[0].pk
    data = form_data(
        comps,
        name="Renamed",
        **{
            "rules-TOTAL_FORMS": "3",
            "rules-INITIAL_FORMS": "1",
            "rules-0-DELETE": "on",
            "rules-1-competence": str(comps[1].pk),
            "rules-2-competence": str(comps[2].pk),
            "rules-2-min_level": "3",
            "rules-2-min_endorsers": "1",
            "rules-2-min_leaders": "0",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    badge.refresh_from_db()
    assert badge.name == "Renamed"
    assert [r.competence for r in badge.rules.order_by("pk")] == [comps[1], comps[2]]


def test_unknown_badge_is_404(client, db):
    url = reverse(
        "badges:badge_class_detail", kwargs={"uuid": "00000000-0000-0000-0000-000000000000"}
    )
    assert client.get(url).status_code == 404
