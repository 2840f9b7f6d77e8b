"""The admin of the communes (reference data loaded by ``manage.py load_communes``): staff find
a commune by name (accents and case do not matter), postcode or INSEE code, filter by
department and intercommunality, and read it; nobody adds, changes or deletes one there;
people without staff status are sent to log in."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from community.models import Commune
from community.services.territory import communes_read, search_key

pytestmark = pytest.mark.django_db

LIST = reverse("admin:community_commune_changelist")


@pytest.fixture
def loaded() -> list[Commune]:
    """Every commune of the Côte-d'Or (21) and of the Nièvre (58), from the shipped data."""
    rows = communes_read(departments=["21", "58"])
    Commune.objects.bulk_create(rows)
    return rows


def listed(client: Client, query: dict[str, str]) -> set[str]:
    """The INSEE codes of the communes that the list shows (every page of it)."""
    codes: set[str] = set()
    page = 1
    while True:
        response = client.get(LIST, {**query, "p": str(page)})
        if page > 1 and response.status_code == 302:  # past the last page
            return codes
        assert response.status_code == 200
        found = re.findall(r"/admin/community/commune/(\w{5})/change/", response.content.decode())
        if not found or set(found) <= codes:
            return codes
        codes |= set(found)
        page += 1


@pytest.mark.parametrize("term", ["chenove", "CHENÔVE", "fontaine les dijon", "21300", "21166"])
def test_staff_find_a_commune_by_name_postcode_or_insee_code(client: Client, staff, loaded, term):
    key = search_key(term)
    expected = {
        commune.code
        for commune in loaded
        if commune.code == term
        or any(term in postcode for postcode in commune.postcodes)
        or term.lower() in commune.name.lower()
        or key in commune.search_name
    }
    assert expected  # the term names something in the data
    client.force_login(staff)
    assert listed(client, {"q": term}) == expected


def test_staff_filter_by_department_and_intercommunality(client: Client, staff, loaded):
    client.force_login(staff)
    nievre = {commune.code for commune in loaded if commune.department == "58"}
    assert listed(client, {"department__exact": "58"}) == nievre
    metropole = {commune.code for commune in loaded if commune.epci_code == "242100410"}
    assert "21166" in metropole and len(metropole) > 10
    assert listed(client, {"epci": "242100410"}) == metropole
    # Once a department is chosen, only its intercommunalities are offered.
    page = client.get(LIST, {"department__exact": "58"}).content.decode()
    assert "Dijon Métropole (242100410)" not in page
    assert "Dijon Métropole (242100410)" in client.get(LIST).content.decode()


def test_staff_read_a_commune_and_change_nothing(client: Client, staff, loaded):
    chenove = Commune.objects.get(code="21166")
    client.force_login(staff)
    change = reverse("admin:community_commune_change", args=[chenove.pk])
    page = client.get(change).content.decode()
    assert "Chenôve" in page and "21300" in page and "Dijon Métropole" in page
    for field in ("name", "population", "postcodes", "epci_code"):
        assert f'name="{field}"' not in page, field
    assert client.get(reverse("admin:community_commune_add")).status_code == 403
    delete = reverse("admin:community_commune_delete", args=[chenove.pk])
    assert client.get(delete).status_code == 403
    client.post(change, {"name": "Changed", "population": "1"})
    client.post(delete, {"post": "yes"})
    chenove.refresh_from_db()
    assert (chenove.name, chenove.population) == ("Chenôve", loaded_population(loaded, "21166"))


def loaded_population(rows: list[Commune], code: str) -> int | None:
    return next(row.population for row in rows if row.code == code)


@pytest.mark.parametrize("persona", ["volunteer", "steward"])
def test_people_without_staff_status_are_sent_to_log_in(
    client: Client, request: pytest.FixtureRequest, loaded, persona
):
    client.force_login(request.getfixturevalue(persona))
    change = reverse("admin:community_commune_change", args=["21166"])
    for url in (LIST, change):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login"))


def test_the_list_costs_the_same_queries_whatever_the_page(
    client: Client, staff, loaded, django_assert_max_num_queries
):
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(LIST, {"department__exact": "21", "q": "dijon"}).status_code == 200
