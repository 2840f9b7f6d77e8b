"""base58btc, multibase and Ed25519 Multikey encodings.

- base58btc: the Bitcoin alphabet; each leading zero byte is written as a leading ``1``.
- multibase (https://www.w3.org/TR/controller-document/#multibase-0): a one-character
  prefix names the base; ``z`` is base58btc, the only base Data Integrity proofs use.
- Multikey (https://www.w3.org/TR/controller-document/#multikey): the multicodec prefix of
  an Ed25519 public key is the varint of 0xed, the bytes ``0xed 0x01``, followed by the
  32-byte key; in base58btc such a key always starts with ``z6Mk``.
"""

from __future__ import annotations

from badges.crypto.errors import InvalidKeyError

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {char: index for index, char in enumerate(BASE58_ALPHABET)}

MULTIBASE_BASE58BTC = "z"
ED25519_PUBLIC_KEY_PREFIX = b"\xed\x01"
ED25519_KEY_LENGTH = 32


def base58_encode(data: bytes) -> str:
    """Encode bytes in base58btc (no multibase prefix)."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(BASE58_ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def base58_decode(text: str) -> bytes:
    """Decode base58btc text; raise ``InvalidKeyError`` on a character outside the alphabet."""
    number = 0
    for char in text:
        try:
            number = number * 58 + _BASE58_INDEX[char]
        except KeyError:
            raise InvalidKeyError(f"{char!r} is not a base58btc character.") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_encode(data: bytes) -> str:
    """Encode bytes as a multibase base58btc string (``z…``)."""
    return MULTIBASE_BASE58BTC + base58_encode(data)


def multibase_decode(text: str) -> bytes:
    """Decode a multibase base58btc string (``z…``); other bases are refused."""
    if not text.startswith(MULTIBASE_BASE58BTC):
        raise InvalidKeyError("Only base58btc multibase values (starting with 'z') are accepted.")
    return base58_decode(text[1:])


def ed25519_public_key_to_multikey(public_key: bytes) -> str:
    """Return the ``publicKeyMultibase`` (``z6Mk…``) of a raw 32-byte Ed25519 public key."""
    if len(public_key) != ED25519_KEY_LENGTH:
        raise InvalidKeyError(
            f"An Ed25519 public key has {ED25519_KEY_LENGTH} bytes, got {len(public_key)}."
        )
    return multibase_encode(ED25519_PUBLIC_KEY_PREFIX + public_key)


def ed25519_public_key_from_multikey(public_key_multibase: str) -> bytes:
    """Return the raw 32-byte Ed25519 public key of a ``publicKeyMultibase`` (``z6Mk…``)."""
    decoded = multibase_decode(public_key_multibase)
    if not decoded.startswith(ED25519_PUBLIC_KEY_PREFIX):
        raise InvalidKeyError("The multikey is not an Ed25519 public key (prefix 0xed01).")
    key = decoded[len(ED25519_PUBLIC_KEY_PREFIX) :]
    if len(key) != ED25519_KEY_LENGTH:
        raise InvalidKeyError(
            f"An Ed25519 public key has {ED25519_KEY_LENGTH} bytes, got {len(key)}."
        )
    return key


def is_ed25519_multikey(value: str) -> bool:
    """True when ``value`` is a well-formed Ed25519 ``publicKeyMultibase``."""
    try:
        ed25519_public_key_from_multikey(value)
    except InvalidKeyError:
        return False
    return True
