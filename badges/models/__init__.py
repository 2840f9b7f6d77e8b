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
from badges.models.status import (
    MIN_STATUS_LIST_SIZE,
    StatusList,
    StatusListEntry,
    StatusPurpose,
)

__all__ = [
    "IMAGE_MAX_BYTES",
    "MAX_ENDORSERS",
    "MAX_VALIDITY_DAYS",
    "MIN_STATUS_LIST_SIZE",
    "AchievementType",
    "Award",
    "BadgeClass",
    "BadgeRule",
    "Issuer",
    "SigningKey",
    "StatusList",
    "StatusListEntry",
    "StatusPurpose",
    "absolute_url",
    "email_identity_hash",
]
