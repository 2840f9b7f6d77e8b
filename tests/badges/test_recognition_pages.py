"""The stewards' pages on issuers' recognition, and what everyone reads on an issuer's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import RecognitionStatus
from badges.services.recognition import recognition_grant, recognition_suspend
from tests.badges.factories.issuers import IssuerFactory, TerritoryIssuerFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("badges:recognition_queue")
PERSONAS = ["steward", "staff", "leader", "volunteer", "outsider", None]


@pytest.fixture(autouse=True)
def _english_pages(english):
    """Pages in English."""


@pytest.fixture
def territory(db):
    return TerritoryIssuerFactory()


@pytest.fixture
def fake(territory, initiative):
    """An initiative named like a recognised public office, made an issuer: waiting."""
    IssuerFactory(name="France Travail")
    return IssuerFactory(
        initiative=initiative, name="France Travail — Agence de Dijon", recognised=False
    )


def _decision(issuer) -> str:
    return reverse("badges:issuer_recognition", args=[issuer.uuid])


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_queue_is_for_stewards(as_persona, persona, fake):
    response = as_persona(persona).get(QUEUE)
    expected = {"steward": 200, "staff": 200, None: 302}.get(persona, 403)
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "France Travail — Agence de Dijon" in html
        assert "Its name looks like the name of a recognised issuer:" in html


def test_the_queue_costs_the_same_for_many_issuers(as_persona, territory, count_queries):
    client = as_persona("steward")
    IssuerFactory(recognised=False)
    few = count_queries(client, QUEUE)
    for _ in range(8):
        IssuerFactory(recognised=False)
    assert count_queries(client, QUEUE) == few


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_stewards_decide(as_persona, persona, fake):
    client = as_persona(persona)
    assert client.get(_decision(fake)).status_code == {"steward": 200, "staff": 200, None: 302}.get(
        persona, 403
    )
    client.post(_decision(fake), {"action": "grant", "note": "Je me reconnais."})
    fake.refresh_from_db()
    assert fake.is_recognised is (persona in ("steward", "staff"))


def test_a_steward_records_a_decision_and_it_is_shown(as_persona, fake, client):
    steward_client = as_persona("steward")
    missing = steward_client.post(_decision(fake), {"action": "grant", "note": ""})
    assert missing.status_code == 200
    assert "This field is required." in missing.content.decode()
    fake.refresh_from_db()
    assert fake.recognition == RecognitionStatus.PENDING
    done = steward_client.post(
        _decision(fake),
        {"action": "grant", "note": "Agence rencontrée le 2 décembre."},
        follow=True,
    )
    assert "The decision is recorded and published." in done.content.decode()
    fake.refresh_from_db()
    assert fake.is_recognised
    page = steward_client.get(_decision(fake)).content.decode()
    assert "Agence rencontrée le 2 décembre." in page
    assert "Suspend its recognition" in page


def test_the_issuer_page_says_where_it_stands(client, english, fake, steward):
    page = client.get(fake.get_absolute_url()).content.decode()
    assert "Not recognised by Territoire de Dijon: waiting for its decision." in page
    recognition_grant(issuer=fake, by=steward, note="Vérifiée.")
    page = client.get(fake.get_absolute_url()).content.decode()
    assert "Recognised by Territoire de Dijon since" in page
    recognition_suspend(issuer=fake, by=steward, reason="Plainte d'usurpation.")
    page = client.get(fake.get_absolute_url()).content.decode()
    assert "Recognition by Territoire de Dijon suspended on" in page
    assert "Reason: Plainte d&#x27;usurpation." in page


def test_its_staff_read_what_to_do_and_the_list_shows_every_standing(as_persona, fake, client):
    page = as_persona("leader").get(fake.get_absolute_url()).content.decode()
    assert "Until a steward of Territoire de Dijon has checked who you are" in page
    listing = client.get(reverse("badges:issuer_list")).content.decode()
    assert "Not recognised by Territoire de Dijon: waiting for its decision." in listing
    assert "Recognised by the territory since" not in listing
    assert listing.count("Recognised by Territoire de Dijon since") == 2


def test_stewards_see_the_count_in_the_navigation(as_persona, fake):
    page = as_persona("steward").get(reverse("badges:issuer_list")).content.decode()
    assert "Issuers to recognise (1)" in page
    page = as_persona("leader").get(reverse("badges:issuer_list")).content.decode()
    assert "Issuers to recognise" not in page
