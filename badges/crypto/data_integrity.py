"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite.

Follows the W3C "Data Integrity EdDSA Cryptosuites v1.0" recommendation, §3.3
(https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022):

1. proof configuration: ``type`` DataIntegrityProof, ``cryptosuite`` eddsa-rdfc-2022,
   ``created``, ``verificationMethod``, ``proofPurpose``, with the document's ``@context``;
2. transformation: RDFC-1.0 canonical N-Quads of the proof configuration and of the
   document without its ``proof`` (``badges.crypto.canonical``, offline);
3. hashing: SHA-256(canonical proof configuration) ‖ SHA-256(canonical document);
4. signature: Ed25519 over those 64 bytes, ``proofValue`` = multibase base58btc (``z…``).

Signing appends the proof to a ``proof`` array (the OB 3.0 JSON Schema wants an array);
verification accepts an array (a proof set, or a chain through ``previousProof``) or a
single proof object, and checks every proof.

Verification also reads the legacy ``Ed25519Signature2020`` suite (W3C CCG "Ed25519
Signature 2020", §"Verify Proof"), which VC 1.1 credentials still carry: the same four
steps (URDNA2015 = RDFC-1.0 canonical forms, two SHA-256 hashes, Ed25519, base58btc
``proofValue``), with no ``cryptosuite``. It is accepted, never issued.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.utils.translation import gettext_lazy as _

from badges.crypto.canonical import canonicalize
from badges.crypto.errors import CanonicalizationError, InvalidKeyError, SigningError
from badges.crypto.keys import load_private_key, load_public_key, public_multibase_from_private
from badges.crypto.multibase import is_ed25519_multikey, multibase_decode, multibase_encode

logger = logging.getLogger(__name__)

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
# "eddsa-2022" is the draft name of the same algorithm (2022-2023): accepted, never issued.
VERIFIED_CRYPTOSUITES = frozenset({CRYPTOSUITE, "eddsa-2022"})
# The legacy Linked Data Signatures suite of VC 1.1 credentials (same algorithm, its own type).
LEGACY_PROOF_TYPE = "Ed25519Signature2020"
SIGNATURE_LENGTH = 64

ResolveKey = Callable[[str], str | None]


@dataclass(frozen=True)
class ProofCheck:
    """The outcome of checking one proof of a document.

    ``supported`` is False for a proof of another type or cryptosuite: it is skipped.
    """

    index: int
    verified: bool
    verification_method: str | None
    errors: list[str] = field(default_factory=list)
    supported: bool = True


@dataclass(frozen=True)
class VerificationResult:
    """The outcome of ``verify``: ``verified`` when every eddsa-rdfc-2022 proof is valid.

    Proofs of other types or cryptosuites are skipped (``ProofCheck.supported`` False), but
    at least one proof must be checked.

    ``errors`` are plain, translated sentences (in the active language) that can be shown
    to a visitor; ``verification_method`` is the one of the first valid proof (or of the
    first proof when none is valid).
    """

    verified: bool
    errors: list[str] = field(default_factory=list)
    verification_method: str | None = None
    proofs: list[ProofCheck] = field(default_factory=list)


# --- Signing --------------------------------------------------------------------------------


def format_datetime(moment: datetime) -> str:
    """An XML Schema dateTime in UTC, to the second: ``2026-11-27T09:30:00Z``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise SigningError("The proof's creation time must be timezone-aware.")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(
    document: dict[str, Any],
    *,
    private_key: bytes,
    verification_method: str,
    created: datetime | None = None,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """Return a NEW document with an ``eddsa-rdfc-2022`` DataIntegrityProof appended to ``proof``.

    ``document`` is not modified. Proofs it already has are kept (a proof set): each proof
    signs the document without any proof. When ``verification_method`` ends with a
    ``#z6Mk…`` fragment, it must be the public key of ``private_key``.
    """
    if not isinstance(document, dict) or "@context" not in document:
        raise SigningError("Only a JSON-LD object with an @context can be signed.")
    if not isinstance(verification_method, str) or ":" not in verification_method:
        raise SigningError("The verification method must be an absolute URL.")
    key = load_private_key(private_key)
    fragment = verification_method.rpartition("#")[2]
    if is_ed25519_multikey(fragment) and fragment != public_multibase_from_private(private_key):
        raise SigningError("The verification method names another key than the signing key.")

    unsecured = {name: value for name, value in document.items() if name != "proof"}
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "created": format_datetime(created or datetime.now(tz=UTC)),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    try:
        data = hash_data(unsecured, proof)
    except CanonicalizationError as error:
        raise SigningError(f"The document cannot be signed: {error}") from error
    proof["proofValue"] = multibase_encode(key.sign(data))

    signed = copy.deepcopy(document)
    signed["proof"] = [*_proof_list(document.get("proof")), proof]
    return signed


@dataclass(frozen=True)
class Signer:
    """One private key and the verification method it signs as: many documents, one key.

    For a run that signs many documents with an issuer's key (a bulk award): the key is read
    and decrypted once. The key is kept out of ``repr`` (and so out of logs and tracebacks
    that print objects).
    """

    private_key: bytes = field(repr=False)
    verification_method: str

    def sign(self, document: dict[str, Any], *, created: datetime | None = None) -> dict[str, Any]:
        """``sign(document)`` with this key (an ``assertionMethod`` proof)."""
        return sign(
            document,
            private_key=self.private_key,
            verification_method=self.verification_method,
            created=created,
        )


def hash_data(unsecured_document: Mapping[str, Any], proof_options: Mapping[str, Any]) -> bytes:
    """SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), 64 bytes.

    The proof configuration is ``proof_options`` without ``proofValue``, with the
    document's ``@context``.
    """
    config = {name: value for name, value in proof_options.items() if name != "proofValue"}
    config["@context"] = unsecured_document["@context"]
    proof_hash = hashlib.sha256(canonicalize(config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonicalize(unsecured_document).encode("utf-8")).digest()
    return proof_hash + document_hash


def _proof_list(proof: Any) -> list[Any]:
    if proof is None:
        return []
    return copy.deepcopy(proof) if isinstance(proof, list) else [copy.deepcopy(proof)]


# --- Verification ---------------------------------------------------------------------------

NO_PROOF = _("The document has no proof.")
NO_SUPPORTED_PROOF = _(
    "The document has no proof of type DataIntegrityProof (eddsa-rdfc-2022) or "
    "Ed25519Signature2020."
)
NOT_AN_OBJECT = _("The document is not a JSON object with an @context.")
PROOF_NOT_OBJECT = _("The proof is not a JSON object.")
WRONG_PURPOSE = _("The proof's purpose is %(found)s instead of %(expected)s.")
NO_METHOD = _("The proof does not say which key signed it.")
BAD_PROOF_VALUE = _("The proof's signature value is malformed.")
BAD_CREATED = _("The proof's creation date is not a valid date and time.")
EXPIRED = _("The proof expired on %(date)s.")
CONTEXT_MISMATCH = _("The proof's @context does not match the document's.")
PREVIOUS_MISSING = _("A proof that this proof builds on is missing.")
UNKNOWN_KEY = _("The key %(method)s is unknown to this verifier.")
BAD_KEY = _("The key %(method)s is not a valid Ed25519 public key.")
UNREADABLE = _("The document cannot be read as JSON-LD: %(reason)s")
BAD_SIGNATURE = _("The signature does not match the document: it was changed after signing.")
PROOF_NUMBER = _("Proof %(number)s: %(error)s")


def verify(
    document: dict[str, Any],
    *,
    public_key_multibase: str | None = None,
    resolve_key: ResolveKey | None = None,
    expected_proof_purpose: str = "assertionMethod",
) -> VerificationResult:
    """Check every ``eddsa-rdfc-2022`` proof of ``document``; skip proofs of other kinds.

    The public key is ``public_key_multibase`` when given, otherwise
    ``resolve_key(verificationMethod)`` (None: unknown key). Deciding that a key belongs to
    the issuer is the caller's job (``resolve_key`` should only answer for the issuer's
    keys); ``key_from_verification_method`` reads a ``#z6Mk…`` fragment for third-party
    documents. Never raises on a bad document: problems are reported in ``errors``.
    """
    if not isinstance(document, dict) or "@context" not in document:
        return VerificationResult(verified=False, errors=[str(NOT_AN_OBJECT)])
    proofs = _proof_list(document.get("proof"))
    if not proofs:
        return VerificationResult(verified=False, errors=[str(NO_PROOF)])
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    checks = [
        _verify_one(
            index,
            proof,
            proofs,
            unsecured,
            public_key_multibase=public_key_multibase,
            resolve_key=resolve_key,
            expected_purpose=expected_proof_purpose,
        )
        for index, proof in enumerate(proofs)
    ]
    supported = [check for check in checks if check.supported]
    if not supported:
        return VerificationResult(verified=False, errors=[str(NO_SUPPORTED_PROOF)], proofs=checks)
    errors: list[str] = []
    for check in supported:
        for error in check.errors:
            errors.append(
                str(PROOF_NUMBER % {"number": check.index + 1, "error": error})
                if len(checks) > 1
                else error
            )
    verified_methods = [check.verification_method for check in supported if check.verified]
    return VerificationResult(
        verified=all(check.verified for check in supported),
        errors=errors,
        verification_method=(verified_methods or [supported[0].verification_method])[0],
        proofs=checks,
    )


def key_from_verification_method(verification_method: str) -> str | None:
    """The Ed25519 ``publicKeyMultibase`` written in a verification method id, if any.

    ``https://issuer.example/…#z6Mk…`` and ``did:key:z6Mk…#z6Mk…`` name their key. This only
    reads the key: whether that key belongs to the credential's issuer is checked apart
    (the method must start with the issuer's id, or be listed in its profile).
    """
    if "#" in verification_method:
        candidate = verification_method.rpartition("#")[2]
    elif verification_method.startswith("did:key:"):
        candidate = verification_method.removeprefix("did:key:")
    else:
        return None
    return candidate if is_ed25519_multikey(candidate) else None


def _verify_one(
    index: int,
    proof: Any,
    all_proofs: list[Any],
    unsecured: dict[str, Any],
    *,
    public_key_multibase: str | None,
    resolve_key: ResolveKey | None,
    expected_purpose: str,
) -> ProofCheck:
    if not isinstance(proof, dict):
        return ProofCheck(index, False, None, [str(PROOF_NOT_OBJECT)])
    if not is_supported_proof(proof):
        return ProofCheck(index, False, None, [], supported=False)
    method = proof.get("verificationMethod")
    method = method if isinstance(method, str) and method else None
    errors = _check_options(proof, unsecured, expected_purpose)
    if method is None:
        errors.append(str(NO_METHOD))
    signature = _decode_signature(proof.get("proofValue"))
    if signature is None:
        errors.append(str(BAD_PROOF_VALUE))
    input_document = _input_document(proof, all_proofs, unsecured)
    if input_document is None:
        errors.append(str(PREVIOUS_MISSING))
    if errors or method is None or signature is None or input_document is None:
        return ProofCheck(index, False, method, errors)

    public_key = _public_key(method, public_key_multibase, resolve_key)
    if public_key is None:
        return ProofCheck(index, False, method, [str(UNKNOWN_KEY % {"method": method})])
    try:
        verifier = load_public_key(public_key)
    except (InvalidKeyError, ValueError):
        return ProofCheck(index, False, method, [str(BAD_KEY % {"method": method})])
    try:
        data = hash_data(input_document, proof)
    except CanonicalizationError as error:
        return ProofCheck(index, False, method, [str(UNREADABLE % {"reason": error})])
    try:
        verifier.verify(signature, data)
    except InvalidSignature:
        return ProofCheck(index, False, method, [str(BAD_SIGNATURE)])
    return ProofCheck(index, True, method, [])


def is_supported_proof(proof: Any) -> bool:
    """An ``eddsa-rdfc-2022`` (or draft ``eddsa-2022``) DataIntegrityProof, or a legacy
    ``Ed25519Signature2020`` proof: the kinds this module checks."""
    if not isinstance(proof, dict):
        return False
    if proof.get("type") == LEGACY_PROOF_TYPE:
        return "cryptosuite" not in proof
    return proof.get("type") == PROOF_TYPE and proof.get("cryptosuite") in VERIFIED_CRYPTOSUITES


def _check_options(proof: dict[str, Any], unsecured: dict[str, Any], purpose: str) -> list[str]:
    errors: list[str] = []
    if proof.get("proofPurpose") != purpose:
        found = proof.get("proofPurpose")
        errors.append(str(WRONG_PURPOSE % {"found": found or "—", "expected": purpose}))
    if "created" in proof and _parse_datetime(proof["created"]) is None:
        errors.append(str(BAD_CREATED))
    if "expires" in proof:
        expires = _parse_datetime(proof["expires"])
        if expires is None or expires < datetime.now(tz=UTC):
            errors.append(str(EXPIRED % {"date": proof["expires"]}))
    if "@context" in proof and not _starts_with(unsecured["@context"], proof["@context"]):
        errors.append(str(CONTEXT_MISMATCH))
    return errors


def _starts_with(document_context: Any, proof_context: Any) -> bool:
    whole = document_context if isinstance(document_context, list) else [document_context]
    start = proof_context if isinstance(proof_context, list) else [proof_context]
    return whole[: len(start)] == start


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _decode_signature(proof_value: Any) -> bytes | None:
    if not isinstance(proof_value, str):
        return None
    try:
        signature = multibase_decode(proof_value)
    except InvalidKeyError:
        return None
    return signature if len(signature) == SIGNATURE_LENGTH else None


def _input_document(
    proof: dict[str, Any], all_proofs: list[Any], unsecured: dict[str, Any]
) -> dict[str, Any] | None:
    """The document this proof signed: without proofs, or with the ones it chains to."""
    previous = proof.get("previousProof")
    if previous is None:
        return unsecured
    wanted = [previous] if isinstance(previous, str) else previous
    if not isinstance(wanted, list):
        return None
    matching = [
        candidate
        for candidate in all_proofs
        if isinstance(candidate, dict) and candidate.get("id") in wanted
    ]
    if len(matching) != len(wanted):
        return None
    return {**unsecured, "proof": matching}


def _public_key(
    method: str, public_key_multibase: str | None, resolve_key: ResolveKey | None
) -> str | None:
    if public_key_multibase is not None:
        return public_key_multibase
    if resolve_key is None:
        return None
    try:
        return resolve_key(method)
    except Exception:
        logger.warning("Resolving verification method %s failed", method, exc_info=True)
        return None
