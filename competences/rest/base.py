"""Shared by the API views: permissions, pagination, body validation, error documentation."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.serializers import Serializer

from competences.models import FrameworkVersion
from competences.rest.permissions import IsStewardOrReadOnly
from competences.rest.serializers.frameworks import ConflictSerializer
from competences.selectors.visibility import version_visible_queryset
from config.rest import Pagination

_M = TypeVar("_M", bound=Model)

# Error responses shared by the write endpoints, for the OpenAPI schema.
WRITE_ERRORS = {
    400: OpenApiResponse(description="The body is not valid: errors by field."),
    403: OpenApiResponse(description="Not signed in, or not a steward."),
    404: OpenApiResponse(description="Not found, or a draft you may not see."),
    409: OpenApiResponse(
        ConflictSerializer, description="Published and retired versions cannot be changed."
    ),
}


def write_responses(success: int, serializer: Any = None) -> dict[int, Any]:
    return {success: serializer, **WRITE_ERRORS}


def merged(
    instance: Model, serializer_class: type[Serializer[Any]], request: Request, **kwargs: Any
) -> dict[str, Any]:
    """PATCH: the instance's current values for the writable fields, then the body's."""
    serializer = serializer_class(data=request.data, partial=True, **kwargs)
    serializer.is_valid(raise_exception=True)
    current = {
        name: getattr(instance, name)
        for name, field in serializer.fields.items()
        if not field.read_only and hasattr(instance, name)
    }
    return {**current, **serializer.validated_data}


def with_blanks(values: dict[str, Any], *names: str) -> dict[str, Any]:
    """Text fields the body left out are empty strings for the services."""
    return {**dict.fromkeys(names, ""), **values}


class FrameworkAPIView(generics.GenericAPIView[_M]):
    """Anyone reads; stewards and staff write (403 for everyone else, before any lookup)."""

    permission_classes = [IsStewardOrReadOnly]
    pagination_class = Pagination

    def fake(self) -> bool:
        """True while drf-spectacular inspects the view (no real request)."""
        return bool(getattr(self, "swagger_fake_view", False))

    def visible_version(self) -> FrameworkVersion:
        """The version named in the address, if the viewer may see it (else 404)."""
        cached: FrameworkVersion | None = getattr(self, "_version", None)
        if cached is None:
            cached = get_object_or_404(
                version_visible_queryset(viewer=self.request.user), uuid=self.kwargs["uuid"]
            )
            self._version = cached
        return cached
