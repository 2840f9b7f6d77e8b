"""Writes on the competence framework: keyword-only, typed, atomic, validated.

Published and retired versions are immutable: every function that changes a
version's content refuses them with a translated ValidationError.
"""

from competences.services.content import (
    alignment_create,
    alignment_delete,
    alignment_update,
    competence_create,
    competence_delete,
    competence_move,
    competence_set_level_texts,
    competence_update,
    domain_create,
    domain_delete,
    domain_move,
    domain_update,
    level_create,
    level_delete,
    level_update,
)
from competences.services.defaults import default_framework_load
from competences.services.search import search_index_refresh
from competences.services.versions import (
    framework_create,
    framework_update,
    version_create_draft,
    version_delete_draft,
    version_publish,
    version_retire,
    version_suggest_label,
    version_update_draft,
)

__all__ = [
    "alignment_create",
    "alignment_delete",
    "alignment_update",
    "competence_create",
    "competence_delete",
    "competence_move",
    "competence_set_level_texts",
    "competence_update",
    "default_framework_load",
    "domain_create",
    "domain_delete",
    "domain_move",
    "domain_update",
    "framework_create",
    "framework_update",
    "level_create",
    "level_delete",
    "level_update",
    "search_index_refresh",
    "version_create_draft",
    "version_delete_draft",
    "version_publish",
    "version_retire",
    "version_suggest_label",
    "version_update_draft",
]
