"""Compact JWS (RFC 7515) and VC-JWT: reading and checking, never signing.

Used for VC-JWT credentials (OB 3.0 §8.2 "JSON Web Token Proof Format", CLR 2.0 the same;
VC Data Model 1.1 §6.3.1 "JSON Web Token") and for signed OB 2.0 assertions (OB 2.0
§"Signed Badges": a JWS whose payload is the Assertion). Step by step:

1. ``parse``: three base64url parts; the header is a JSON object with an ``alg`` this module
   accepts (EdDSA, RS256/384/512, PS256/384/512, ES256/384/512; never ``none`` nor HMAC);
   the payload is a JSON object;
2. the key: the caller resolves it from ``kid`` (a DID URL, a key id in an issuer profile)
   or from the ``jwk`` the header embeds (which only proves that *someone* signed: whose
   key it is must be checked apart);
3. ``check``: the signature over ``header.payload`` with that key (PyJWT, with
   ``cryptography``), the algorithm pinned to the key's family;
4. ``credential``: the credential a VC-JWT carries: the ``vc`` claim (VC 1.1 and OB 3.0
   JWTs), else the payload itself (VC 2.0 "VC-JOSE"); ``iss``/``jti``/``sub``/``nbf``/``exp``
   must agree with the credential when both say it (VC 1.1 §6.3.1 decoding rules).

Pure functions and result objects; errors are translated sentences for people.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.utils.translation import gettext as _
from jwt.exceptions import InvalidKeyError as JwtKeyError
from jwt.exceptions import InvalidSignatureError, InvalidTokenError, PyJWKError

from badges.crypto.multibase import ed25519_public_key_from_multikey

# Each accepted algorithm and the key type (JWK ``kty``) it needs.
ALGORITHMS = {
    "EdDSA": "OKP",
    "Ed25519": "OKP",
    "RS256": "RSA",
    "RS384": "RSA",
    "RS512": "RSA",
    "PS256": "RSA",
    "PS384": "RSA",
    "PS512": "RSA",
    "ES256": "EC",
    "ES384": "EC",
    "ES512": "EC",
}


class JoseError(ValueError):
    """A token or a key that cannot be used; the message is for people (translated)."""


@dataclass(frozen=True)
class CompactJws:
    """A parsed compact JWS: its header, its payload (a JSON object) and the raw token."""

    token: str
    header: dict[str, Any]
    payload: dict[str, Any]

    @property
    def algorithm(self) -> str:
        return str(self.header.get("alg", ""))

    @property
    def kid(self) -> str:
        kid = self.header.get("kid")
        return kid if isinstance(kid, str) else ""

    @property
    def embedded_jwk(self) -> dict[str, Any] | None:
        jwk = self.header.get("jwk")
        return jwk if isinstance(jwk, dict) else None


@dataclass(frozen=True)
class JwsCheck:
    """The outcome of checking a JWS signature with one key."""

    verified: bool
    error: str = ""


def _b64_json(part: str) -> Any:
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise JoseError(_("The signed badge is damaged: a part of it cannot be read.")) from error


def looks_like_jws(text: str) -> bool:
    """Three base64url parts separated by dots (a compact JWS), nothing else."""
    parts = text.strip().split(".")
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    return len(parts) == 3 and all(parts[:1]) and all(set(part) <= allowed for part in parts)


def parse(token: str) -> CompactJws:
    """Step 1: the header and payload of a compact JWS (nothing is verified yet)."""
    token = token.strip()
    if not looks_like_jws(token):
        raise JoseError(_("This is not a signed badge in the JWT format."))
    header_part, payload_part, _signature = token.split(".")
    header, payload = _b64_json(header_part), _b64_json(payload_part)
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise JoseError(_("The signed badge is damaged: a part of it cannot be read."))
    if header.get("alg") not in ALGORITHMS:
        raise JoseError(
            _("The badge is signed with an algorithm this verifier does not accept (%(alg)s).")
            % {"alg": str(header.get("alg") or "—")}
        )
    return CompactJws(token=token, header=header, payload=payload)


PublicKey = dict[str, Any] | str


def _key_object(key: PublicKey, algorithm: str) -> Any:
    """A ``cryptography`` public key from a JWK, a PEM or an Ed25519 ``z6Mk…`` multikey."""
    try:
        if isinstance(key, dict):
            if "d" in key:
                raise JoseError(_("The key given is a private key."))
            if key.get("kty") != ALGORITHMS[algorithm]:
                raise JoseError(
                    _("The key’s type (%(kty)s) does not match the algorithm %(alg)s.")
                    % {"kty": str(key.get("kty") or "—"), "alg": algorithm}
                )
            return jwt.PyJWK(key, algorithm="EdDSA" if algorithm == "Ed25519" else algorithm).key
        if key.startswith("-----BEGIN"):
            return load_pem_public_key(key.encode("ascii"))
        return Ed25519PublicKey.from_public_bytes(ed25519_public_key_from_multikey(key))
    except JoseError:
        raise
    except (PyJWKError, JwtKeyError, ValueError, TypeError, UnicodeError) as error:
        raise JoseError(_("The key that should have signed the badge cannot be read.")) from error


def check(jws: CompactJws, key: PublicKey) -> JwsCheck:
    """Step 3: whether ``key`` signed ``jws`` (its ``alg``, pinned to the key's family)."""
    try:
        key_object = _key_object(key, jws.algorithm)
    except JoseError as error:
        return JwsCheck(False, str(error))
    algorithm = "EdDSA" if jws.algorithm == "Ed25519" else jws.algorithm
    try:
        jwt.api_jws.PyJWS().decode_complete(jws.token, key=key_object, algorithms=[algorithm])
    except InvalidSignatureError:
        return JwsCheck(
            False, _("The signature does not match the badge: it was changed after signing.")
        )
    except (InvalidTokenError, JwtKeyError, ValueError, TypeError) as error:
        return JwsCheck(
            False,
            _("The signature cannot be checked with this key (%(reason)s).") % {"reason": error},
        )
    return JwsCheck(True)


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return datetime.fromtimestamp(value, tz=UTC)


def _parse_moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _object_id(value: Any) -> Any:
    return value.get("id") if isinstance(value, dict) else value


def credential(jws: CompactJws) -> tuple[dict[str, Any], list[str]]:
    """Step 4: the credential a VC-JWT carries, and the claims that contradict it."""
    payload = jws.payload
    wrapped = payload.get("vc")
    document: dict[str, Any] = dict(wrapped if isinstance(wrapped, dict) else payload)
    problems: list[str] = []
    pairs = (("iss", _object_id(document.get("issuer"))), ("jti", document.get("id")))
    for claim, value in pairs:
        if claim in payload and value is not None and payload[claim] != value:
            problems.append(
                _("The token’s “%(claim)s” does not match the credential.") % {"claim": claim}
            )
    subject = document.get("credentialSubject")
    subject_id = _object_id(subject) if isinstance(subject, dict) else None
    if "sub" in payload and subject_id is not None and payload["sub"] != subject_id:
        problems.append(
            _("The token’s “%(claim)s” does not match the credential.") % {"claim": "sub"}
        )
    for claim, fields in (
        ("nbf", ("validFrom", "issuanceDate")),
        ("exp", ("validUntil", "expirationDate")),
    ):
        moment = _timestamp(payload.get(claim))
        if moment is None:
            continue
        written = next((document[name] for name in fields if name in document), None)
        if written is None:
            # VC 1.1 §6.3.1: the claim stands for the property the credential leaves out.
            name = fields[0] if _is_v2(document) else fields[1]
            document[name] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif (parsed := _parse_moment(written)) is not None and abs(
            (parsed - moment).total_seconds()
        ) > 1:
            problems.append(
                _("The token’s “%(claim)s” does not match the credential.") % {"claim": claim}
            )
    return document, problems


def _is_v2(document: dict[str, Any]) -> bool:
    context = document.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    return first == "https://www.w3.org/ns/credentials/v2"
