"""What the verifier reads from the rest of the ecosystem (#17): did:key with and without a
fragment, did:web and HTTPS issuers (through the safe fetcher), VC-JWT (EdDSA, RS256, ES256)
with ``kid`` resolution, 1EdTechRevocationList, standalone endorsements and CLRs, and a
clear "could not be checked because …" for what stays out.

Other sites are played by the safe fetcher's transport (``badges.fetch._http_get``), which
answers the documents a test gives and nothing else: the verifier itself is not touched."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.utils import translation

import badges.fetch
from badges.crypto.data_integrity import sign
from badges.crypto.did import document_keys, key_did_methods, web_document_url
from badges.crypto.keys import generate_key_pair
from badges.crypto.multibase import ed25519_public_key_to_multikey
from badges.fetch import FetchError
from badges.verifier import CheckStatus, VerifierInputError, verify_bytes
from badges.verifier.inputs import verify_document, verify_token
from tests.badges.conftest import OB3_EXTENSIONS, VECTORS, make_credential

pytestmark = pytest.mark.django_db

PASSED, FAILED = CheckStatus.PASSED, CheckStatus.FAILED
NOT_CHECKED, NOT_APPLICABLE = CheckStatus.NOT_CHECKED, CheckStatus.NOT_APPLICABLE


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def sites(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """url → JSON document the "internet" answers (anything else is unreachable)."""
    documents: dict[str, Any] = {}

    def http_get(url: str, *, accept: str, max_bytes: int, deadline: float) -> Any:
        if url in documents:
            return 200, "application/json", json.dumps(documents[url]).encode(), None
        raise FetchError("unreachable in tests", code="dns")

    monkeypatch.setattr(badges.fetch, "_http_get", http_get)
    return documents


def _statuses(report: Any) -> dict[str, CheckStatus]:
    return {check.key: check.status for check in report.checks}


def _signed(issuer: str, seed: bytes, method: str, **changes: Any) -> dict[str, Any]:
    credential = make_credential(issuer)
    credential.update(changes)
    return sign(credential, private_key=seed, verification_method=method)


# --- did:key ------------------------------------------------------------------------------


def test_did_key_methods_with_and_without_fragment():
    _seed, key = generate_key_pair()
    did = f"did:key:{key}"
    assert key_did_methods(did) == {f"{did}#{key}": key, did: key}
    assert key_did_methods("did:key:zNotAKey") == {}


@pytest.mark.parametrize("fragment", [True, False])
def test_a_did_key_issuer_signing_with_or_without_fragment_is_confirmed(fragment, sites):
    seed, key = generate_key_pair()
    did = f"did:key:{key}"
    credential = _signed(did, seed, f"{did}#{key}" if fragment else did)
    report = verify_document(credential)
    assert _statuses(report)["proof"] == PASSED
    assert _statuses(report)["issuer_key"] == PASSED, report.check("issuer_key")


def test_an_issuer_that_is_no_address_is_said_so_not_failed(sites):
    seed, key = generate_key_pair()
    credential = _signed("urn:uuid:6f2e33e5-7a29-4155-840a-59483ba10164", seed, f"did:key:{key}")
    report = verify_document(credential)
    key_check = report.check("issuer_key")
    assert report.status_of("proof") == PASSED
    assert key_check is not None and key_check.status == NOT_CHECKED
    assert "is not an address" in key_check.detail


# --- did:web and HTTPS issuers --------------------------------------------------------------


def test_did_web_addresses():
    assert (
        web_document_url("did:web:issuer.example") == "https://issuer.example/.well-known/did.json"
    )
    assert web_document_url("did:web:issuer.example:org:42#key-1") == (
        "https://issuer.example/org/42/did.json"
    )
    assert (
        web_document_url("did:web:localhost%3A8443")
        == "https://localhost:8443/.well-known/did.json"
    )
    assert web_document_url("did:web:issuer.example:..:x") is None
    assert web_document_url("did:key:z6Mk") is None


def _did_document(did: str, method: str, key: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {"id": method, "type": "Multikey", "controller": did, "publicKeyMultibase": key}
        ],
        "assertionMethod": [method],
    }


def test_a_did_web_issuer_is_read_through_the_safe_fetcher(sites):
    seed, key = generate_key_pair()
    did = "did:web:issuer.example:org:42"
    sites["https://issuer.example/org/42/did.json"] = _did_document(did, f"{did}#key-1", key)
    report = verify_document(_signed(did, seed, f"{did}#key-1"))
    assert _statuses(report)["proof"] == PASSED
    assert _statuses(report)["issuer_key"] == PASSED
    assert "published by" in report.check("issuer_key").detail


def test_a_did_web_document_that_lists_another_key_fails(sites):
    seed, key = generate_key_pair()
    _other_seed, other = generate_key_pair()
    did = "did:web:issuer.example"
    sites["https://issuer.example/.well-known/did.json"] = _did_document(did, f"{did}#k", other)
    report = verify_document(_signed(did, seed, f"{did}#{key}"))
    assert _statuses(report)["proof"] == PASSED  # the key is named in the method id
    assert _statuses(report)["issuer_key"] == FAILED


def test_a_did_web_that_cannot_be_loaded_is_not_confirmed(sites):
    seed, key = generate_key_pair()
    did = "did:web:gone.example"
    report = verify_document(_signed(did, seed, f"{did}#{key}"))
    assert _statuses(report)["proof"] == PASSED
    assert _statuses(report)["issuer_key"] == NOT_CHECKED


def test_document_keys_read_multikeys_and_jwks_controlled_by_the_subject():
    jwk = {"kty": "EC", "crv": "P-256", "x": "x", "y": "y"}
    document = {
        "id": "did:web:a.example",
        "verificationMethod": [
            {"id": "#jwk", "type": "JsonWebKey2020", "publicKeyJwk": jwk},
            {"id": "#other", "controller": "did:web:b.example", "publicKeyJwk": jwk},
        ],
        "assertionMethod": ["#jwk", "#other"],
    }
    assert document_keys(document, "did:web:a.example") == {"did:web:a.example#jwk": jwk}


# --- VC-JWT ---------------------------------------------------------------------------------


def _jwk(private: Any) -> dict[str, Any]:
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    algorithm = {
        ed25519.Ed25519PrivateKey: "EdDSA",
        rsa.RSAPrivateKey: "RS256",
        ec.EllipticCurvePrivateKey: "ES256",
    }
    for kind, name in algorithm.items():
        if isinstance(private, kind):
            return json.loads(
                jwt.get_algorithm_by_name(name).to_jwk(
                    jwt.get_algorithm_by_name(name).prepare_key(pem)
                )
            )
    raise AssertionError(private)


def _vc_jwt(credential: dict[str, Any], private: Any, alg: str, **header: Any) -> str:
    payload = {"vc": credential, "iss": credential["issuer"]["id"], "jti": credential["id"]}
    return jwt.encode(payload, private, algorithm=alg, headers=header)


KEYS = {
    "EdDSA": lambda: ed25519.Ed25519PrivateKey.generate(),
    "RS256": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "ES256": lambda: ec.generate_private_key(ec.SECP256R1()),
}


@pytest.mark.parametrize("alg", sorted(KEYS))
def test_a_vc_jwt_whose_kid_names_a_did_web_key_is_verified(alg, sites):
    private = KEYS[alg]()
    did = "did:web:issuer.example"
    jwk = _jwk(private)
    sites["https://issuer.example/.well-known/did.json"] = {
        "id": did,
        "verificationMethod": [
            {"id": f"{did}#key-1", "type": "JsonWebKey2020", "publicKeyJwk": jwk}
        ],
        "assertionMethod": ["#key-1"],
    }
    credential = make_credential(did)
    token = _vc_jwt(credential, private, alg, kid=f"{did}#key-1")
    report = verify_bytes(token.encode())
    assert report.summary.name == "Animer un collectif"
    assert _statuses(report)["proof"] == PASSED, report.check("proof")
    assert _statuses(report)["issuer_key"] == PASSED
    assert _statuses(report)["schema"] == PASSED

    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["vc"]["name"] = "Autre badge"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    tampered = verify_token(f"{header}.{forged}.{signature}")
    assert _statuses(tampered)["proof"] == FAILED
    assert "changed after signing" in tampered.check("proof").detail


def test_a_vc_jwt_signed_by_a_did_key_kid_is_verified(sites):
    private = ed25519.Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    key = ed25519_public_key_to_multikey(raw)
    did = f"did:key:{key}"
    token = _vc_jwt(make_credential(did), private, "EdDSA", kid=f"{did}#{key}")
    report = verify_token(token)
    assert _statuses(report)["proof"] == PASSED
    assert _statuses(report)["issuer_key"] == PASSED


def test_a_vc_jwt_with_only_an_embedded_jwk_proves_the_signature_not_the_owner(sites):
    private = KEYS["ES256"]()
    token = _vc_jwt(
        make_credential("https://issuer.example/profile"), private, "ES256", jwk=_jwk(private)
    )
    report = verify_token(token)
    assert _statuses(report)["proof"] == PASSED
    key_check = report.check("issuer_key")
    assert key_check is not None and key_check.status == NOT_CHECKED
    assert key_check.detail.startswith("This could not be checked because the key is only written")


def test_a_vc_jwt_whose_claims_contradict_its_credential_fails(sites):
    private = KEYS["ES256"]()
    credential = make_credential("https://issuer.example/profile")
    token = jwt.encode(
        {"vc": credential, "iss": "https://someone-else.example"},
        private,
        algorithm="ES256",
        headers={"jwk": _jwk(private)},
    )
    report = verify_token(token)
    assert report.status_of("token") == FAILED


def test_an_unsigned_or_hmac_token_is_refused():
    for alg, key in (("none", None), ("HS256", "a shared secret, long enough for HS256")):
        token = jwt.encode({"vc": make_credential()}, key, algorithm=alg)
        with pytest.raises(VerifierInputError) as error:
            verify_bytes(token.encode())
        assert "does not accept" in error.value.message


# --- Status methods -------------------------------------------------------------------------


def _with_status(status: dict[str, Any]) -> tuple[dict[str, Any], str]:
    seed, key = generate_key_pair()
    did = f"did:key:{key}"
    credential = make_credential(did)
    credential["@context"].append(OB3_EXTENSIONS)
    credential["credentialStatus"] = status
    return sign(credential, private_key=seed, verification_method=f"{did}#{key}"), did


REVOCATIONS = "https://issuer.example/revocations"


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([], PASSED),
        (["urn:uuid:other"], PASSED),
        (["urn:uuid:2c9e4f1a-6a47-4c1e-9a53-0e7c4b1d8f20"], FAILED),
        (
            [{"id": "urn:uuid:2c9e4f1a-6a47-4c1e-9a53-0e7c4b1d8f20", "revocationReason": "Error"}],
            FAILED,
        ),
    ],
)
def test_a_1edtech_revocation_list_is_read(entries, expected, sites):
    credential, did = _with_status({"id": REVOCATIONS, "type": "1EdTechRevocationList"})
    sites[REVOCATIONS] = {"id": REVOCATIONS, "issuer": did, "revokedCredentials": entries}
    report = verify_document(credential)
    assert report.status_of("proof") == PASSED
    assert report.status_of("status") == expected
    assert report.revoked is (expected == FAILED)
    if expected == FAILED:
        assert report.verdict == "revoked"


def test_a_revocation_list_of_another_issuer_fails_and_an_unreachable_one_is_not_checked(sites):
    credential, _did = _with_status({"id": REVOCATIONS, "type": "1EdTechRevocationList"})
    assert verify_document(credential).status_of("status") == NOT_CHECKED
    sites[REVOCATIONS] = {"id": REVOCATIONS, "issuer": "did:key:zOther", "revokedCredentials": []}
    assert verify_document(credential).status_of("status") == FAILED


def test_an_unknown_status_method_could_not_be_checked_and_says_why(sites):
    credential, _did = _with_status({"id": REVOCATIONS, "type": "1EdTechCredentialRefresh"})
    check = verify_document(credential).check("status")
    assert check is not None and check.status == NOT_CHECKED
    assert check.detail.startswith("This could not be checked because")
    assert "1EdTechCredentialRefresh" in check.detail


# --- Standalone endorsements and CLRs -------------------------------------------------------


def test_a_clr_reports_each_wrapped_credential(sites):
    seed, key = generate_key_pair()
    did = f"did:key:{key}"
    good = _signed(did, seed, did)
    bad = _signed(did, seed, did)
    bad["name"] = "Changé"
    clr = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:7c1b7f0e-3c64-4c0b-9f4e-111111111111",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Jalons"},
        "name": "Portfolio",
        "validFrom": "2026-11-27T09:00:00Z",
        "credentialSubject": {
            "type": ["ClrSubject"],
            "verifiableCredential": [good, bad],
        },
    }
    report = verify_document(sign(clr, private_key=seed, verification_method=did))
    assert report.summary.version_label == "CLR 2.0"
    assert _statuses(report)["proof"] == PASSED
    assert _statuses(report)["credential-1"] == PASSED
    assert _statuses(report)["credential-2"] == FAILED
    assert len(report.parts) == 2
    assert report.parts[1].status_of("proof") == FAILED


def test_a_standalone_endorsement_is_verified(sites):
    data = (VECTORS / "ecosystem" / "ob30-endorsement-valid.json").read_bytes()
    report = verify_bytes(data)
    assert report.summary.version == "endorsement"
    assert report.status_of("proof") == PASSED
    assert report.status_of("schema") == PASSED
