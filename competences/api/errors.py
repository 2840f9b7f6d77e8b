"""Turn the services' ValidationErrors into API errors.

- A change refused because of a version's state (published or retired
  version, a draft that already exists, retiring something not published)
  answers **409 Conflict**: ``{"detail": "…", "code": "version_locked"}``.
- Any other validation error answers **400**, shaped like serializer errors:
  ``{"<field>": ["…"]}`` or ``{"non_field_errors": ["…"]}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings

#: Error codes that mean "not in this state", answered with 409.
CONFLICT_CODES = (
    "version_locked",
    "draft_exists",
    "not_published",
    "invalid_transition",
    "framework_has_versions",
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This version can no longer be changed.")
    default_code = "conflict"


def _codes(error: DjangoValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            str(item.code) for items in error.error_dict.values() for item in items if item.code
        ]
    return [str(item.code) for item in error.error_list if item.code]


def api_error(error: DjangoValidationError) -> exceptions.APIException:
    conflict = next((code for code in _codes(error) if code in CONFLICT_CODES), None)
    if conflict is not None:
        return Conflict({"detail": " ".join(error.messages), "code": conflict})
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): (
                    DjangoValidationError(items).messages
                )
                for field, items in error.error_dict.items()
            }
        )
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})


@contextmanager
def service_errors() -> Iterator[None]:
    """``with service_errors(): services.…(…)`` answers the services' refusals as API errors."""
    try:
        yield
    except DjangoValidationError as error:
        raise api_error(error) from error
