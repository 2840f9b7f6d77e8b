"""Share link tokens encrypted at rest, so that their owner can see an open link again.

A share link's token is looked up by its SHA-256 (``ShareLink.token_hash``); that is all
the shared view needs. To show the link again to its owner on their share list, the token
is also kept encrypted (``ShareLink.token_sealed``) with AES-256-GCM under a key that is
bound to this purpose: HKDF-SHA256 over ``settings.SIGNING_KEY_ENCRYPTION_KEY`` with the
label ``jalons:share-link-token``. The key is never the signing-key encryption key itself,
so one cannot decrypt what the other encrypted. The previous keys
(``SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS``) still decrypt, for key rotation.

Format: ``v1.<base64url(nonce ‖ ciphertext ‖ tag)>``; the associated data is the link's
UUID, so a sealed token copied onto another link does not decrypt. A token that does not
decrypt (altered, or sealed with a key that is no longer configured) is simply not shown:
the owner can still withdraw the link and create a new one.

The sealed token is erased when the link is revoked, and by the retention rule
``expired_share_link_tokens`` once it expired; it never leaves the owner's share list
(not in the API, the admin, the audit log nor the data export).
"""

from __future__ import annotations

import base64
import binascii
import secrets
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = "v1"
NONCE_LENGTH = 12
PURPOSE = b"jalons:share-link-token"


def _derive(master: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(master)


def _keys() -> list[bytes]:
    fallbacks = getattr(settings, "SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS", None) or []
    masters = [settings.SIGNING_KEY_ENCRYPTION_KEY, *fallbacks]
    return [_derive(master) for master in masters if isinstance(master, bytes) and master]


def _associated_data(share_uuid: UUID | str) -> bytes:
    return f"{VERSION}.share-link.{UUID(str(share_uuid))}".encode("ascii")


def share_token_seal(token: str, *, share_uuid: UUID | str) -> str:
    """``token`` encrypted with the current key, bound to the link ``share_uuid``."""
    nonce = secrets.token_bytes(NONCE_LENGTH)
    sealed = AESGCM(_keys()[0]).encrypt(nonce, token.encode("utf-8"), _associated_data(share_uuid))
    return f"{VERSION}.{base64.urlsafe_b64encode(nonce + sealed).rstrip(b'=').decode('ascii')}"


def share_token_unseal(sealed: str, *, share_uuid: UUID | str) -> str | None:
    """The clear token, or None when ``sealed`` is empty, altered or from an unknown key."""
    version, _dot, payload = sealed.partition(".")
    if version != VERSION or not payload:
        return None
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        return None
    nonce, ciphertext = raw[:NONCE_LENGTH], raw[NONCE_LENGTH:]
    for key in _keys():
        try:
            return AESGCM(key).decrypt(nonce, ciphertext, _associated_data(share_uuid)).decode()
        except (InvalidTag, ValueError):
            continue
    return None
