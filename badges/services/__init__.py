"""Writes of the badges app, one module per subject."""

from badges.services.awards import award_create, award_issue
from badges.services.badge_classes import (
    RuleSpec,
    badge_class_create,
    badge_class_update,
)
from badges.services.issuers import (
    issuer_create,
    issuer_key_rotate,
    issuer_private_key,
    issuer_sign,
    issuer_update,
)
from badges.services.revocation import (
    award_revoke,
    status_list_allocate,
    status_list_credential_signed,
)

__all__ = [
    "RuleSpec",
    "award_create",
    "award_issue",
    "award_revoke",
    "badge_class_create",
    "badge_class_update",
    "issuer_create",
    "issuer_key_rotate",
    "issuer_private_key",
    "issuer_sign",
    "issuer_update",
    "status_list_allocate",
    "status_list_credential_signed",
]
