"""Issuer pages: who may open and use them, what they show, what they cost."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.models import Issuer
from badges.services.issuers import issuer_key_rotate
from tests.badges.factories.issuers import (
    IssuerFactory,
    TerritoryIssuerFactory,
    image_upload,
    initiative_with_members,
    svg_upload,
)

pytestmark = pytest.mark.django_db

# Personas: the initiative's leader, a fellow member, the leader of another initiative,
# a steward, and an anonymous visitor.
PERSONAS = ["leader", "volunteer", "other_leader", "steward", None]


@pytest.fixture
def initiative(leader, volunteer):
    return initiative_with_members(leader=leader, member=volunteer)


@pytest.fixture
def issuer(initiative):
    return IssuerFactory(initiative=initiative, name="Repair Café de Chenôve")


def _expected(persona: str | None, allowed: set[str]) -> int:
    if persona is None:
        return 302  # to the login page
    return 200 if persona in allowed else 403


def _values(**extra):
    return {
        "name": "Repair Café de Chenôve",
        "email": "contact@repair.example.org",
        "url": "repair.example.org",
        "description": "Nous reconnaissons les bénévoles.",
        **extra,
    }


# --- Become an issuer (initiative) -------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_become_an_issuer_is_for_the_leaders(as_persona, initiative, persona):
    url = reverse("badges:issuer_create_initiative", args=[initiative.slug])
    assert as_persona(persona).get(url).status_code == _expected(persona, {"leader"})
    response = as_persona(persona).post(url, _values())
    assert response.status_code == (302 if persona in ("leader", None) else 403)
    assert Issuer.objects.exists() == (persona == "leader")


def test_the_form_is_prefilled_from_the_initiative(client, leader, initiative):
    client.force_login(leader)
    page = client.get(reverse("badges:issuer_create_initiative", args=[initiative.slug]))
    form = page.context["form"]
    assert form["name"].value() == initiative.name
    assert form["url"].value() == initiative.website
    assert not form["email"].value()  # never a personal address by default


def test_a_leader_becomes_an_issuer(client, leader, initiative):
    client.force_login(leader)
    url = reverse("badges:issuer_create_initiative", args=[initiative.slug])
    response = client.post(url, _values(image=image_upload()))
    issuer = Issuer.objects.get()
    assert response.url == issuer.get_absolute_url()
    assert issuer.url == "https://repair.example.org"
    assert issuer.image.name.endswith(".png")
    assert issuer.signing_keys.count() == 1
    # Once an issuer, the page sends back to the issuer.
    assert client.get(url).url == issuer.get_absolute_url()


def test_form_errors_are_shown(client, english, leader, initiative):
    client.force_login(leader)
    url = reverse("badges:issuer_create_initiative", args=[initiative.slug])
    page = client.post(url, _values(email="nope", image=svg_upload()))
    assert page.status_code == 200
    assert page.context["form"].errors.keys() == {"email", "image"}
    assert "SVG images are not accepted" in page.content.decode()
    assert not Issuer.objects.exists()


def test_unknown_initiative_is_404(client, leader):
    client.force_login(leader)
    url = reverse("badges:issuer_create_initiative", args=["nowhere"])
    assert client.get(url).status_code == 404


def test_initiative_page_links_to_becoming_an_issuer_then_to_the_issuer(
    client, english, leader, volunteer, initiative
):
    create = reverse("badges:issuer_create_initiative", args=[initiative.slug])
    client.force_login(leader)
    assert create in client.get(initiative.get_absolute_url()).content.decode()
    client.force_login(volunteer)
    assert create not in client.get(initiative.get_absolute_url()).content.decode()
    issuer = IssuerFactory(initiative=initiative)
    for user in (leader, volunteer):
        client.force_login(user)
        page = client.get(initiative.get_absolute_url()).content.decode()
        assert create not in page
        assert issuer.get_absolute_url() in page


# --- The territory's issuer ---------------------------------------------------------------


@pytest.mark.parametrize("persona", [*PERSONAS, "staff"])
def test_territory_issuer_is_for_stewards_and_staff(as_persona, persona):
    url = reverse("badges:issuer_create_territory")
    allowed = {"steward", "staff"}
    assert as_persona(persona).get(url).status_code == _expected(persona, allowed)
    response = as_persona(persona).post(url, _values(name="Territoire de Dijon", url=""))
    assert response.status_code == (302 if persona in (*allowed, None) else 403)
    assert Issuer.objects.filter(is_territory=True).exists() == (persona in allowed)


def test_territory_issuer_exists_only_once(client, steward):
    issuer = TerritoryIssuerFactory()
    client.force_login(steward)
    assert client.get(reverse("badges:issuer_create_territory")).url == issuer.get_absolute_url()
    assert "issuers/new/territory" not in client.get(reverse("badges:issuer_list")).content.decode()


# --- Edit and rotate ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_is_for_the_issuer_staff(as_persona, issuer, persona):
    url = reverse("badges:issuer_edit", args=[issuer.uuid])
    assert as_persona(persona).get(url).status_code == _expected(persona, {"leader"})
    response = as_persona(persona).post(url, _values(name="Changed"))
    assert response.status_code == (302 if persona in ("leader", None) else 403)
    issuer.refresh_from_db()
    assert (issuer.name == "Changed") == (persona == "leader")


@pytest.mark.parametrize("persona", [*PERSONAS, "staff"])
def test_territory_issuer_edit_is_for_stewards_and_staff(as_persona, persona):
    issuer = TerritoryIssuerFactory()
    url = reverse("badges:issuer_edit", args=[issuer.uuid])
    assert as_persona(persona).get(url).status_code == _expected(persona, {"steward", "staff"})


def test_edit_replaces_and_removes_the_image(client, leader, issuer):
    client.force_login(leader)
    url = reverse("badges:issuer_edit", args=[issuer.uuid])
    client.post(url, _values(image=image_upload()))
    issuer.refresh_from_db()
    assert issuer.image.name.endswith(".png")
    page = client.get(url)
    assert "remove_image" in page.context["form"].fields
    client.post(url, _values(remove_image="on"))
    issuer.refresh_from_db()
    assert not issuer.image


@pytest.mark.parametrize("persona", PERSONAS)
def test_rotate_is_for_the_issuer_staff(as_persona, issuer, persona):
    url = reverse("badges:issuer_key_rotate", args=[issuer.uuid])
    response = as_persona(persona).post(url)
    assert response.status_code == (302 if persona in ("leader", None) else 403)
    assert issuer.signing_keys.count() == (2 if persona == "leader" else 1)
    assert issuer.signing_keys.filter(retired_at__isnull=True).count() == 1


def test_rotate_needs_a_post(client, leader, issuer):
    client.force_login(leader)
    assert client.get(reverse("badges:issuer_key_rotate", args=[issuer.uuid])).status_code == 405


def test_unknown_issuer_is_404_everywhere(client, leader):
    client.force_login(leader)
    uuid = "00000000-0000-4000-8000-000000000000"
    for name in ("issuer_detail", "issuer_edit", "ob2_issuer", "ob2_revocation_list"):
        assert client.get(reverse(f"badges:{name}", args=[uuid])).status_code == 404
    assert client.post(reverse("badges:issuer_key_rotate", args=[uuid])).status_code == 404


# --- Public pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_issuer_page_is_public(as_persona, english, issuer, persona):
    page = as_persona(persona).get(issuer.get_absolute_url(), HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    content = page.content.decode()
    assert issuer.name in content
    assert issuer.email in content
    assert issuer.signing_keys.get().public_key_multibase in content
    edit = reverse("badges:issuer_edit", args=[issuer.uuid])
    assert (edit in content) == (persona == "leader")


def test_issuer_page_shows_keys_dates_and_the_verified_mark(client, english, leader, issuer):
    issuer.initiative.verified, issuer.initiative.verified_at = True, timezone.now()
    issuer.initiative.save()
    issuer_key_rotate(issuer=issuer, by=leader)
    content = client.get(issuer.get_absolute_url()).content.decode()
    assert "Verified by the territory" in content
    assert "Retired on" in content
    assert "Active" in content
    for key in issuer.signing_keys.all():
        assert key.public_key_multibase in content
    assert issuer.initiative.get_absolute_url() in content


def test_trailing_slash_redirects_to_the_id(client, issuer):
    response = client.get(f"{issuer.get_absolute_url()}/")
    assert response.status_code == 301
    assert response.url == issuer.get_absolute_url()


def test_issuer_list_is_public_and_cheap(client, django_assert_max_num_queries):
    TerritoryIssuerFactory()
    for _ in range(2):
        IssuerFactory()
    with django_assert_max_num_queries(4) as few:
        assert client.get(reverse("badges:issuer_list")).status_code == 200
    for _ in range(6):
        IssuerFactory(keys=2)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("badges:issuer_list"))
    assert page.content.decode().count("/issuers/") >= 9


def test_issuer_list_offers_the_territory_issuer_to_stewards(client, steward, leader):
    create = reverse("badges:issuer_create_territory")
    client.force_login(leader)
    assert create not in client.get(reverse("badges:issuer_list")).content.decode()
    client.force_login(steward)
    assert create in client.get(reverse("badges:issuer_list")).content.decode()
