"""The OpenAPI schema says what the API does, errors included (drf-spectacular).

``JalonsAutoSchema`` (``DEFAULT_SCHEMA_CLASS``) adds to what each view declares:

- **who may call**: an operation that anonymous visitors may call (asked of the view's own
  permission classes, with an anonymous request of that method) lists ``{}`` among its
  security requirements, beside the session cookie;
- **the errors it can answer**, each with the shared body (``Error``: ``detail``, and ``code``
  for 409 and 429; ``ValidationErrors``: messages by field for 400):
  ``400`` when it takes a body or query parameters, ``401`` when it needs someone signed in,
  ``403`` when it checks permissions or changes something (CSRF), ``404`` when its path names
  something or its list has pages, ``409`` where the view declares it, ``415`` when it takes a
  body, and ``429`` (with ``Retry-After``) everywhere. A description the view gave is kept.

``tests/api/test_schema_conformance.py`` holds the API to it with Schemathesis.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
BODY_METHODS = ("POST", "PUT", "PATCH")

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error, said in the language of the request.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for people."},
        "code": {
            "type": "string",
            "description": "A stable code for programs (409: the state that refused; "
            "429: `throttled`).",
        },
    },
    "required": ["detail"],
}
VALIDATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "What is wrong, by field (`non_field_errors` for the whole request): a "
    "list of messages, or the same shape for a nested object or each item of a list.",
    "additionalProperties": True,
    "minProperties": 1,
}
DESCRIPTIONS = {
    "400": "The request is not valid: messages by field.",
    "401": "Not signed in: sign in on the site (session cookie).",
    "403": "Not allowed: not someone who may do this, or the CSRF token is missing.",
    "404": "Nothing with this identifier that you may see, or no such page of results.",
    "409": "The thing is not in a state that allows this.",
    "415": "The body is not JSON, a form or a multipart form.",
    "429": "Too many requests: try again after `Retry-After` seconds.",
}


def _may_be_empty(field: Any) -> bool:
    """May this text field hold ``""``? Said by the field, or (read-only fields built from a
    model, which DRF gives no ``allow_blank``) by the model field behind it."""
    if getattr(field, "allow_blank", False):
        return True
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not source or "." in source:
        return False
    try:
        return bool(model._meta.get_field(source).blank)
    except FieldDoesNotExist:
        return False


class JalonsSessionScheme(SessionScheme):
    """The session cookie, for the site's own authentication class (401 when missing)."""

    target_class = "config.rest.SessionAuthentication"


class JalonsAutoSchema(AutoSchema):
    def _anonymous_allowed(self) -> bool:
        """Would the view's permissions let an anonymous visitor make this call?"""
        django_request = APIRequestFactory().generic(self.method, self.path)
        django_request.user = AnonymousUser()
        request = Request(django_request)
        request.user = AnonymousUser()
        try:
            return all(
                permission.has_permission(request, self.view)
                for permission in self.view.get_permissions()
            )
        except Exception:  # a permission that needs more than the request: not anonymous
            return False

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        """As drf-spectacular maps it, except that an address that may be left empty says so
        (``""`` is not a URI: the schema would otherwise refuse what the API answers)."""
        result: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        properties = result.get("properties", {})
        for name, field in serializer.fields.items():
            schema = properties.get(name)
            if (
                schema is not None
                and isinstance(field, serializers.URLField)
                and schema.get("format") == "uri"
                and _may_be_empty(field)
            ):
                del schema["format"]
                schema["anyOf"] = [{"format": "uri"}, {"maxLength": 0}]
        return result

    def get_auth(self) -> list[dict[str, Any]]:
        auths = list(super().get_auth())
        if auths and {} not in auths and self._anonymous_allowed():
            auths.append({})
        return auths

    def _component(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _error_codes(self, responses: dict[str, Any]) -> list[str]:
        parameters = self._get_parameters()
        has_query = any(parameter.get("in") == "query" for parameter in parameters)
        has_path = any(parameter.get("in") == "path" for parameter in parameters)
        paginated = (
            self.method == "GET" and self._is_list_view() and self._get_paginator() is not None
        )
        anonymous = self._anonymous_allowed()
        codes = []
        if self.method in BODY_METHODS or has_query:
            codes.append("400")
        if not anonymous:
            codes.append("401")
        if not anonymous or self.method not in SAFE_METHODS:
            codes.append("403")
        if has_path or paginated:
            codes.append("404")
        if self.method in BODY_METHODS:
            codes.append("415")
        codes.append("429")
        # What the view declared stays (409, or a 403 it knows of).
        codes += [code for code in responses if code.startswith(("4",)) and code not in codes]
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = self._component("Error", ERROR_SCHEMA)
        validation = self._component("ValidationErrors", VALIDATION_SCHEMA)
        for code in self._error_codes(responses):
            declared = responses.get(code, {})
            body = validation if code == "400" else error
            response = {
                "description": declared.get("description") or DESCRIPTIONS.get(code, ""),
                "content": {"application/json": {"schema": body}},
            }
            if code == "429":
                response["headers"] = {
                    "Retry-After": {
                        "description": "Seconds to wait before trying again.",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                }
            responses[code] = response
        return responses
