"""Writes of the badges app, one module per subject."""

from badges.services.issuers import (
    issuer_create,
    issuer_key_rotate,
    issuer_private_key,
    issuer_sign,
    issuer_update,
)

__all__ = [
    "issuer_create",
    "issuer_key_rotate",
    "issuer_private_key",
    "issuer_sign",
    "issuer_update",
]
