"""Leaders' endorsements and organisations' endorsements as signed OB 3.0
EndorsementCredentials embedded in an award: shape, official schemas, the Python verifier
and the independent JS verifier (each embedded one checked with its own issuer's key)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft201909Validator

from badges.crypto.data_integrity import format_datetime, verify
from badges.documents import issuer_documents, issuer_profile_embedded
from badges.endorsements import ENDORSEMENT_SCHEMA_FILE, embedded_endorsements
from badges.models import SigningKey
from badges.ob3 import CREDENTIAL_CONTEXT
from badges.selectors.endorsements import embedded_endorsements_verify
from badges.services.awards import award_create
from badges.services.endorsements import badge_class_endorse, badge_class_endorsement_withdraw
from badges.services.revocation import status_list_credential_signed
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.endorsements import LEADER_WORDS, PEER_WORDS, organisation_add, story
from tests.badges.test_js_verifier import VERIFIER, _node, _tamper
from tests.badges.test_ob3_credential import _resolver, _schema_errors

pytestmark = pytest.mark.django_db

ORGANISATION_WORDS = "Nous reconnaissons ce badge dans nos accompagnements."


@pytest.fixture
def peer(db):
    return UserFactory(email="paul@example.org", display_name="Paul")


@pytest.fixture
def s(default_framework, volunteer, leader, peer):
    return story(version=default_framework, volunteer=volunteer, leader=leader, peer=peer)


@pytest.fixture
def organisation(advisor):
    return organisation_add(staff=(advisor,))


@pytest.fixture
def award(s, steward, volunteer, organisation, advisor):
    badge_class_endorse(
        badge_class=s.badge_class, organisation=organisation, by=advisor, comment=ORGANISATION_WORDS
    )
    return award_create(
        badge_class=s.badge_class, by=steward, email=volunteer.email, recipient=volunteer
    )


def _leader_credential(award):
    [document] = award.credential["endorsement"]
    return document


def _endorsement_schema_errors(document):
    schema = json.loads(Path(ENDORSEMENT_SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(document)]


def test_the_leaders_endorsement_is_an_endorsement_credential(s, award):
    document = _leader_credential(award)
    issuer = s.initiative_issuer
    assert document["@context"] == CREDENTIAL_CONTEXT
    assert document["id"].startswith("urn:uuid:")
    assert document["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert document["name"] == (
        f"Confirmation de la compétence {s.competence.title_fr} par Repair Café de Chenôve"
    )
    assert document["issuer"] == issuer_profile_embedded(issuer)
    assert document["validFrom"] == format_datetime(s.leader_endorsement.created_at)
    subject = document["credentialSubject"]
    assert subject["id"] == award.ob3_url
    assert subject["type"] == ["EndorsementSubject"]
    assert LEADER_WORDS in subject["endorsementComment"]
    assert "Sophie" in subject["endorsementComment"] and "3" in subject["endorsementComment"]
    assert document["credentialSchema"] == [
        {
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
            "ob_v3p0_endorsementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ]


def test_its_proof_uses_the_initiative_issuers_key(s, award):
    [proof] = _leader_credential(award)["proof"]
    key = SigningKey.objects.get(issuer=s.initiative_issuer, retired_at__isnull=True)
    assert proof["verificationMethod"] == key.verification_method_id
    assert proof["verificationMethod"].startswith(s.initiative_issuer.id_url + "#")
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    # and not the badge's issuer (the territory)
    assert not proof["verificationMethod"].startswith(s.territory.id_url)


def test_the_organisations_endorsement_is_in_the_achievement(s, award, organisation):
    [document] = award.credential["credentialSubject"]["achievement"]["endorsement"]
    assert document["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert document["issuer"] == issuer_profile_embedded(organisation)
    assert document["credentialSubject"]["id"] == s.badge_class.id_url
    assert document["credentialSubject"]["endorsementComment"] == ORGANISATION_WORDS
    assert document["proof"][0]["verificationMethod"].startswith(organisation.id_url + "#")
    assert [item.kind for item in embedded_endorsements(award.credential)] == [
        "leader",
        "organisation",
    ]


def test_the_award_and_its_endorsements_validate_against_the_official_schemas(award):
    assert _schema_errors(award.credential) == []
    for endorsement in embedded_endorsements(award.credential):
        assert _endorsement_schema_errors(endorsement.document) == []


def test_the_python_verifier_accepts_the_award_and_each_endorsement(s, award):
    assert verify(award.credential, resolve_key=_resolver(s.territory)).verified
    checks = embedded_endorsements_verify(award.credential)
    assert len(checks) == 2
    assert all(result.verified for _endorsement, result in checks), checks


def test_one_changed_character_inside_an_endorsement_fails_its_check(s, award):
    tampered = _tamper(award.credential, "avec assurance.", "avec assurance!")
    [leader, organisation] = embedded_endorsements_verify(tampered)
    assert not leader[1].verified
    assert organisation[1].verified
    # the award's own proof covers the embedded bytes too
    assert not verify(tampered, resolve_key=_resolver(s.territory)).verified


def test_an_endorsement_signed_by_another_key_does_not_verify(s, award):
    document = _leader_credential(award)
    # Claim the territory signed it: the key named is not the territory's.
    forged = json.loads(
        json.dumps(document).replace(s.initiative_issuer.id_url, s.territory.id_url)
    )
    [(_, result)] = embedded_endorsements_verify({"endorsement": [forged]})
    assert not result.verified


def test_leaders_of_initiatives_without_issuer_stay_evidence(
    default_framework, volunteer, leader, peer, steward
):
    s = story(
        version=default_framework,
        volunteer=volunteer,
        leader=leader,
        peer=peer,
        initiative_is_issuer=False,
    )
    award = award_create(
        badge_class=s.badge_class, by=steward, email=volunteer.email, recipient=volunteer
    )
    assert "endorsement" not in award.credential
    endorsements = [item for item in award.credential["evidence"] if item["genre"] == "Endorsement"]
    assert {item["narrative"] for item in endorsements} == {LEADER_WORDS, PEER_WORDS}
    assert _schema_errors(award.credential) == []


def test_a_withdrawn_organisation_endorsement_is_not_embedded_in_new_awards(
    s, award, steward, volunteer, advisor
):
    [endorsement] = s.badge_class.organisation_endorsements.all()
    badge_class_endorsement_withdraw(endorsement=endorsement, by=advisor)
    later = award_create(
        badge_class=s.badge_class, by=steward, email=volunteer.email, recipient=volunteer
    )
    assert "endorsement" not in later.credential["credentialSubject"]["achievement"]
    # the award issued before keeps what it embedded
    award.refresh_from_db()
    assert award.credential["credentialSubject"]["achievement"]["endorsement"]


def test_the_award_page_shows_the_embedded_endorsements(client, english, s, award, organisation):
    html = client.get(f"/badges/awards/{award.uuid}").content.decode()
    assert "Signed endorsements" in html
    assert "avec assurance" in html
    assert "Nous reconnaissons ce badge" in html
    assert organisation.name in html and s.initiative_issuer.name in html


@pytest.mark.js
def test_the_js_verifier_checks_the_award_and_each_embedded_endorsement(
    s, award, organisation, tmp_path
):
    node = _node()
    documents = {}
    for issuer in (s.territory, s.initiative_issuer, organisation):
        documents.update(issuer_documents(issuer))
    status_list = award.status_entry.status_list
    documents[status_list.url] = status_list_credential_signed(status_list=status_list)
    leader_only = {**award.credential}
    leader_document = _leader_credential(award)
    checks = [
        (award.credential, documents),
        (_tamper(award.credential, "avec assurance.", "avec assurance!"), documents),
        (_tamper(award.credential, "nos accompagnements.", "nos accompagnements!"), documents),
        (leader_document, documents),
        # without the initiative issuer's documents, its endorsement cannot be checked
        (
            leader_only,
            {
                url: document
                for url, document in documents.items()
                if not url.startswith(s.initiative_issuer.id_url)
            },
        ),
    ]
    batch = tmp_path / "checks.json"
    batch.write_text(
        json.dumps([{"credential": c, "documents": d} for c, d in checks]), encoding="utf-8"
    )
    completed = subprocess.run(
        [node, str(VERIFIER), "--batch", str(batch)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    original, leader_tampered, organisation_tampered, alone, missing = json.loads(completed.stdout)
    assert original["verified"] is True, original
    assert [item["verified"] for item in original["endorsements"]] == [True, True]
    assert [item["issuer"] for item in original["endorsements"]] == [
        s.initiative_issuer.id_url,
        organisation.id_url,
    ]
    assert leader_tampered["verified"] is False
    assert [item["verified"] for item in leader_tampered["endorsements"]] == [False, True]
    assert organisation_tampered["verified"] is False
    assert [item["verified"] for item in organisation_tampered["endorsements"]] == [True, False]
    assert alone["verified"] is True, alone  # an endorsement verifies on its own too
    assert missing["verified"] is False
    assert missing["endorsements"][0]["verified"] is False
