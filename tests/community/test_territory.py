"""Where initiatives are: the communes' reference data, ``load_communes``, the commune
chooser of the initiative form (without JavaScript) and the place fields, by persona."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from community.models import Commune, Initiative, InitiativeKind, Sphere
from community.selectors.territory import commune_match
from community.services.territory import communes_load, search_key
from tests.community.factories.initiatives import InitiativeFactory, MembershipFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("community:initiative_create")


def run(*args: str) -> tuple[dict, str]:
    out, err = StringIO(), StringIO()
    call_command("load_communes", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


# --- The reference data and load_communes -----------------------------------


def test_load_communes_loads_a_department_from_the_shipped_data_and_again_the_same():
    summary, progress = run("--department", "21")
    loaded = Commune.objects.count()
    assert summary == {"departments": ["21"], "created": loaded, "updated": 0}
    assert 650 < loaded < 750  # Côte-d'Or has about 700 communes
    assert set(Commune.objects.values_list("department", flat=True)) == {"21"}
    assert "created" in progress
    chenove = Commune.objects.get(code="21166")
    assert chenove.name == "Chenôve"
    assert chenove.postcodes == ["21300"]
    assert chenove.epci_code == "242100410"
    assert chenove.epci_name == "Dijon Métropole"
    assert chenove.region == "27"
    assert chenove.population and chenove.population > 10_000
    assert chenove.has_centre and 47.2 < chenove.latitude < 47.4 and 4.9 < chenove.longitude < 5.1
    assert chenove.search_name == "chenove"

    Commune.objects.filter(code="21166").update(name="Changed", population=1)
    again, _progress = run("--department", "21", "--quiet")
    assert again == {"departments": ["21"], "created": 0, "updated": loaded}
    assert Commune.objects.count() == loaded
    assert Commune.objects.get(code="21166").name == "Chenôve"


def test_load_communes_quiet_prints_only_the_summary():
    summary, progress = run("--department", "2A", "--quiet")
    assert summary["departments"] == ["2A"] and summary["created"] > 100
    assert progress == ""


def test_an_unknown_department_is_refused_with_exit_1_and_nothing_loaded():
    with pytest.raises(CommandError) as refused:
        call_command("load_communes", "--department", "21", "--department", "99", stderr=StringIO())
    assert refused.value.returncode == 1
    assert "99" in str(refused.value)
    assert not Commune.objects.exists()


def test_load_is_atomic(monkeypatch):
    communes_load(departments=["21"])
    before = Commune.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Commune.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        communes_load(departments=["21", "71"])
    assert Commune.objects.count() == before


# --- Matching what people type ----------------------------------------------


def test_search_key_ignores_accents_case_and_punctuation():
    assert search_key("Fontaine-lès-Dijon") == search_key(" fontaine  LES dijon ")
    assert search_key("Chenôve") == "chenove"


@pytest.mark.parametrize(
    "typed",
    ["Chenôve", "chenove", "CHENOVE", "21300", "Chenôve 21300", "21300 chenove", "Chenôve (21)"],
)
def test_a_commune_is_found_by_name_or_postcode(communes, typed):
    assert commune_match(text=typed).commune == communes["Chenôve"]


def test_fontaine_les_dijon_without_accent(communes):
    assert commune_match(text="fontaine les dijon").commune == communes["Fontaine-lès-Dijon"]


def test_two_communes_of_the_same_name_are_ambiguous_until_the_postcode(communes):
    Commune.objects.create(
        code="71999", name="Talant", department="71", region="27", postcodes=["71000"]
    ).save()
    Commune.objects.filter(code="71999").update(search_name="talant")
    match = commune_match(text="Talant")
    assert match.commune is None and match.is_ambiguous
    assert {commune.code for commune in match.candidates} == {"21617", "71999"}
    assert commune_match(text="Talant", postcode="21240").commune == communes["Talant"]


def test_an_unknown_name_suggests_names_that_start_the_same(communes):
    match = commune_match(text="Fontaine")
    assert match.commune is None and not match.is_ambiguous
    assert [commune.name for commune in match.candidates] == ["Fontaine-lès-Dijon"]
    assert commune_match(text="Atlantis").candidates == []


# --- The initiative form: the commune chooser and the place fields ---------------


def form_data(**overrides):
    data = {
        "name": "Le Jardin des Voisins",
        "kind": InitiativeKind.ASSOCIATION,
        "spheres": [Sphere.PRODUCE],
        "commune": "chenove",
        "postcode": "",
        "address": "3 rue des Lilas",
        "latitude": "",
        "longitude": "",
        "opening_hours": "Samedi 9 h – 12 h",
        "access_transport": "Tram T2, arrêt Chenôve Centre",
        "step_free_access": "yes",
        "welcomes_newcomers": "on",
        "first_visit": "Venez le samedi, on vous fait visiter.",
        "in_directory": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_creating_with_a_typed_commune_chooses_it_and_takes_its_centre(communes, volunteer_client):
    response = volunteer_client.post(CREATE, form_data())
    assert response.status_code == 302, response.content.decode()
    initiative = Initiative.objects.get()
    chenove = communes["Chenôve"]
    assert initiative.place == chenove
    assert (initiative.commune, initiative.postcode) == ("Chenôve", "21300")
    assert (initiative.latitude, initiative.longitude) == (chenove.latitude, chenove.longitude)
    assert initiative.address == "3 rue des Lilas"
    assert initiative.step_free_access is True
    assert initiative.welcomes_newcomers and initiative.in_directory
    assert not initiative.impact_public
    assert initiative.first_visit == "Venez le samedi, on vous fait visiter."


def test_typed_coordinates_are_kept(communes, volunteer_client):
    volunteer_client.post(CREATE, form_data(latitude="47.2901", longitude="5.0102"))
    initiative = Initiative.objects.get()
    assert (initiative.latitude, initiative.longitude) == (47.2901, 5.0102)


def test_half_a_point_is_refused_and_what_was_typed_stays(communes, volunteer_client, english):
    response = volunteer_client.post(CREATE, form_data(latitude="47.29"))
    assert response.status_code == 200
    assert "Give both the latitude and the longitude" in response.content.decode()
    assert 'value="47.29"' in response.content.decode()
    assert not Initiative.objects.exists()


def test_an_unknown_commune_is_a_clear_error_that_keeps_what_was_typed(
    communes, volunteer_client, english
):
    response = volunteer_client.post(CREATE, form_data(commune="Chenovv", address="Rue X"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "No town is called" in page and "Chenovv" in page
    assert 'value="Rue X"' in page
    assert not Initiative.objects.exists()


def test_a_wrong_postcode_for_the_commune_is_an_error(communes, volunteer_client, english):
    response = volunteer_client.post(CREATE, form_data(postcode="21000"))
    assert response.status_code == 200
    assert "The postcode of Chenôve is 21300" in response.content.decode()


def test_an_ambiguous_commune_asks_for_the_postcode(communes, volunteer_client, english):
    Commune.objects.create(
        code="71999", name="Chenôve", department="71", region="27", postcodes=["71000"],
        search_name="chenove",
    )  # fmt: skip
    response = volunteer_client.post(CREATE, form_data())
    assert response.status_code == 200
    assert "Several towns match" in response.content.decode()
    volunteer_client.post(CREATE, form_data(postcode="71000"))
    assert Initiative.objects.get().place_id == "71999"


def test_without_reference_data_the_typed_town_and_postcode_are_enough(volunteer_client, english):
    response = volunteer_client.post(CREATE, form_data(commune="Chenôve", postcode="21300"))
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.place is None and initiative.latitude is None
    response = volunteer_client.post(CREATE, form_data(name="Autre", commune="Chenôve"))
    assert "Enter the postcode" in response.content.decode()


def edit_url(initiative) -> str:
    return reverse("community:initiative_edit", args=[initiative.slug])


@pytest.fixture
def initiative(leader, communes):
    return InitiativeFactory(leader=leader, commune="Dijon", postcode="21000")


def test_the_leader_moves_the_initiative_and_its_point_follows_the_commune(
    as_persona, initiative, communes
):
    client = as_persona("leader")
    page = client.get(edit_url(initiative))
    assert page.status_code == 200
    assert "data-place-picker" in page.content.decode()
    assert "tile.openstreetmap.org" in page["Content-Security-Policy"]
    client.post(edit_url(initiative), form_data(name=initiative.name, commune="Dijon"))
    initiative.refresh_from_db()
    assert initiative.place == communes["Dijon"]
    assert initiative.latitude == communes["Dijon"].latitude
    # The point was the centre of Dijon: it follows the commune to Talant.
    data = form_data(
        name=initiative.name,
        commune="Talant",
        latitude=str(initiative.latitude),
        longitude=str(initiative.longitude),
        step_free_access="",
        welcomes_newcomers=None,
    )
    client.post(edit_url(initiative), data)
    initiative.refresh_from_db()
    assert (initiative.place, initiative.commune, initiative.postcode) == (
        communes["Talant"],
        "Talant",
        "21240",
    )
    assert initiative.latitude == communes["Talant"].latitude
    assert initiative.step_free_access is None and not initiative.welcomes_newcomers


def test_the_edit_form_shows_the_current_place(as_persona, initiative, communes):
    initiative.opening_hours = "Lundi 10 h – 12 h"
    initiative.step_free_access = False
    initiative.save()
    page = as_persona("leader").get(edit_url(initiative)).content.decode()
    assert "Lundi 10 h – 12 h" in page
    assert re.search(r'<input[^>]*value="no"[^>]*checked', page)
    assert not re.search(r'<input[^>]*value="yes"[^>]*checked', page)


@pytest.mark.parametrize("persona", ["volunteer", "outsider"])
def test_a_member_or_an_outsider_cannot_change_the_place(as_persona, initiative, persona, request):
    if persona == "volunteer":  # a member of the initiative, not a leader
        MembershipFactory(initiative=initiative, user=request.getfixturevalue("volunteer"))
    client = as_persona(persona)
    assert client.get(edit_url(initiative)).status_code == 403
    response = client.post(edit_url(initiative), form_data(name="X", commune="Talant"))
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.place is None and initiative.commune == "Dijon"


def test_anonymous_is_sent_to_login(client: Client, initiative):
    assert client.get(edit_url(initiative)).url.startswith(reverse("accounts:login"))
