"""The JSON-LD documents that publish an issuer's public keys.

A verifier that follows links (digitalbazaar's, for one) dereferences a proof's
``verificationMethod`` and expects a ``Multikey`` document whose ``controller`` is the
issuer, then dereferences the controller and expects it to list the method under
``assertionMethod``. The method id is ``<issuer id>#<publicKeyMultibase>``: verifiers that do
not follow links (1EdTech's) read the key from the fragment.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def verification_method_id(controller: str, public_key_multibase: str) -> str:
    """``<controller>#<publicKeyMultibase>``, the id of a key's verification method."""
    return f"{controller}#{public_key_multibase}"


def multikey_document(
    controller: str, public_key_multibase: str, *, with_context: bool = True
) -> dict[str, Any]:
    """The ``Multikey`` verification method of one public key."""
    document: dict[str, Any] = {
        "id": verification_method_id(controller, public_key_multibase),
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public_key_multibase,
    }
    if with_context:
        document = {"@context": MULTIKEY_CONTEXT, **document}
    return document


def controller_document(controller: str, public_keys: Iterable[str]) -> dict[str, Any]:
    """A controller document listing ``public_keys`` as verification and assertion methods.

    Old public keys stay listed after a rotation, so that older credentials still verify.
    """
    keys = list(public_keys)
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": controller,
        "verificationMethod": [
            multikey_document(controller, key, with_context=False) for key in keys
        ],
        "assertionMethod": [verification_method_id(controller, key) for key in keys],
    }


def verifier_documents(controller: str, public_keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """URL → document map that lets an offline verifier resolve the controller's keys.

    For ``badges.crypto.loader.extra_documents`` and ``verifier-js/verify.mjs``.
    """
    keys = list(public_keys)
    documents = {
        verification_method_id(controller, key): multikey_document(controller, key) for key in keys
    }
    documents[controller] = controller_document(controller, keys)
    return documents
