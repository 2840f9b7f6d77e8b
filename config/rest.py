"""Helpers shared by the JSON APIs (Django REST framework) of every app.

Services refuse with Django's ``ValidationError``; the API answers:

- **409 Conflict** ``{"detail": "…", "code": "…"}`` when one of the error codes says the
  thing is not in a state that allows it (each API names its own conflict codes);
- **400**, shaped like serializer errors, for everything else: ``{"<field>": ["…"]}`` or
  ``{"non_field_errors": ["…"]}``.

``PermissionDenied`` is answered 403 by DRF itself. Every error answer has the shared shape
``{"detail": "…"}`` (plus ``"code"`` for 409s) unless it is a 400 by field.

Throttling (``DEFAULT_THROTTLE_CLASSES``): ``UserThrottle`` per signed-in person and
``AddressThrottle`` per client address, at ``settings.RATE_LIMITS["api_user"]`` and
``["api_address"]``, counted in Django's cache (shared by every app process); past them, 429
with ``Retry-After`` and a translated ``detail`` (``exception_handler``).

This module uses no app: ``request_user`` checks against ``AUTH_USER_MODEL``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, serializers, status
from rest_framework.fields import empty
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils import html

from config.env import parse_rate
from config.http import client_address
from config.ratelimit import wait_text

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # AUTH_USER_MODEL, for the type checker


#: The bodies an endpoint that takes a file accepts: JSON, or a form with the file.
UPLOAD_PARSERS = [JSONParser, MultiPartParser, FormParser]


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This cannot be done in the current state.")
    default_code = "conflict"


class Pagination(PageNumberPagination):
    """``?page=2``; ``?page_size=`` from 1 to 200 (default: the project's PAGE_SIZE, 50).

    A ``page_size`` that is not a whole number in that range is refused (400), as the schema
    says, rather than silently replaced; a page that does not exist answers 404.
    """

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return int(self.page_size or api_settings.PAGE_SIZE or 50)
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters


class TimeCursorPagination(CursorPagination):
    """``?cursor=`` (the ``next`` / ``previous`` links), newest first; ``?page_size=`` from 1
    to 200 (default 50), refused (400) outside that range. For long lists ordered by time:
    each page reads its rows from an index, whatever its depth, and a page stays the same when
    rows are added. No ``count``. Subclasses set ``ordering`` (first field: the time)."""

    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: Any = ("-created_at", "-pk")

    def get_page_size(self, request: Request) -> int:
        return Pagination.get_page_size(self, request)  # type: ignore[arg-type]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters


class SessionAuthentication(authentication.SessionAuthentication):
    """The site's session, answering 401 (not 403) to a request that is not signed in."""

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="Jalons"'


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


# --- Strings are strings ------------------------------------------------------------------

_char_to_internal_value = serializers.CharField.to_internal_value


def _strict_string(self: serializers.CharField, data: Any) -> str:
    """A text field takes a JSON string, as the schema says, not a number it would quietly turn
    into text (DRF's default); forms and query strings only ever send strings. Its maximum
    length counts what was sent, before spaces are trimmed, as the schema's ``maxLength``."""
    if not isinstance(data, str):
        self.fail("invalid")
    if self.max_length is not None and len(data) > self.max_length:
        self.fail("max_length", max_length=self.max_length)
    return str(_char_to_internal_value(self, data))


# Every text field of every API (their subclasses too: email, URL, slug, regex…).
serializers.CharField.to_internal_value = _strict_string  # type: ignore[method-assign,assignment]

_field_get_value = serializers.Field.get_value


def _empty_is_a_value(self: Any, dictionary: Any) -> Any:
    """In a form or multipart body, DRF takes an empty value of an optional field for "not
    given"; the schema does not (``started_on=`` is not a date), so it is checked as sent.
    A field that may be blank, or null, keeps DRF's reading."""
    value = _field_get_value(self, dictionary)
    if (
        value is empty
        and html.is_html_input(dictionary)
        and dictionary.get(self.field_name) == ""
        and not getattr(self, "allow_blank", False)
        and not self.allow_null
    ):
        return ""
    return value


serializers.Field.get_value = _empty_is_a_value  # type: ignore[method-assign]


class QueryParameters(serializers.Serializer[Any]):
    """Parameters of a query string. DRF reads a query string like an HTML form, where an empty
    value means "not given"; a parameter given empty (``?version=``) is refused instead, as its
    schema (a uuid, a number, a choice) says."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        empty = {
            name: [_("Give a value, or leave the parameter out.")]
            for name, field in self.fields.items()
            if data.get(name) == ""
            and not isinstance(field, serializers.CharField)
            and not getattr(field, "allow_blank", False)
        }
        if empty:
            raise exceptions.ValidationError(empty)
        return dict(super().to_internal_value(data))


# --- Throttling ---------------------------------------------------------------------------


class _Throttle(SimpleRateThrottle):
    """DRF's throttle with the project's rates (``settings.RATE_LIMITS``, "30/10m" too)."""

    def get_rate(self) -> str | None:
        return str(settings.RATE_LIMITS[str(self.scope)])

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        if rate is None:
            return None, None
        return parse_rate(rate)


class UserThrottle(_Throttle):
    """Requests of one signed-in person, from wherever they come."""

    scope = "api_user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AddressThrottle(_Throttle):
    """Requests from one client address, signed in or not (hashed in the cache)."""

    scope = "api_address"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        address = client_address(request._request)
        digest = hashlib.sha256(address.encode("utf-8")).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's answers, with a 429 said in the project's words (``Retry-After`` kept)."""
    # Imported here: rest_framework.views reads the settings that name this module's classes.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.Throttled):
        wait = max(1, math.ceil(getattr(exc, "wait", None) or 1))
        detail = _("Too many requests. Please try again in %(wait)s.") % {"wait": wait_text(wait)}
        response.data = {"detail": str(detail), "code": "throttled"}
        response["Retry-After"] = str(wait)
    return response
