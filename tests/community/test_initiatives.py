"""Initiatives: creation, public page and list, editing by leaders, verification by stewards."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from community.models import Initiative, InitiativeKind, Membership, Role, Sphere
from community.services.initiatives import initiative_set_verified
from tests.community.factories.initiatives import InitiativeFactory, MembershipFactory, image_upload
from tests.config.test_images import SVG_WITH_SCRIPT, big_noisy_png

pytestmark = pytest.mark.django_db

CREATE = reverse("community:initiative_create")
LIST = reverse("community:initiative_list")


def form_data(**overrides):
    data = {
        "name": "La Cantine Solidaire des Grésilles",
        "kind": InitiativeKind.SOLIDARITY_CANTEEN,
        "spheres": [Sphere.CONSUME],
        "description": "Des repas ensemble.",
        "commune": "Dijon",
        "postcode": "21 000",
        "website": "cantine.example.org",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_url(initiative) -> str:
    return reverse("community:initiative_edit", args=[initiative.slug])


# --- Creation ---------------------------------------------------------------


def test_anonymous_is_sent_to_login(client: Client):
    assert client.get(CREATE).url.startswith(reverse("accounts:login"))
    assert client.post(CREATE, form_data()).status_code == 302
    assert not Initiative.objects.exists()


def test_a_signed_in_person_creates_an_initiative_and_leads_it(volunteer_client, volunteer):
    response = volunteer_client.post(CREATE, form_data())
    initiative = Initiative.objects.get()
    assert response.url == initiative.get_absolute_url()
    assert initiative.slug == "la-cantine-solidaire-des-gresilles"
    assert initiative.postcode == "21000"
    assert initiative.website == "https://cantine.example.org"
    assert initiative.sphere_values == [Sphere.CONSUME]
    assert initiative.created_by == volunteer
    assert Membership.objects.get(initiative=initiative).role == Role.LEADER
    assert not initiative.verified


def test_an_unverified_account_cannot_create(client: Client):
    from tests.accounts.factories.users import UserFactory

    client.force_login(UserFactory.create(email_verified_at=None))
    assert client.get(CREATE).status_code == 403


def test_slugs_are_unique_and_avoid_reserved_words(volunteer_client):
    volunteer_client.post(CREATE, form_data(name="New"))
    volunteer_client.post(CREATE, form_data(name="New"))
    assert sorted(Initiative.objects.values_list("slug", flat=True)) == ["new-2", "new-3"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"postcode": "2100"}, "postcode"),
        ({"postcode": "00123"}, "postcode"),
        ({"postcode": "abcde"}, "postcode"),
        ({"spheres": None}, "spheres"),
        ({"spheres": ["everything"]}, "spheres"),
        ({"kind": ""}, "kind"),
        ({"name": ""}, "name"),
        ({"website": "not a website"}, "website"),
    ],
)
def test_errors_are_explained_and_what_was_typed_is_kept(volunteer_client, overrides, field):
    response = volunteer_client.post(CREATE, form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'id="error-summary"' in html
    if field != "commune":
        assert 'value="Dijon"' in html
    assert not Initiative.objects.exists()


def test_a_logo_is_stored_reencoded_under_a_random_name(volunteer_client):
    volunteer_client.post(CREATE, form_data(logo=image_upload("Mon logo.png")))
    logo = Initiative.objects.get().logo
    assert logo.name.startswith("initiatives/logos/")
    assert "Mon" not in str(logo.name)
    assert Image.open(logo.path).format == "PNG"


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (lambda: big_noisy_png(3), ("3", "2")),
        (
            lambda: SimpleUploadedFile("logo.png", b"hello, not an image", "image/png"),
            ("PNG", "JPEG"),
        ),
        (lambda: SimpleUploadedFile("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml"), ("SVG",)),
    ],
    ids=["3 MB", "text renamed .png", "SVG with a script"],
)
def test_bad_logos_are_refused_clearly_and_nothing_is_lost(volunteer_client, upload, words):
    response = volunteer_client.post(CREATE, form_data(logo=upload()))
    assert response.status_code == 200
    errors = response.context["form"].errors["logo"]
    assert all(word in errors[0] for word in words), errors
    html = response.content.decode()
    assert 'value="La Cantine Solidaire des Grésilles"' in html
    assert "Des repas ensemble." in html
    assert 'value="21 000"' in html
    assert not Initiative.objects.exists()


def test_a_bad_logo_on_edit_keeps_the_current_one(client: Client, leader, initiative):
    client.force_login(leader)
    client.post(edit_url(initiative), form_data(name=initiative.name, logo=image_upload()))
    initiative.refresh_from_db()
    current = initiative.logo.name
    assert current
    response = client.post(
        edit_url(initiative),
        form_data(name="Renamed", logo=SimpleUploadedFile("x.svg", SVG_WITH_SCRIPT)),
    )
    assert response.status_code == 200
    assert 'value="Renamed"' in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.logo.name == current
    assert initiative.name == "Repair Café de Chenôve"


# --- Public page ------------------------------------------------------------


def test_the_public_page_shows_the_initiative_to_anyone(client: Client, initiative, leader):
    initiative.website = "https://repair.example.org"
    initiative.description = "Réparer ensemble."
    initiative.save()
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for text in ("Repair Café de Chenôve", "Chenôve", "21300", "https://repair.example.org"):
        assert text in html
    assert "Sophie" in html  # the leader's display name
    assert response.context["initiative"].member_count == 2
    # Neither email addresses nor the names of plain members are public.
    assert "@example.org" not in html
    assert "Amina" not in html
    # Anyone may start a request to join: an account is created on the way (#15).
    assert reverse("community:join_request_create", args=[initiative.slug]) in html


def test_the_public_page_shows_the_verified_mark(client: Client, initiative, steward):
    initiative_set_verified(initiative=initiative, by=steward, verified=True)
    response = client.get(initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Verified by the territory" in response.content.decode()


def test_an_unknown_initiative_is_404(client: Client):
    assert client.get("/initiatives/nothing-here/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("leader", ["edit", "members", "invite"]),
        ("volunteer", ["members"]),
        ("other_leader", ["join"]),
        ("outsider", ["join"]),
    ],
)
def test_the_page_offers_what_each_person_may_do(
    as_persona, initiative, other_initiative, persona, sees
):
    html = as_persona(persona).get(initiative.get_absolute_url()).content.decode()
    links = {
        "edit": reverse("community:initiative_edit", args=[initiative.slug]),
        "members": reverse("community:member_list", args=[initiative.slug]),
        "invite": reverse("community:invitation_create", args=[initiative.slug]),
        "join": reverse("community:join_request_create", args=[initiative.slug]),
    }
    for name, link in links.items():
        assert (link in html) == (name in sees), name


# --- List -------------------------------------------------------------------


def test_the_list_is_public_and_filters_by_kind_and_sphere(client: Client, initiative):
    InitiativeFactory(name="FabLab", kind=InitiativeKind.FABLAB, spheres=[Sphere.INNOVATE])
    InitiativeFactory(name="Monnaie", kind=InitiativeKind.LOCAL_CURRENCY, spheres=[Sphere.FINANCE])

    def names(**query):
        response = client.get(LIST, query)
        assert response.status_code == 200
        return [i.name for i in response.context["page"]]

    assert names() == ["FabLab", "Monnaie", "Repair Café de Chenôve"]
    assert names(kind="fablab") == ["FabLab"]
    assert names(sphere="produce") == ["Repair Café de Chenôve"]
    assert names(sphere="finance", kind="fablab") == []
    assert names(kind="unknown") == ["FabLab", "Monnaie", "Repair Café de Chenôve"]


def test_the_list_uses_a_constant_number_of_queries(client: Client, leader, count_queries):
    InitiativeFactory(leader=leader, spheres=[Sphere.PRODUCE, Sphere.INNOVATE])
    few = count_queries(client, LIST)
    for _ in range(15):
        initiative = InitiativeFactory(leader=leader, spheres=[Sphere.PRODUCE, Sphere.CONSUME])
        MembershipFactory(initiative=initiative)
    assert count_queries(client, LIST) == few <= 5
    assert count_queries(client, LIST, {"sphere": "produce", "kind": "repair_cafe"}) == few
    client.force_login(leader)
    # session, user, my initiatives, unread, waiting, and for leaders the requests to join
    assert count_queries(client, LIST) <= few + 6


def test_the_list_shows_my_initiatives_with_my_role(volunteer_client, initiative):
    response = volunteer_client.get(LIST)
    mine = list(response.context["mine"])
    assert [(i.name, i.viewer_role) for i in mine] == [("Repair Café de Chenôve", "member")]


# --- Editing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 403), ("other_leader", 403), ("outsider", 403), (None, 302)],
)
def test_only_leaders_edit(as_persona, initiative, other_initiative, persona, status):
    client = as_persona(persona)
    assert client.get(edit_url(initiative)).status_code == status
    response = client.post(edit_url(initiative), form_data(name="Taken over"))
    assert response.status_code == (302 if persona in ("leader", None) else 403)
    initiative.refresh_from_db()
    assert (initiative.name == "Taken over") == (persona == "leader")


def test_edit_form_starts_with_the_current_values(client: Client, leader, initiative):
    client.force_login(leader)
    form = client.get(edit_url(initiative)).context["form"]
    assert form.initial["name"] == "Repair Café de Chenôve"
    assert form.initial["spheres"] == [Sphere.PRODUCE, Sphere.CONSUME]


def test_renaming_removes_the_verified_mark(client: Client, leader, initiative, steward):
    initiative_set_verified(initiative=initiative, by=steward, verified=True)
    client.force_login(leader)
    data = form_data(name=initiative.name, spheres=[Sphere.PRODUCE])
    client.post(edit_url(initiative), data)
    initiative.refresh_from_db()
    assert initiative.verified  # same name: still verified
    assert initiative.sphere_values == [Sphere.PRODUCE]
    client.post(edit_url(initiative), {**data, "name": "Autre chose"})
    initiative.refresh_from_db()
    assert not initiative.verified and initiative.verified_by is None


def test_a_leader_removes_the_logo(
    client: Client, leader, initiative, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    client.post(edit_url(initiative), form_data(name=initiative.name, logo=image_upload()))
    initiative.refresh_from_db()
    path = Path(initiative.logo.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(initiative), form_data(name=initiative.name, remove_logo="on"))
    initiative.refresh_from_db()
    assert not initiative.logo
    assert not path.exists()


# --- Verification -----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("steward", 302), ("staff", 302), ("leader", 403), ("volunteer", 403), (None, 302)],
)
def test_only_stewards_and_staff_verify(as_persona, initiative, persona, status):
    url = reverse("community:initiative_verify", args=[initiative.slug])
    client = as_persona(persona)
    response = client.post(url, {"verified": "1"})
    assert response.status_code == status
    initiative.refresh_from_db()
    assert initiative.verified == (persona in ("steward", "staff"))


def test_a_steward_verifies_then_unverifies(steward_client, steward, initiative):
    url = reverse("community:initiative_verify", args=[initiative.slug])
    assert steward_client.get(url).status_code == 405
    html = steward_client.get(initiative.get_absolute_url()).content.decode()
    assert url in html
    steward_client.post(url, {"verified": "1"})
    initiative.refresh_from_db()
    assert initiative.verified and initiative.verified_by == steward and initiative.verified_at
    steward_client.post(url, {"verified": "0"})
    initiative.refresh_from_db()
    assert not initiative.verified and initiative.verified_at is None
