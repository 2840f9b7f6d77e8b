"""Models of the badges app, one module per subject."""

from badges.models.awards import Award, email_identity_hash
from badges.models.badge_classes import (
    MAX_ENDORSERS,
    MAX_VALIDITY_DAYS,
    AchievementType,
    BadgeClass,
    BadgeRule,
)
from badges.models.issuers import IMAGE_MAX_BYTES, Issuer, SigningKey, absolute_url

__all__ = [
    "IMAGE_MAX_BYTES",
    "MAX_ENDORSERS",
    "MAX_VALIDITY_DAYS",
    "AchievementType",
    "Award",
    "BadgeClass",
    "BadgeRule",
    "Issuer",
    "SigningKey",
    "absolute_url",
    "email_identity_hash",
]
