"""Signing and verifying eddsa-rdfc-2022 Data Integrity proofs."""

from __future__ import annotations

import copy
import json
import logging
from datetime import UTC, datetime, timedelta, timezone

import pytest

from badges.crypto.data_integrity import (
    CRYPTOSUITE,
    ProofCheck,
    VerificationResult,
    key_from_verification_method,
    sign,
    verify,
)
from badges.crypto.documents import verification_method_id
from badges.crypto.errors import InvalidKeyError, SigningError
from badges.crypto.keys import encrypt_private_key, generate_key_pair
from badges.crypto.multibase import base58_encode, multibase_encode
from tests.badges.conftest import ISSUER, OB3_CONTEXT, SCHEMA, VECTOR_KEY, make_credential

CREATED = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


@pytest.fixture
def key_pair():
    return generate_key_pair()


@pytest.fixture
def signed(credential, key_pair):
    seed, public = key_pair
    return sign(
        credential,
        private_key=seed,
        verification_method=verification_method_id(ISSUER, public),
        created=CREATED,
    )


def test_sign_appends_a_proof_array_and_leaves_the_input_alone(credential, key_pair):
    original = copy.deepcopy(credential)
    seed, public = key_pair
    signed = sign(
        credential,
        private_key=seed,
        verification_method=verification_method_id(ISSUER, public),
        created=CREATED,
    )
    assert credential == original
    assert signed["@context"] == OB3_CONTEXT
    assert isinstance(signed["proof"], list)
    (proof,) = signed["proof"]
    assert proof == {
        "type": "DataIntegrityProof",
        "created": "2026-11-27T09:30:00Z",
        "verificationMethod": f"{ISSUER}#{public}",
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": "assertionMethod",
        "proofValue": proof["proofValue"],
    }
    assert proof["proofValue"].startswith("z")
    assert {key: value for key, value in signed.items() if key != "proof"} == credential


def test_round_trip(signed, key_pair):
    result = verify(signed, public_key_multibase=key_pair[1])
    assert result == VerificationResult(
        verified=True,
        errors=[],
        verification_method=f"{ISSUER}#{key_pair[1]}",
        proofs=[ProofCheck(0, True, f"{ISSUER}#{key_pair[1]}", [])],
    )


def test_round_trip_through_a_resolver(signed, key_pair):
    published = {verification_method_id(ISSUER, key_pair[1]): key_pair[1]}
    assert verify(signed, resolve_key=published.get).verified
    assert verify(signed, resolve_key=key_from_verification_method).verified


def test_created_defaults_to_now_in_utc(credential, key_pair):
    seed, public = key_pair
    signed = sign(credential, private_key=seed, verification_method=f"{ISSUER}#{public}")
    created = datetime.fromisoformat(signed["proof"][0]["created"].replace("Z", "+00:00"))
    assert abs(created - datetime.now(tz=UTC)) < timedelta(minutes=1)
    other_zone = sign(
        credential,
        private_key=seed,
        verification_method=f"{ISSUER}#{public}",
        created=datetime(2026, 11, 27, 10, 30, tzinfo=timezone(timedelta(hours=1))),
    )
    assert other_zone["proof"][0]["created"] == "2026-11-27T09:30:00Z"
    with pytest.raises(SigningError, match="timezone"):
        sign(
            credential,
            private_key=seed,
            verification_method=f"{ISSUER}#{public}",
            created=datetime(2026, 11, 27),
        )


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("name",), "Animer un collectiF"),
        (("credentialSubject", "achievement", "name"), "Animer un collectifs"),
        (("validFrom",), "2026-11-27T09:00:01Z"),
        (("issuer", "id"), ISSUER + "x"),
    ],
)
def test_one_changed_character_breaks_the_proof(signed, key_pair, path, value):
    target = signed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    result = verify(signed, public_key_multibase=key_pair[1])
    assert not result.verified
    assert "changed after signing" in result.errors[0]


def test_an_undefined_property_cannot_be_signed_nor_smuggled_in(credential, signed, key_pair):
    # The OB 3.0 contexts are @protected and define every term: an unknown one would be
    # dropped from the canonical form, so it would escape the signature.
    credential["credentialSubject"]["achievement"]["secretLevel"] = "4"
    seed, public = key_pair
    with pytest.raises(SigningError, match=r"do not define.*secretLevel"):
        sign(credential, private_key=seed, verification_method=f"{ISSUER}#{public}")
    signed["credentialSubject"]["achievement"]["secretLevel"] = "4"
    result = verify(signed, public_key_multibase=public)
    assert not result.verified
    assert "cannot be read as JSON-LD" in result.errors[0]


def test_credential_schema_needs_the_extensions_context(key_pair):
    # 1EdTechJsonSchemaValidator2019 is defined by neither the VC 2.0 nor the OB 3.0.3
    # context: without extensions.json it is a relative IRI, refused like jsonld.js's safe
    # mode (digitalbazaar's verifier) refuses it.
    seed, public = key_pair
    bare = make_credential()
    bare["credentialSchema"] = [dict(SCHEMA)]
    with pytest.raises(SigningError, match="1EdTechJsonSchemaValidator2019"):
        sign(bare, private_key=seed, verification_method=f"{ISSUER}#{public}")
    with_extensions = make_credential(schema=True)
    assert with_extensions["@context"][:2] == OB3_CONTEXT
    signed = sign(with_extensions, private_key=seed, verification_method=f"{ISSUER}#{public}")
    assert verify(signed, public_key_multibase=public).verified


def test_relative_identifiers_are_refused(credential, key_pair):
    credential["credentialSubject"]["achievement"]["id"] = "badges/animer"
    with pytest.raises(SigningError, match="not absolute"):
        sign(credential, private_key=key_pair[0], verification_method=f"{ISSUER}#{key_pair[1]}")


def test_another_key_fails(signed):
    _seed, other = generate_key_pair()
    result = verify(signed, public_key_multibase=other)
    assert not result.verified


def test_unknown_key_fails(signed):
    result = verify(signed, resolve_key=lambda method: None)
    assert not result.verified
    assert "unknown to this verifier" in result.errors[0]
    assert not verify(signed).verified


def test_a_failing_resolver_is_reported_not_raised(signed):
    def broken(method: str) -> str | None:
        raise RuntimeError("database down")

    result = verify(signed, resolve_key=broken)
    assert not result.verified


def test_the_verification_method_must_name_the_signing_key(credential, key_pair):
    with pytest.raises(SigningError, match="another key"):
        sign(
            credential,
            private_key=key_pair[0],
            verification_method=f"{ISSUER}#{VECTOR_KEY}",
        )
    with pytest.raises(SigningError, match="absolute URL"):
        sign(credential, private_key=key_pair[0], verification_method="key-1")
    with pytest.raises(InvalidKeyError):
        sign(credential, private_key=b"x" * 16, verification_method=f"{ISSUER}#key-1")


def test_a_proof_set_of_two_keys(signed, key_pair):
    second_seed, second_public = generate_key_pair()
    both = sign(
        signed,
        private_key=second_seed,
        verification_method=f"{ISSUER}#{second_public}",
        created=CREATED,
    )
    assert len(both["proof"]) == 2
    keys = {
        f"{ISSUER}#{key_pair[1]}": key_pair[1],
        f"{ISSUER}#{second_public}": second_public,
    }
    result = verify(both, resolve_key=keys.get)
    assert result.verified, result.errors
    assert [check.verified for check in result.proofs] == [True, True]
    del keys[f"{ISSUER}#{second_public}"]
    result = verify(both, resolve_key=keys.get)
    assert not result.verified
    assert result.errors[0].startswith("Proof 2: ")


def test_a_single_proof_object_is_accepted_when_verifying(signed, key_pair):
    signed["proof"] = signed["proof"][0]
    assert verify(signed, public_key_multibase=key_pair[1]).verified


def test_proofs_of_other_kinds_are_skipped_but_one_is_needed(signed, key_pair):
    foreign = {"type": "RsaSignature2018", "proofPurpose": "assertionMethod"}
    signed["proof"].insert(0, foreign)
    result = verify(signed, public_key_multibase=key_pair[1])
    assert result.verified
    assert [check.supported for check in result.proofs] == [False, True]
    signed["proof"] = [foreign]
    result = verify(signed, public_key_multibase=key_pair[1])
    assert not result.verified
    assert "no proof of type DataIntegrityProof" in result.errors[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"proofPurpose": "authentication"}, "purpose is authentication"),
        ({"proofValue": "uAAAA"}, "malformed"),
        ({"proofValue": multibase_encode(bytes(63))}, "malformed"),
        ({"verificationMethod": None}, "which key"),
        ({"created": "yesterday"}, "creation date"),
        ({"expires": "2020-01-01T00:00:00Z"}, "expired"),
        ({"@context": ["https://www.w3.org/2018/credentials/v1"]}, "@context"),
    ],
)
def test_malformed_proofs_are_reported(signed, key_pair, change, message):
    signed["proof"][0].update(change)
    result = verify(signed, public_key_multibase=key_pair[1])
    assert not result.verified
    assert any(message in error for error in result.errors), result.errors


@pytest.mark.parametrize("document", [None, [], "text", {"proof": []}])
def test_documents_that_are_not_credentials_are_reported(document):
    result = verify(document)
    assert not result.verified
    assert result.errors


def test_no_proof(credential):
    result = verify(credential)
    assert not result.verified
    assert result.errors == ["The document has no proof."]


def test_errors_are_translated(signed):
    from django.utils import translation

    with translation.override("fr"):
        result = verify(signed, resolve_key=lambda method: None)
    assert not result.verified
    assert isinstance(result.errors[0], str)


def test_key_from_verification_method():
    assert key_from_verification_method(f"{ISSUER}#{VECTOR_KEY}") == VECTOR_KEY
    assert key_from_verification_method(f"did:key:{VECTOR_KEY}") == VECTOR_KEY
    assert key_from_verification_method(f"did:key:{VECTOR_KEY}#{VECTOR_KEY}") == VECTOR_KEY
    assert key_from_verification_method(f"{ISSUER}#key-1") is None
    assert key_from_verification_method(ISSUER) is None
    assert key_from_verification_method("z" + base58_encode(b"\xed\x01")) is None


def test_no_private_key_material_in_reprs_errors_or_logs(settings, credential, caplog):
    caplog.set_level(logging.DEBUG)
    seed, public = generate_key_pair()
    token = encrypt_private_key(seed)
    method = f"{ISSUER}#{public}"
    signed = sign(credential, private_key=seed, verification_method=method)
    result = verify(signed, public_key_multibase=public)
    failed = verify(
        json.loads(json.dumps(signed).replace("collectif", "collectiF")), resolve_key=lambda m: None
    )
    try:
        sign(credential, private_key=seed, verification_method=f"{ISSUER}#{VECTOR_KEY}")
    except SigningError as error:
        signing_error = error
    texts = [
        repr(result),
        str(result),
        repr(failed),
        str(signing_error),
        repr(signing_error),
        json.dumps(signed),
        caplog.text,
    ]
    secrets = [
        seed.hex(),
        seed.hex().upper(),
        base58_encode(seed),
        multibase_encode(seed),
        token.split(".")[2],
        settings.SIGNING_KEY_ENCRYPTION_KEY.hex(),
    ]
    for text in texts:
        for secret in secrets:
            assert secret not in text
