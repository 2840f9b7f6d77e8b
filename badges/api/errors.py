"""Turn the badges services' refusals into API errors.

- Something already done that cannot be done twice (revoking a revoked badge, deciding a
  decided proposal) answers **409 Conflict**: ``{"detail": "…", "code": "already_revoked"}``.
- Any other ``ValidationError`` answers **400** like serializer errors
  (``portfolios.api.errors``); ``PermissionDenied`` answers 403 (DRF).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status

from portfolios.api.errors import api_error

#: Error codes of the services answered with 409.
CONFLICT_CODES = ("already_revoked", "decided")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This was already done.")
    default_code = "conflict"


def _codes(error: DjangoValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(item.code) for items in error.error_dict.values() for item in items]
    return [str(item.code) for item in error.error_list]


@contextmanager
def service_errors() -> Iterator[None]:
    """``with service_errors(): services.…(…)``: 409 for conflicts, 400 for the rest."""
    try:
        yield
    except DjangoValidationError as error:
        conflict = next((code for code in _codes(error) if code in CONFLICT_CODES), None)
        if conflict is not None:
            raise Conflict({"detail": " ".join(error.messages), "code": conflict}) from error
        raise api_error(error) from error
