"""The OB 3.0 credential of an award: official schema, Python verifier, independent JS
verifier; one changed character fails both."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator

from badges.crypto.data_integrity import verify
from badges.documents import issuer_documents, issuer_profile_embedded
from badges.models import SigningKey
from badges.ob3 import SCHEMA_FILE
from badges.selectors.badge_classes import badge_class_alignments, badge_class_get
from badges.services.awards import award_create
from badges.services.revocation import status_list_credential_signed
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import IssuerFactory, image_upload, initiative_with_members
from tests.badges.test_js_verifier import VERIFIER, _node, _tamper

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
]


@pytest.fixture
def leader(db):
    return UserFactory(email="sophie@example.org", display_name="Sophie")


@pytest.fixture
def issuer(leader):
    member = UserFactory(email="amina@example.org")
    return IssuerFactory(initiative=initiative_with_members(leader=leader, member=member))


@pytest.fixture
def badge(issuer, default_framework):
    comps = competences(default_framework, 2)
    badge = badge_class_add(
        issuer,
        rules=({"competence": comps[0], "min_level": 2},),
        achievement_type="Competency",
        validity_days=365,
        image=image_upload(),
    )
    badge.tags.add("réparation", "accueil")
    return badge_class_get(uuid=badge.uuid)


@pytest.fixture
def award(badge, leader):
    return award_create(
        badge_class=badge, by=leader, email="amina@example.org", narrative="Trois ateliers."
    )


def _resolver(issuer):
    keys = {
        key.verification_method_id: key.public_key_multibase
        for key in SigningKey.objects.filter(issuer=issuer)
    }
    return keys.get


def _schema_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(Path(SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(document)]


def test_the_credential_has_the_expected_shape(award, badge, issuer):
    credential = award.credential
    assert credential["@context"] == CONTEXT
    assert credential["id"] == award.ob3_url
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"] == issuer_profile_embedded(issuer)
    assert credential["validFrom"] == award.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert credential["validUntil"] == award.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert credential["name"] == badge.name
    assert credential["credentialSchema"] == [
        {
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
            "ob_v3p0_achievementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ]
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityHash": award.identity_hash,
            "identityType": "emailAddress",
            "hashed": True,
            "salt": award.salt,
        }
    ]
    achievement = subject["achievement"]
    assert achievement["id"] == badge.id_url
    assert achievement["type"] == ["Achievement"]
    assert achievement["criteria"] == {"narrative": badge.criteria_narrative}
    assert achievement["description"] == badge.description
    assert achievement["achievementType"] == "Competency"
    assert achievement["tag"] == ["accueil", "réparation"]
    assert achievement["alignment"] == badge_class_alignments(badge_class=badge)
    assert achievement["alignment"]
    image = achievement["image"]
    assert image["type"] == "Image" and set(image) == {"id", "type", "caption"}
    assert image["id"].startswith(f"http://testserver/badges/classes/{badge.uuid}/image.png?v=")
    assert isinstance(credential["proof"], list) and len(credential["proof"]) == 1
    proof = credential["proof"][0]
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["verificationMethod"].startswith(issuer.id_url + "#z6Mk")


def test_the_credential_validates_against_the_official_schema(award):
    assert _schema_errors(award.credential) == []


def test_a_minimal_badge_validates_too(issuer, leader):
    badge = badge_class_add(issuer, slug="minimal")
    award = award_create(badge_class=badge, by=leader, email="x@example.org")
    assert _schema_errors(award.credential) == []
    achievement = award.credential["credentialSubject"]["achievement"]
    assert not {"image", "tag", "alignment"} & set(achievement)
    assert "validUntil" not in award.credential
    assert "narrative" not in award.credential["credentialSubject"]


def test_the_python_verifier_accepts_it_and_refuses_a_changed_character(award, issuer):
    result = verify(award.credential, resolve_key=_resolver(issuer))
    assert result.verified, result.errors
    tampered = _tamper(award.credential, "Trois ateliers.", "Trois ateliers!")
    assert not verify(tampered, resolve_key=_resolver(issuer)).verified


@pytest.mark.js
def test_the_independent_js_verifier_accepts_it_and_refuses_a_changed_character(
    award, issuer, tmp_path
):
    node = _node()
    documents = issuer_documents(issuer)
    status_list = award.status_entry.status_list
    documents[status_list.url] = status_list_credential_signed(status_list=status_list)
    checks = [
        award.credential,
        _tamper(award.credential, "Trois ateliers.", "Trois ateliers!"),
    ]
    batch = tmp_path / "checks.json"
    batch.write_text(
        json.dumps([{"credential": c, "documents": documents} for c in checks]),
        encoding="utf-8",
    )
    completed = subprocess.run(
        [node, str(VERIFIER), "--batch", str(batch)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    original, tampered = json.loads(completed.stdout)
    assert original["verified"] is True, original
    assert original["status"][0]["set"] is False
    assert tampered["verified"] is False


def test_the_served_json_verifies(client, award, issuer):
    served = client.get(award.ob3_path).json()
    assert verify(served, resolve_key=_resolver(issuer)).verified
    assert _schema_errors(served) == []
