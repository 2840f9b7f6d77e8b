"""The territory's recognition of issuers: who decides, the standings and their history, the
names that imitate a recognised issuer, and the stewards' queue."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from badges.models import IssuerRecognition, RecognitionStatus
from badges.selectors.recognition import (
    look_alikes,
    name_key,
    names_look_alike,
    recognition_history,
    recognition_periods,
    recognition_queue,
)
from badges.services.issuers import issuer_create, issuer_update, organisation_issuer_create
from badges.services.recognition import (
    recognition_grant,
    recognition_suspend,
    recognition_withdraw,
)
from tests.badges.factories.issuers import IssuerFactory, TerritoryIssuerFactory
from tests.community.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db

CYRILLIC_A = "\u0430"


# --- Names that imitate -------------------------------------------------------------------


def test_names_are_compared_as_a_reader_sees_them():
    assert name_key("Répair  Café — Chenôve!") == "repaircafechenove"
    assert name_key(f"Fr{CYRILLIC_A}nce Tr{CYRILLIC_A}vail") == name_key("France Travail")
    assert name_key("M1SSI0N L0CALE") == "mlssionlocale"


@pytest.mark.parametrize(
    ("name", "recognised", "alike"),
    [
        ("France Travail — Agence de Dijon", "France Travail", True),
        (f"Fr{CYRILLIC_A}nce Tr{CYRILLIC_A}vail", "France Travail", True),
        ("FRANCE-TRAVAIL", "France Travail", True),
        ("Mission locale de Dijonn", "Mission locale de Dijon", True),
        ("Mision locale de Dijon", "Mission locale de Dijon", True),
        ("Repair Café de Chenôve", "FabLab de Quetigny", False),
        ("Abd", "Abc", False),  # short names: equal only
        ("La Cantine", "Cantine solidaire des Grésilles", False),
    ],
)
def test_names_that_look_alike(name, recognised, alike):
    assert names_look_alike(name, recognised) is alike


# --- Standings ----------------------------------------------------------------------------


def test_a_new_initiative_issuer_waits_and_the_territory_is_recognised(leader, steward):
    initiative = InitiativeFactory(leader=leader)
    issuer = issuer_create(
        by=leader, initiative=initiative, name=initiative.name, email="contact@example.org"
    )
    assert issuer.recognition == RecognitionStatus.PENDING
    assert not issuer.is_recognised
    territory = issuer_create(
        by=steward, initiative=None, name="Territoire de Dijon", email="territoire@example.org"
    )
    assert territory.is_recognised
    [entry] = recognition_history(issuer=territory)
    assert entry.status == RecognitionStatus.RECOGNISED and entry.by == steward


def test_a_new_partner_organisation_waits(steward):
    organisation = organisation_issuer_create(
        by=steward,
        name="Mission locale de Dijon",
        url="",
        email="ml@example.org",
        description="",
        staff_emails=[],
    )
    assert organisation.recognition == RecognitionStatus.PENDING


def test_only_stewards_and_staff_decide(leader, volunteer, steward, staff):
    issuer = IssuerFactory(recognised=False)
    for user in (leader, volunteer):
        with pytest.raises(PermissionDenied):
            recognition_grant(issuer=issuer, by=user, note="Je me reconnais moi-même.")
    recognition_grant(issuer=issuer, by=staff, note="Vérifié.")
    issuer.refresh_from_db()
    assert issuer.is_recognised


def test_recognising_takes_a_note_and_suspending_a_reason(steward):
    issuer = IssuerFactory(recognised=False)
    with pytest.raises(ValidationError) as caught:
        recognition_grant(issuer=issuer, by=steward, note="  ")
    assert "note" in caught.value.message_dict
    recognition_grant(issuer=issuer, by=steward, note="Rencontrés le 3 décembre.")
    with pytest.raises(ValidationError) as caught:
        recognition_suspend(issuer=issuer, by=steward, reason="")
    assert "reason" in caught.value.message_dict
    recognition_suspend(issuer=issuer, by=steward, reason="Plainte en cours d'examen.")
    issuer.refresh_from_db()
    assert issuer.recognition == RecognitionStatus.SUSPENDED
    assert issuer.recognition_changed_at is not None


def test_the_transitions(steward):
    issuer = IssuerFactory(recognised=False)
    with pytest.raises(ValidationError) as caught:
        recognition_suspend(issuer=issuer, by=steward, reason="Pas encore reconnu.")
    assert caught.value.code == "invalid_transition"
    with pytest.raises(ValidationError):
        recognition_withdraw(issuer=issuer, by=steward, reason="Pas encore reconnu.")
    recognition_grant(issuer=issuer, by=steward, note="Vérifié.")
    with pytest.raises(ValidationError):
        recognition_grant(issuer=issuer, by=steward, note="Deux fois.")
    recognition_suspend(issuer=issuer, by=steward, reason="Enquête.")
    recognition_withdraw(issuer=issuer, by=steward, reason="L'association a fermé.")
    recognition_grant(issuer=issuer, by=steward, note="Rouverte sous une nouvelle équipe.")
    statuses = [entry.status for entry in recognition_history(issuer=issuer)]
    assert statuses == ["pending", "recognised", "suspended", "withdrawn", "recognised"]


def test_the_territory_issuer_is_recognised_by_definition(steward):
    territory = TerritoryIssuerFactory()
    with pytest.raises(ValidationError) as caught:
        recognition_suspend(issuer=territory, by=steward, reason="Essai.")
    assert caught.value.code == "territory"


def test_renaming_a_recognised_issuer_puts_it_back_in_the_queue(leader, steward):
    initiative = InitiativeFactory(leader=leader)
    issuer = issuer_create(by=leader, initiative=initiative, name="Repair Café", email="a@b.org")
    recognition_grant(issuer=issuer, by=steward, note="Vérifié.")
    issuer_update(issuer=issuer, by=leader, name="Repair Café", email="autre@b.org")
    issuer.refresh_from_db()
    assert issuer.is_recognised  # another field: nothing to decide again
    issuer_update(issuer=issuer, by=leader, name="France Travail", email="autre@b.org")
    issuer.refresh_from_db()
    assert issuer.recognition == RecognitionStatus.PENDING
    last = recognition_history(issuer=issuer)[-1]
    assert (last.status, last.issuer_name, last.by) == ("pending", "France Travail", leader)


def test_the_queue_lists_pending_issuers_with_the_names_they_imitate(steward):
    real = IssuerFactory(name="France Travail")
    IssuerFactory(name="Repair Café de Chenôve")
    fake = IssuerFactory(name="France Travail — Agence de Dijon", recognised=False)
    honest = IssuerFactory(name="FabLab de Quetigny", recognised=False)
    queue = recognition_queue()
    assert [entry.issuer for entry in queue] == [fake, honest]
    assert queue[0].look_alikes == [real]
    assert queue[1].look_alikes == []
    assert look_alikes(issuer=real) == []


def test_the_periods_of_recognition(steward):
    issuer = IssuerFactory(recognised=False)
    recognition_grant(issuer=issuer, by=steward, note="Vérifié.")
    recognition_suspend(issuer=issuer, by=steward, reason="Enquête.")
    recognition_grant(issuer=issuer, by=steward, note="Enquête close.")
    history = recognition_history(issuer=issuer)
    periods = recognition_periods(history)
    assert [(period.since, period.until) for period in periods] == [
        (history[1].at, history[2].at),
        (history[3].at, None),
    ]
    assert periods[1].note == "Enquête close."
    assert IssuerRecognition.objects.filter(issuer=issuer).count() == 4
