"""Exceptions of the cryptographic core. Their messages never contain key material."""

from __future__ import annotations


class CryptoError(Exception):
    """Base class of the errors raised by ``badges.crypto``."""


class InvalidKeyError(CryptoError, ValueError):
    """A key, a multibase string or a multikey has the wrong form."""


class KeyDecryptionError(CryptoError):
    """An encrypted private key cannot be decrypted: wrong key, altered or unknown token."""


class DocumentNotAllowedError(CryptoError):
    """The offline document loader was asked for a URL it does not serve."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"JSON-LD document {url!r} is neither a bundled context nor a registered "
            "document; it is never fetched from the network."
        )


class CanonicalizationError(CryptoError):
    """A document cannot be canonicalized safely (unknown context, undefined term…)."""


class SigningError(CryptoError):
    """A document cannot be signed (bad options or a document that cannot be canonicalized)."""
