"""The territory's published trust list (/.well-known/trust-list.json): what it says, its
signature (Python and the independent JS verifier), how it follows the stewards' decisions.

Acceptance 2 of #11: the list verifies with verifier-js/, changes when a steward recognises
or suspends an issuer, and a changed character fails it.
"""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from badges.crypto.data_integrity import verify
from badges.documents import issuer_documents
from badges.models import RecognitionStatus
from badges.services.issuers import issuer_key_rotate
from badges.services.recognition import (
    recognition_grant,
    recognition_suspend,
    recognition_withdraw,
)
from badges.trust_list import CONTEXT, CREDENTIAL_TYPE, ENTRY_TYPE, SUBJECT_TYPE
from tests.badges.factories.issuers import IssuerFactory, TerritoryIssuerFactory
from tests.badges.factories.revocation import key_resolver
from tests.badges.test_js_verifier import _tamper, js_verify

pytestmark = pytest.mark.django_db

URL = "/.well-known/trust-list.json"
REASON = "Se fait passer pour France Travail."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def territory(db):
    return TerritoryIssuerFactory()


@pytest.fixture
def repair(territory, initiative):
    """Sophie's (the ``leader``) Repair Café."""
    return IssuerFactory(initiative=initiative, name="Repair Café de Chenôve")


@pytest.fixture
def waiting(territory):
    return IssuerFactory(name="France Travail — Agence de Dijon", recognised=False)


def _get(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200, response.content
    return response.json()


def _entries(document: dict) -> dict[str, dict]:
    return {entry["id"]: entry for entry in document["credentialSubject"]["recognisedIssuer"]}


def test_the_address_is_the_documented_one():
    assert reverse("badges:trust_list") == URL


@pytest.mark.parametrize("persona", ["steward", "volunteer", None])
def test_anyone_reads_the_signed_list(as_persona, persona, territory, repair, waiting):
    response = as_persona(persona).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    document = response.json()
    assert document["type"] == ["VerifiableCredential", CREDENTIAL_TYPE]
    assert document["@context"] == CONTEXT
    assert document["issuer"] == {"id": territory.id_url, "name": "Territoire de Dijon"}
    assert document["id"] == "http://testserver" + URL
    assert document["name"] == "Émetteurs reconnus par Territoire de Dijon"
    assert document["credentialSubject"]["type"] == SUBJECT_TYPE
    assert document["validFrom"] < document["validUntil"]
    assert verify(document, resolve_key=key_resolver(territory)).verified


def test_it_lists_recognised_issuers_with_keys_and_history(client, territory, repair, waiting):
    entries = _entries(_get(client))
    # The territory (recognised from its creation) and Repair Café; never the waiting one.
    assert set(entries) == {territory.id_url, repair.id_url}
    entry = entries[repair.id_url]
    key = repair.signing_keys.get()
    assert entry["type"] == ENTRY_TYPE
    assert entry["name"] == "Repair Café de Chenôve"
    assert entry["recognitionStatus"] == "recognised"
    assert entry["openBadges2Profile"] == repair.ob2_url
    assert entry["verificationMethod"] == [
        {
            "id": key.verification_method_id,
            "type": "Multikey",
            "controller": repair.id_url,
            "publicKeyMultibase": key.public_key_multibase,
            "keyCreated": entry["verificationMethod"][0]["keyCreated"],
        }
    ]
    [period] = entry["recognitionPeriod"]
    assert period["type"] == "RecognitionPeriod"
    assert set(period) == {"type", "recognisedFrom", "note"}
    assert period["note"] == "Vérifié sur place."
    assert "reason" not in entry


def test_it_follows_the_stewards_decisions(client, territory, repair, waiting, steward):
    before = _get(client)
    recognition_grant(issuer=waiting, by=steward, note="Agence rencontrée.")
    granted = _get(client)
    assert waiting.id_url in _entries(granted)
    assert granted["proof"] != before["proof"]
    recognition_suspend(issuer=waiting, by=steward, reason=REASON)
    suspended = _entries(_get(client))[waiting.id_url]
    assert suspended["recognitionStatus"] == "suspended"
    assert suspended["reason"] == REASON
    [period] = suspended["recognitionPeriod"]
    assert period["note"] == "Agence rencontrée."
    assert period["recognisedFrom"] <= period["recognisedUntil"] == suspended["statusSince"]
    recognition_grant(issuer=waiting, by=steward, note="Malentendu levé.")
    recognition_withdraw(issuer=waiting, by=steward, reason=REASON)
    withdrawn = _entries(_get(client))[waiting.id_url]
    assert withdrawn["recognitionStatus"] == "withdrawn"
    assert [p["note"] for p in withdrawn["recognitionPeriod"]] == [
        "Agence rencontrée.",
        "Malentendu levé.",
    ]
    assert all("recognisedUntil" in p for p in withdrawn["recognitionPeriod"])


def test_retired_keys_stay_listed_after_a_rotation(client, territory, repair, leader):
    old = repair.signing_keys.get()
    issuer_key_rotate(issuer=repair, by=leader)
    methods = _entries(_get(client))[repair.id_url]["verificationMethod"]
    assert methods[0]["id"] == old.verification_method_id
    assert "keyRetired" in methods[0] and "keyRetired" not in methods[1]
    assert len(methods) == 2


def test_a_signed_list_is_reused_until_something_changes(client, territory, repair, steward):
    first = _get(client)
    assert _get(client) == first  # same bytes: not signed again
    recognition_suspend(issuer=repair, by=steward, reason=REASON)
    assert _get(client)["proof"] != first["proof"]


def test_the_territory_key_rotation_signs_it_anew(client, territory, repair, steward):
    first = _get(client)
    issuer_key_rotate(issuer=territory, by=steward)
    second = _get(client)
    assert second["proof"][0]["verificationMethod"] != first["proof"][0]["verificationMethod"]
    assert verify(second, resolve_key=key_resolver(territory)).verified


def test_one_changed_character_fails_the_python_check(client, territory, repair):
    document = _get(client)
    tampered = _tamper(document, "Repair Caf", "Repair Cag")
    assert not verify(tampered, resolve_key=key_resolver(territory)).verified


def test_without_a_territory_issuer_there_is_no_list(client, db, english):
    response = client.get(URL)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "The territory has no issuer yet, so it publishes no list of recognised issuers."
    }


def test_its_cost_does_not_grow_with_the_issuers(client, territory, count_queries):
    IssuerFactory()
    few = count_queries(client, URL)
    for _ in range(6):
        IssuerFactory()
    cache.clear()
    assert count_queries(client, URL) == few


@pytest.mark.js
def test_the_independent_js_verifier_checks_the_list(
    client, territory, repair, waiting, steward, tmp_path
):
    """Acceptance 2: verifies with verifier-js/, changes on a decision, one character fails."""
    documents = issuer_documents(territory)
    before = _get(client)
    recognition_grant(issuer=waiting, by=steward, note="Agence rencontrée.")
    granted = _get(client)
    recognition_suspend(issuer=repair, by=steward, reason=REASON)
    suspended = _get(client)
    assert len({json.dumps(d, sort_keys=True) for d in (before, granted, suspended)}) == 3
    one_character = _tamper(suspended, "suspended", "recognised")
    answers = js_verify(
        [
            (before, documents),
            (granted, documents),
            (suspended, documents),
            (one_character, documents),
        ],
        tmp_path,
    )
    assert [answer["verified"] for answer in answers] == [True, True, True, False], answers
    assert _entries(suspended)[repair.id_url]["recognitionStatus"] == "suspended"
    assert RecognitionStatus.SUSPENDED == "suspended"
