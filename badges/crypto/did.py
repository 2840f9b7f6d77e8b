"""Decentralized identifiers an issuer may use, read without a network (pure functions).

- ``did:key`` (W3C CCG "The did:key Method v0.7", Ed25519 only): the key is the identifier;
  its one verification method is ``did:key:z6Mk…#z6Mk…``, and a credential may name it
  with or without the fragment.
- ``did:web`` (W3C CCG "did:web Method Specification" §3.2.2 "Read"): ``web_document_url``
  turns the DID into the HTTPS address of its DID document; fetching it is the caller's
  job (through ``badges.fetch``, never directly).
- ``document_keys``: the keys a DID document (or an issuer profile written like one) lists
  for ``assertionMethod``, controlled by its subject: Ed25519 ``publicKeyMultibase``
  (Multikey, Ed25519VerificationKey2020) and ``publicKeyJwk`` (JsonWebKey2020, JWK).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from badges.crypto.multibase import is_ed25519_multikey

PublicKey = dict[str, Any] | str  # a JWK, or an Ed25519 "z6Mk…" multikey


def key_did_methods(did: str) -> dict[str, PublicKey]:
    """The verification methods of an Ed25519 ``did:key`` (with and without fragment)."""
    identifier = did.split("#", 1)[0]
    key = identifier.removeprefix("did:key:")
    if not identifier.startswith("did:key:") or not is_ed25519_multikey(key):
        return {}
    return {f"{identifier}#{key}": key, identifier: key}


def web_document_url(did: str) -> str | None:
    """The HTTPS address of a ``did:web`` DID document, or None if ``did`` is not one."""
    identifier = did.split("#", 1)[0]
    if not identifier.startswith("did:web:"):
        return None
    parts = identifier.removeprefix("did:web:").split(":")
    host = unquote(parts[0])
    if not host or "/" in host or "@" in host:
        return None
    path = [unquote(part) for part in parts[1:]]
    if any(not part or part in (".", "..") or "/" in part for part in path):
        return None
    if not path:
        return f"https://{host}/.well-known/did.json"
    return f"https://{host}/{'/'.join(path)}/did.json"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _absolute(method: str, subject: str) -> str:
    return subject + method if method.startswith("#") else method


def _key_of(details: dict[str, Any], method: str) -> PublicKey | None:
    multibase = details.get("publicKeyMultibase")
    if isinstance(multibase, str) and is_ed25519_multikey(multibase):
        return multibase
    jwk = details.get("publicKeyJwk")
    if isinstance(jwk, dict) and isinstance(jwk.get("kty"), str) and "d" not in jwk:
        return dict(jwk)
    fragment = method.rpartition("#")[2]
    return fragment if is_ed25519_multikey(fragment) else None


def document_keys(
    document: dict[str, Any], subject: str, *, relationships: Iterable[str] = ("assertionMethod",)
) -> dict[str, PublicKey]:
    """The keys ``document`` lists under ``relationships``, controlled by ``subject``.

    A relationship lists methods by reference (an id, maybe relative: ``#key-1``) or
    embeds them; references are looked up in ``verificationMethod``. A method controlled
    by someone else is left out.
    """
    described: dict[str, dict[str, Any]] = {}
    for item in _as_list(document.get("verificationMethod")):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            described[_absolute(item["id"], subject)] = item
    keys: dict[str, PublicKey] = {}
    for relationship in relationships:
        for item in _as_list(document.get(relationship)):
            reference = item.get("id") if isinstance(item, dict) else item
            if not isinstance(reference, str) or not reference:
                continue
            method = _absolute(reference, subject)
            details = item if isinstance(item, dict) else described.get(method, {})
            controller = details.get("controller", subject)
            key = _key_of(details, method)
            if key is not None and controller == subject:
                keys[method] = key
    return keys
