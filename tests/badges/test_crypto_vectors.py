"""1EdTech's OB 3.0 eddsa-rdfc-2022 test vector, reproduced byte for byte."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from badges.crypto.canonical import canonicalize
from badges.crypto.data_integrity import hash_data, key_from_verification_method, sign, verify
from badges.crypto.documents import controller_document
from tests.badges.conftest import (
    VECTOR_ISSUER,
    VECTOR_KEY,
    VECTOR_METHOD,
    VECTOR_SEED_HEX,
    VECTORS,
    load_vector,
)

PROOF_HASH = "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"
DOCUMENT_HASH = "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773"


def _unsecured_and_proof():
    signed = load_vector("ob3-signed-credential.json")
    proof = signed.pop("proof")
    return signed, proof


def test_document_canonical_form_matches_byte_for_byte(no_network):
    document, _proof = _unsecured_and_proof()
    expected = (VECTORS / "obv3p0-document-canon.txt").read_text(encoding="utf-8")
    canonical = canonicalize(document)
    assert canonical == expected
    assert hashlib.sha256(canonical.encode()).hexdigest() == DOCUMENT_HASH
    assert no_network == []


def test_proof_configuration_canonical_form_matches_byte_for_byte():
    document, proof = _unsecured_and_proof()
    config = {key: value for key, value in proof.items() if key != "proofValue"}
    config["@context"] = document["@context"]
    expected = (VECTORS / "obv3p0-proof-canon.txt").read_text(encoding="utf-8")
    assert canonicalize(config) == expected
    assert hashlib.sha256(expected.encode()).hexdigest() == PROOF_HASH


def test_hash_data_is_proof_hash_then_document_hash():
    document, proof = _unsecured_and_proof()
    assert hash_data(document, proof).hex() == PROOF_HASH + DOCUMENT_HASH


def test_signing_with_the_published_test_key_reproduces_the_proof_value():
    # Ed25519 is deterministic: same key, same bytes -> same signature.
    document, proof = _unsecured_and_proof()
    signed = sign(
        document,
        private_key=bytes.fromhex(VECTOR_SEED_HEX),
        verification_method=VECTOR_METHOD,
        created=datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC),
    )
    assert signed["proof"] == [proof]


def test_the_signed_vector_verifies(signed_vector):
    result = verify(signed_vector, public_key_multibase=VECTOR_KEY)
    assert result.verified, result.errors
    assert result.errors == []
    assert result.verification_method == VECTOR_METHOD


def test_the_signed_vector_verifies_through_a_key_resolver(signed_vector):
    published = {VECTOR_METHOD: VECTOR_KEY}
    assert verify(signed_vector, resolve_key=published.get).verified
    assert verify(signed_vector, resolve_key=key_from_verification_method).verified


def test_the_vector_with_its_proof_in_an_array_verifies(signed_vector):
    signed_vector["proof"] = [signed_vector["proof"]]
    assert verify(signed_vector, public_key_multibase=VECTOR_KEY).verified


def test_a_copy_with_one_character_changed_fails(signed_vector):
    tampered = json.loads(json.dumps(signed_vector).replace("Teamwork Badge", "Teamwork Badgf"))
    result = verify(tampered, public_key_multibase=VECTOR_KEY)
    assert not result.verified
    assert result.errors == [
        "The signature does not match the document: it was changed after signing."
    ]


def test_a_changed_proof_value_fails(signed_vector):
    value = signed_vector["proof"]["proofValue"]
    signed_vector["proof"]["proofValue"] = value[:-1] + ("r" if value[-1] != "r" else "s")
    assert not verify(signed_vector, public_key_multibase=VECTOR_KEY).verified


def test_a_changed_proof_date_fails(signed_vector):
    signed_vector["proof"]["created"] = "2010-01-01T19:23:25Z"
    assert not verify(signed_vector, public_key_multibase=VECTOR_KEY).verified


def test_the_clr_vector_and_its_inner_credentials_verify():
    clr = load_vector("clr2-signed-credential.json")
    assert verify(clr, resolve_key=key_from_verification_method).verified
    inner = clr["credentialSubject"]["verifiableCredential"]
    assert inner
    for credential in inner:
        assert verify(credential, resolve_key=key_from_verification_method).verified


def test_controller_document_of_the_vector_is_valid_json_ld():
    canonical = canonicalize(controller_document(VECTOR_ISSUER, [VECTOR_KEY]))
    assert f"<{VECTOR_ISSUER}> <https://w3id.org/security#assertionMethod> <{VECTOR_METHOD}>" in (
        canonical
    )
