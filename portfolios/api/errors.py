"""Turn the services' refusals into API errors.

A ``ValidationError`` answers **400**, shaped like serializer errors:
``{"<field>": ["…"]}`` or ``{"non_field_errors": ["…"]}``. A
``PermissionDenied`` is answered 403 by DRF itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.settings import api_settings


def api_error(error: DjangoValidationError) -> exceptions.ValidationError:
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
    """``with service_errors(): services.…(…)`` answers the services' refusals with 400."""
    try:
        yield
    except DjangoValidationError as error:
        raise api_error(error) from error
