"""Reads of the badges app, one module per subject."""

from badges.selectors.issuers import (
    issuer_for_initiative,
    issuer_get,
    issuer_list,
    issuer_list_managed_by,
    ob2_revoked_assertions,
    signing_key_active,
    signing_key_list,
    territory_issuer,
    user_can_create_initiative_issuer,
    user_can_create_territory_issuer,
    user_is_issuer_staff,
)

__all__ = [
    "issuer_for_initiative",
    "issuer_get",
    "issuer_list",
    "issuer_list_managed_by",
    "ob2_revoked_assertions",
    "signing_key_active",
    "signing_key_list",
    "territory_issuer",
    "user_can_create_initiative_issuer",
    "user_can_create_territory_issuer",
    "user_is_issuer_staff",
]
