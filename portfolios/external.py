"""How a portfolio's signed record (CLR 2.0) carries a badge from another organisation.

Pure functions, no query: the selector decides once (``record_form``) and stores the answer
in ``ExternalBadgeLine.record``; the CLR builder (``record_item``) and the PDF read it.

- ``"credential"``: a JSON-LD verifiable credential of the VC 2.0 data model (an OB 3.0
  ``OpenBadgeCredential``/``AchievementCredential``, an endorsement...) whose contexts are
  all bundled here. It is wrapped in ``verifiableCredential`` exactly as received: the same
  JSON data, its proof intact, so that it keeps verifying on its own, and the CLR's own
  proof (computed over the canonical RDF, not over the bytes) covers it too.
- ``"envelope"``: a VC-JWT (compact JWS) is a string, and a string in ``verifiableCredential``
  would be read by JSON-LD as a (relative) address. It goes in a VC 2.0
  ``EnvelopedVerifiableCredential`` whose ``id`` is ``data:application/vc+jwt,<the JWS>``,
  the token byte for byte.
- ``""``: not in the record. An OB 2.0 assertion (hosted or signed) is no verifiable
  credential; a VC 1.1 credential's context redefines the protected terms of VC 2.0 (the
  signer and every JSON-LD verifier refuse it inside a VC 2.0 document); a context that is
  not bundled could not be read offline. They are attached to the PDF as received instead
  and listed there. A badge that did not pass its check is never put in the record.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from badges.api import CREDENTIALS_V2, ExternalVerification, context_is_bundled

CREDENTIAL = "credential"
ENVELOPE = "envelope"
NOT_IN_RECORD = ""
ENVELOPED_TYPE = "EnvelopedVerifiableCredential"
JWT_DATA_URL = "data:application/vc+jwt,"


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _is_vc_2(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    types = document.get("type")
    types = types if isinstance(types, list) else [types]
    return (
        bool(contexts)
        and contexts[0] == CREDENTIALS_V2
        and all(isinstance(url, str) and context_is_bundled(url) for url in contexts)
        and "VerifiableCredential" in types
    )


def _jws_payload(token: str) -> Any:
    parts = token.strip().split(".")
    if len(parts) != 3:
        return None
    try:
        raw = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
    except (binascii.Error, ValueError):
        return None
    return _json(raw.decode("utf-8", "replace"))


def _is_vc_jwt(token: str) -> bool:
    """A JWS whose claims carry a verifiable credential (OB 3.0's ``vc`` claim, or the
    credential itself as VC-JOSE-COSE does), not an OB 2.0 assertion."""
    payload = _jws_payload(token)
    if not isinstance(payload, dict):
        return False
    credential = payload.get("vc", payload)
    if not isinstance(credential, dict):
        return False
    types = credential.get("type")
    types = types if isinstance(types, list) else [types]
    return "VerifiableCredential" in types


def record_form(*, original: str, format: str, status: str) -> str:
    """How the CLR carries this credential: ``CREDENTIAL``, ``ENVELOPE`` or ``NOT_IN_RECORD``."""
    if status == ExternalVerification.INVALID:
        return NOT_IN_RECORD
    text = original.strip()
    if text.startswith("{"):
        return CREDENTIAL if _is_vc_2(_json(text)) else NOT_IN_RECORD
    if format != "ob2_jws" and _is_vc_jwt(text):
        return ENVELOPE
    return NOT_IN_RECORD


def record_item(*, original: str, record: str) -> dict[str, Any] | None:
    """The item of ``verifiableCredential`` for a credential (None: not in the record)."""
    if record == CREDENTIAL:
        document = json.loads(original)
        assert isinstance(document, dict)
        return document
    if record == ENVELOPE:
        return {
            "@context": CREDENTIALS_V2,
            "id": JWT_DATA_URL + original.strip(),
            "type": ENVELOPED_TYPE,
        }
    return None


def enveloped_token(item: Any) -> str | None:
    """The VC-JWT an ``EnvelopedVerifiableCredential`` carries (None: not one)."""
    if not isinstance(item, dict):
        return None
    types = item.get("type")
    types = types if isinstance(types, list) else [types]
    identifier = item.get("id")
    if (
        ENVELOPED_TYPE in types
        and isinstance(identifier, str)
        and identifier.startswith(JWT_DATA_URL)
    ):
        return identifier[len(JWT_DATA_URL) :]
    return None
