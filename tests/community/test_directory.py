"""The public directory ("Participer près de chez moi"): anonymous reading, filters, query
counts, the map's data, and "I want to take part" for someone without an account."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.models import Initiative, InitiativeKind, JoinRequest, Membership
from competences.models import FrameworkVersion
from tests.community.factories.endorsements import contribution_with_claims, endorse
from tests.community.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("community:directory")


def place(initiative: Initiative, commune, **fields) -> Initiative:
    initiative.place = commune
    initiative.commune = commune.name
    initiative.postcode = commune.postcodes[0]
    initiative.latitude, initiative.longitude = commune.latitude, commune.longitude
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.save()
    return initiative


@pytest.fixture
def listed(communes, leader):
    """Four initiatives in Dijon métropole, and one that its leaders keep out of it."""
    return {
        "repair": place(
            InitiativeFactory(name="Repair Café de Chenôve", leader=leader),
            communes["Chenôve"],
            kind=InitiativeKind.REPAIR_CAFE,
            welcomes_newcomers=True,
            first_visit="Venez avec un objet à réparer.",
            opening_hours="Premier samedi du mois",
            step_free_access=True,
        ),
        "canteen": place(
            InitiativeFactory(name="Cantine de Chenôve"),
            communes["Chenôve"],
            kind=InitiativeKind.SOLIDARITY_CANTEEN,
            welcomes_newcomers=False,
        ),
        "fablab": place(
            InitiativeFactory(name="FabLab de Quetigny"),
            communes["Quetigny"],
            kind=InitiativeKind.FABLAB,
            welcomes_newcomers=True,
            step_free_access=False,
        ),
        "garden": place(
            InitiativeFactory(name="Jardin de Talant"),
            communes["Talant"],
            kind=InitiativeKind.ASSOCIATION,
        ),
        "hidden": place(
            InitiativeFactory(name="Atelier discret"),
            communes["Chenôve"],
            welcomes_newcomers=True,
            in_directory=False,
        ),
    }


def names(response) -> list[str]:
    return re.findall(
        r'<h3><a href="/initiatives/[^"]+/">([^<]+)</a></h3>', response.content.decode()
    )


def test_anonymous_visitors_see_the_listed_initiatives_only(client: Client, listed):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names(response) == [
        "Cantine de Chenôve",
        "FabLab de Quetigny",
        "Jardin de Talant",
        "Repair Café de Chenôve",
    ]
    page = response.content.decode()
    assert "Venez avec un objet à réparer." in page
    assert reverse("community:join_request_create", args=[listed["repair"].slug]) in page
    assert "tile.openstreetmap.org" in response["Content-Security-Policy"]
    assert "data-directory-map" in page and "<script>" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"commune": "21166"}, ["Cantine de Chenôve", "Repair Café de Chenôve"]),
        ({"commune": "21166", "newcomers": "on"}, ["Repair Café de Chenôve"]),
        ({"newcomers": "on"}, ["FabLab de Quetigny", "Repair Café de Chenôve"]),
        ({"step_free": "on"}, ["Repair Café de Chenôve"]),
        ({"kind": InitiativeKind.FABLAB}, ["FabLab de Quetigny"]),
        (
            {"epci": "242100410"},
            [
                "Cantine de Chenôve",
                "FabLab de Quetigny",
                "Jardin de Talant",
                "Repair Café de Chenôve",
            ],
        ),
    ],
)
def test_filters(client: Client, listed, query, expected):
    assert names(client.get(DIRECTORY, query)) == expected


def test_the_commune_filter_offers_the_communes_that_have_listed_initiatives(
    client: Client, listed, communes
):
    page = client.get(DIRECTORY).content.decode()
    offered = re.findall(r'<option value="(\d{5})"', page)
    assert offered == ["21166", "21515", "21617"]  # not Dijon: none listed there
    assert '<option value="242100410">Dijon Métropole</option>' in page


def test_the_domain_filter_uses_the_competences_confirmed_there(
    client: Client, listed, volunteer, leader, default_framework
):
    version = FrameworkVersion.objects.get()
    contribution = contribution_with_claims(
        owner=volunteer, version=version, initiative=listed["fablab"], levels=(2,)
    )
    claim = contribution.claims.get()
    endorse(claim, endorser=leader)
    domain = claim.competence.domain
    page = client.get(DIRECTORY).content.decode()
    assert f'<option value="{domain.code}">' in page
    assert names(client.get(DIRECTORY, {"domain": domain.code})) == ["FabLab de Quetigny"]
    # A claim without endorsement, elsewhere, does not count.
    contribution_with_claims(owner=volunteer, version=version, initiative=listed["garden"])
    assert names(client.get(DIRECTORY, {"domain": domain.code})) == ["FabLab de Quetigny"]


def test_an_unknown_choice_is_a_clear_error(client: Client, listed, english):
    response = client.get(DIRECTORY, {"commune": "99999"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("on", ["Repair Café de Chenôve"]),
        ("TRUE", ["Repair Café de Chenôve"]),
        ("1", ["Repair Café de Chenôve"]),
        ("yes", ["Repair Café de Chenôve"]),
        ("off", ["Cantine de Chenôve", "Repair Café de Chenôve"]),
        ("false", ["Cantine de Chenôve", "Repair Café de Chenôve"]),
        ("0", ["Cantine de Chenôve", "Repair Café de Chenôve"]),
        ("No", ["Cantine de Chenôve", "Repair Café de Chenôve"]),
    ],
)
def test_a_yes_or_no_filter_takes_the_usual_words_for_yes_and_no(
    client: Client, listed, value, expected
):
    response = client.get(DIRECTORY, {"commune": "21166", "newcomers": value})
    assert "errorlist" not in response.content.decode()
    assert names(response) == expected
    box = re.search(r'<input type="checkbox" name="newcomers"[^>]*>', response.content.decode())
    assert box and ("checked" in box[0]) == (len(expected) == 1) and "value=" not in box[0]


@pytest.mark.parametrize("value", ["maybe", "null", "2", "oui!"])
def test_any_other_value_of_a_yes_or_no_filter_is_a_clear_error(
    client: Client, listed, english, value
):
    response = client.get(DIRECTORY, {"commune": "21166", "step_free": value})
    assert response.status_code == 200
    page = response.content.decode()
    error = f"Give yes or no (on, true, 1 or off, false, 0), not “{value}”."
    assert '<ul class="errorlist" id="id_step_free_error"><li>' in page
    assert error in page
    assert "data-error-summary" in page and "<title>Error:" in page
    # The box is not shown ticked, the other choice stays, and nothing is filtered.
    box = re.search(r'<input type="checkbox" name="step_free"[^>]*>', page)
    assert box and "checked" not in box[0] and "value=" not in box[0]
    assert '<option value="21166" selected>' in page
    assert len(names(response)) == 4


def test_a_long_refused_value_is_shortened_in_the_error(client: Client, listed, english):
    page = client.get(DIRECTORY, {"newcomers": "x" * 300}).content.decode()
    error = re.search(r'<ul class="errorlist" id="id_newcomers_error">(.*?)</ul>', page, re.S)
    assert error and "Give yes or no" in error[1]
    shown = re.search(r"not “(x+)…”", error[1])
    assert shown and len(shown[1]) < 40


def test_the_directory_queries_stay_constant_with_ten_times_the_data(
    client: Client, communes, count_queries
):
    def make(count: int) -> None:
        for number in range(count):
            commune = list(communes.values())[number % len(communes)]
            place(InitiativeFactory(), commune, welcomes_newcomers=number % 2 == 0)

    make(3)
    small = count_queries(client, DIRECTORY)
    make(27)
    assert Initiative.objects.count() == 30
    assert count_queries(client, DIRECTORY) == small
    assert count_queries(client, DIRECTORY, {"page": "2", "newcomers": "on"}) == small
    geojson = reverse("community:initiatives_geojson")
    assert count_queries(client, geojson) <= small


# --- "I want to take part" without an account --------------------------------


def test_a_newcomer_writes_signs_up_on_the_way_and_the_leader_sees_the_request(
    client: Client, listed, leader, django_capture_on_commit_callbacks, english
):
    repair = listed["repair"]
    join = reverse("community:join_request_create", args=[repair.slug])
    page = client.get(join)
    assert page.status_code == 200
    assert "Create my account and continue" in page.content.decode()

    answer = client.post(join, {"message": "Bonjour, je voudrais aider.", "then": "signup"})
    assert answer.url == f"{reverse('accounts:signup')}?next={join.replace('/', '%2F')}"
    signup = client.get(answer.url)
    assert f'name="next" value="{join}"' in signup.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:signup"),
            {
                "email": "nadia@example.org",
                "display_name": "Nadia",
                "password": "un-jardin-au-soleil-42",
                "preferred_language": "fr",
                "next": join,
            },
        )
    link = re.search(r"http://[^\s]+/accounts/verify/[^\s]+/", mail.outbox[-1].body).group(0)
    confirmed = client.get(urlsplit(link).path)
    assert confirmed.url == f"{reverse('accounts:login')}?next={join.replace('/', '%2F')}"
    logged_in = client.post(
        reverse("accounts:login"),
        {"username": "nadia@example.org", "password": "un-jardin-au-soleil-42", "next": join},
    )
    assert logged_in.url == join
    form = client.get(join).content.decode()
    assert "Bonjour, je voudrais aider." in form  # the message was kept
    client.post(join, {"message": "Bonjour, je voudrais aider."})
    request = JoinRequest.objects.get()
    assert (request.initiative, request.user.email) == (repair, "nadia@example.org")
    assert request.message == "Bonjour, je voudrais aider."

    client.force_login(leader)
    members = client.get(reverse("community:member_list", args=[repair.slug])).content.decode()
    assert "Nadia" in members and "Bonjour, je voudrais aider." in members


def test_log_in_on_the_way_keeps_the_message(client: Client, listed, volunteer):
    join = reverse("community:join_request_create", args=[listed["garden"].slug])
    answer = client.post(join, {"message": "Je passe samedi.", "then": "login"})
    assert answer.url.startswith(reverse("accounts:login"))
    client.force_login(volunteer)
    assert "Je passe samedi." in client.get(join).content.decode()
    client.post(join, {"message": "Je passe samedi."})
    assert JoinRequest.objects.get().user == volunteer
    assert client.session["join_messages"] == {}


def test_a_member_is_told_they_already_are(as_persona, listed, leader):
    client = as_persona("leader")
    join = reverse("community:join_request_create", args=[listed["repair"].slug])
    assert client.get(join).url == listed["repair"].get_absolute_url()
    assert not JoinRequest.objects.exists()
    assert Membership.objects.filter(user=leader).count() == 1


def test_an_unsafe_next_is_ignored_at_sign_up(client: Client):
    page = client.get(reverse("accounts:signup"), {"next": "https://evil.example/"})
    assert 'name="next" value="https://evil.example/"' not in page.content.decode()
    assert "signup_next" not in client.session
