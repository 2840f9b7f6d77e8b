"""Models of the badges app, one module per subject."""

from badges.models.issuers import IMAGE_MAX_BYTES, Issuer, SigningKey, absolute_url

__all__ = ["IMAGE_MAX_BYTES", "Issuer", "SigningKey", "absolute_url"]
