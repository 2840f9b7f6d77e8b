"""Reads of the badges app, one module per subject."""

from badges.selectors.awards import award_get
from badges.selectors.badge_classes import (
    RuleView,
    badge_class_alignments,
    badge_class_get,
    badge_class_list,
    badge_class_slug_taken,
    rule_competences,
    rule_views,
)
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
from badges.selectors.status import status_list_get, status_list_revoked_indices

__all__ = [
    "RuleView",
    "award_get",
    "badge_class_alignments",
    "badge_class_get",
    "badge_class_list",
    "badge_class_slug_taken",
    "issuer_for_initiative",
    "issuer_get",
    "issuer_list",
    "issuer_list_managed_by",
    "ob2_revoked_assertions",
    "rule_competences",
    "rule_views",
    "signing_key_active",
    "signing_key_list",
    "status_list_get",
    "status_list_revoked_indices",
    "territory_issuer",
    "user_can_create_initiative_issuer",
    "user_can_create_territory_issuer",
    "user_is_issuer_staff",
]
