"""Helpers shared by the JSON APIs (Django REST framework) of every app.

Services refuse with Django's ``ValidationError``; the API answers:

- **409 Conflict** ``{"detail": "…", "code": "…"}`` when one of the error codes says the
  thing is not in a state that allows it (each API names its own conflict codes);
- **400**, shaped like serializer errors, for everything else: ``{"<field>": ["…"]}`` or
  ``{"non_field_errors": ["…"]}``.

``PermissionDenied`` is answered 403 by DRF itself. This module uses no app: ``request_user``
checks against ``AUTH_USER_MODEL``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.serializers import Serializer
from rest_framework.settings import api_settings

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # AUTH_USER_MODEL, for the type checker


#: The bodies an endpoint that takes a file accepts: JSON, or a form with the file.
UPLOAD_PARSERS = [JSONParser, MultiPartParser, FormParser]


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This cannot be done in the current state.")
    default_code = "conflict"


class Pagination(PageNumberPagination):
    """``?page=2``; ``?page_size=`` up to 200 (default: the project's PAGE_SIZE, 50)."""

    page_size_query_param = "page_size"
    max_page_size = 200


def _codes(error: DjangoValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            str(item.code) for items in error.error_dict.values() for item in items if item.code
        ]
    return [str(item.code) for item in error.error_list if item.code]


def api_error(
    error: DjangoValidationError, *, conflicts: Collection[str] = ()
) -> exceptions.APIException:
    """The API answer to a service's refusal: 409 for a code in ``conflicts``, else 400."""
    conflict = next((code for code in _codes(error) if code in conflicts), None)
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
def service_errors(*, conflicts: Collection[str] = ()) -> Iterator[None]:
    """``with service_errors(): services.…(…)`` answers the services' refusals (see above)."""
    try:
        yield
    except DjangoValidationError as error:
        raise api_error(error, conflicts=conflicts) from error


def validated(
    serializer_class: type[Serializer[Any]], request: Request, **kwargs: Any
) -> dict[str, Any]:
    """Validate the request body; answers 400 with errors by field when it is invalid."""
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def api_responses(
    success: int, serializer: Any = None, *, errors: Mapping[int, Any]
) -> dict[int, Any]:
    """drf-spectacular ``responses=``: the success answer plus the module's documented errors."""
    return {success: serializer, **errors}


def request_user(request: Request) -> _User:
    """The signed-in user of a view whose permission classes require one."""
    user = request.user
    assert isinstance(user, get_user_model())  # the view's permission classes ran first
    return user


def absolute_uri(context: Mapping[str, Any], path: str) -> str:
    """``path`` as an absolute URL when the serializer has a request in its context."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path
