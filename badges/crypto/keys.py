"""Ed25519 signing keys and their encryption at rest.

A private key is its 32-byte Ed25519 seed (RFC 8032). It is stored only encrypted, with
AES-256-GCM under ``settings.SIGNING_KEY_ENCRYPTION_KEY``, as a versioned text token::

    v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>

- ``v1``: the token format; a later format gets a new prefix and old tokens stay readable.
- key id: 8 hex characters of SHA-256 over a label and the encryption key. It tells which
  key encrypted a token (for rotation: ``SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS``), reveals
  nothing usable about the key, and is not trusted: GCM's tag authenticates everything.
- nonce: 12 random bytes, new for every encryption.
- associated data: the ``v1.<key id>`` prefix, so that a token cannot be relabelled.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.conf import settings

from badges.crypto.errors import InvalidKeyError, KeyDecryptionError
from badges.crypto.multibase import (
    ED25519_KEY_LENGTH,
    ed25519_public_key_from_multikey,
    ed25519_public_key_to_multikey,
)

TOKEN_VERSION = "v1"  # noqa: S105 (a format version, not a secret)
NONCE_LENGTH = 12
ENCRYPTION_KEY_LENGTH = 32
_KEY_ID_LABEL = b"jalons signing-key encryption key id\0"


def generate_key_pair() -> tuple[bytes, str]:
    """Return a new Ed25519 key pair: (32-byte private seed, ``publicKeyMultibase`` "z6Mk…")."""
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return seed, _public_multibase(private.public_key())


def public_multibase_from_private(private_key: bytes) -> str:
    """Return the ``publicKeyMultibase`` ("z6Mk…") of a 32-byte Ed25519 private seed."""
    return _public_multibase(load_private_key(private_key).public_key())


def load_private_key(private_key: bytes) -> Ed25519PrivateKey:
    """Return the ``cryptography`` object of a 32-byte Ed25519 private seed."""
    if not isinstance(private_key, bytes) or len(private_key) != ED25519_KEY_LENGTH:
        raise InvalidKeyError(f"An Ed25519 private key is a {ED25519_KEY_LENGTH}-byte seed.")
    return Ed25519PrivateKey.from_private_bytes(private_key)


def load_public_key(public_key_multibase: str) -> Ed25519PublicKey:
    """Return the ``cryptography`` object of an Ed25519 ``publicKeyMultibase``."""
    return Ed25519PublicKey.from_public_bytes(
        ed25519_public_key_from_multikey(public_key_multibase)
    )


def _public_multibase(public: Ed25519PublicKey) -> str:
    return ed25519_public_key_to_multikey(public.public_bytes(Encoding.Raw, PublicFormat.Raw))


# --- Encryption at rest -------------------------------------------------------------------


def encryption_key_id(encryption_key: bytes) -> str:
    """The public, non-secret identifier of an encryption key (8 hex characters)."""
    return hashlib.sha256(_KEY_ID_LABEL + encryption_key).hexdigest()[:8]


def _current_key() -> bytes:
    key = settings.SIGNING_KEY_ENCRYPTION_KEY
    if not isinstance(key, bytes) or len(key) != ENCRYPTION_KEY_LENGTH:
        raise KeyDecryptionError(
            f"settings.SIGNING_KEY_ENCRYPTION_KEY must be {ENCRYPTION_KEY_LENGTH} bytes."
        )
    return key


def _all_keys() -> list[bytes]:
    fallbacks = getattr(settings, "SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS", None) or []
    return [_current_key(), *(key for key in fallbacks if len(key) == ENCRYPTION_KEY_LENGTH)]


def encrypt_private_key(private_key: bytes) -> str:
    """Encrypt a 32-byte private seed with the current key; return a ``v1.…`` text token."""
    load_private_key(private_key)  # refuse anything that is not an Ed25519 seed
    key = _current_key()
    header = f"{TOKEN_VERSION}.{encryption_key_id(key)}"
    nonce = secrets.token_bytes(NONCE_LENGTH)
    sealed = AESGCM(key).encrypt(nonce, private_key, header.encode("ascii"))
    payload = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")
    return f"{header}.{payload}"


def decrypt_private_key(token: str) -> bytes:
    """Decrypt a token made by ``encrypt_private_key``, with the current or a fallback key.

    Raises ``KeyDecryptionError`` when the token is malformed, was encrypted with a key that
    is not configured, or was altered.
    """
    version, key_id, sealed = _split_token(token)
    header = f"{version}.{key_id}".encode("ascii")
    nonce, ciphertext = sealed[:NONCE_LENGTH], sealed[NONCE_LENGTH:]
    candidates = _all_keys()
    # The key whose id matches first; the others too, since the id is not authenticated.
    candidates.sort(key=lambda candidate: encryption_key_id(candidate) != key_id)
    for key in candidates:
        try:
            private_key = AESGCM(key).decrypt(nonce, ciphertext, header)
        except InvalidTag:
            continue
        return private_key
    if all(encryption_key_id(key) != key_id for key in candidates):
        raise KeyDecryptionError(
            f"This signing key was encrypted with another key (id {key_id}): set that key in "
            "SIGNING_KEY_ENCRYPTION_KEY or SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS."
        )
    raise KeyDecryptionError("This encrypted signing key was altered or is corrupt.")


def needs_reencryption(token: str) -> bool:
    """True when a token was not encrypted with the current key (see key rotation)."""
    _version, key_id, _sealed = _split_token(token)
    return key_id != encryption_key_id(_current_key())


def reencrypt_private_key(token: str) -> str:
    """Return the token re-encrypted with the current key (decrypting with any known key)."""
    return encrypt_private_key(decrypt_private_key(token))


def _split_token(token: str) -> tuple[str, str, bytes]:
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != TOKEN_VERSION or len(parts[1]) != 8:
        raise KeyDecryptionError("This is not an encrypted signing key (unknown token format).")
    try:
        sealed = base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4))
    except (binascii.Error, ValueError):
        raise KeyDecryptionError("This encrypted signing key is corrupt.") from None
    # nonce + 32-byte seed + 16-byte tag
    if len(sealed) != NONCE_LENGTH + ED25519_KEY_LENGTH + 16:
        raise KeyDecryptionError("This encrypted signing key is corrupt.")
    return parts[0], parts[1], sealed
