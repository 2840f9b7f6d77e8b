"""How the badges API answers the services' refusals (``config.rest``).

Something already done that cannot be done twice (revoking a revoked badge, deciding a
decided proposal) answers **409 Conflict**: ``{"detail": "…", "code": "already_revoked"}``;
any other refusal answers **400** by field; ``PermissionDenied`` answers 403 (DRF).
"""

from __future__ import annotations

from functools import partial

from config import rest

#: Error codes of the services answered with 409.
CONFLICT_CODES = ("already_revoked", "decided")

service_errors = partial(rest.service_errors, conflicts=CONFLICT_CODES)
