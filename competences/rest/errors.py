"""How the framework API answers the services' refusals (``config.rest``).

A change refused because of a version's state (published or retired version, a draft that
already exists, retiring something not published) answers **409 Conflict**:
``{"detail": "…", "code": "version_locked"}``; any other refusal answers **400** by field.
"""

from __future__ import annotations

from functools import partial

from config import rest

#: Error codes that mean "not in this state", answered with 409.
CONFLICT_CODES = (
    "version_locked",
    "draft_exists",
    "not_published",
    "invalid_transition",
    "framework_has_versions",
)

service_errors = partial(rest.service_errors, conflicts=CONFLICT_CODES)
