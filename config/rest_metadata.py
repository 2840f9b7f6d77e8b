"""What the APIs answer to ``OPTIONS`` (``DEFAULT_METADATA_CLASS``).

A module of its own: DRF imports it while it builds ``APIView``, so it must not import DRF's
views (``config.rest`` does, through its helpers).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request, clone_request


class Metadata(SimpleMetadata):
    """What ``OPTIONS`` answers: the endpoint's name, description, parsers and renderers and,
    for a write the caller may make, the fields of the serializer the view names.

    DRF's own version asks every view for an object and a serializer; views that check their
    objects through selectors, or that take no body, have neither, and ``OPTIONS`` answered
    500. Here a view is asked for an object only if it looks objects up the generic way, and
    for fields only if it names a serializer.
    """

    def determine_actions(self, request: Request, view: Any) -> dict[str, Any]:
        actions: dict[str, Any] = {}
        for method in {"PUT", "POST"} & set(view.allowed_methods):
            view.request = clone_request(request, method)
            try:
                view.check_permissions(view.request)
                if method == "PUT" and _looks_objects_up(view):
                    view.get_object()
            except (exceptions.APIException, PermissionDenied, Http404):
                pass
            else:
                if _names_its_serializer(view):
                    actions[method] = self.get_serializer_info(view.get_serializer())
            finally:
                view.request = request
        return actions


def _overrides(view: Any, name: str) -> bool:
    """Does the view define ``name`` itself, rather than use ``GenericAPIView``'s?"""
    method = getattr(type(view), name, None)
    return method is not None and method.__qualname__ != f"GenericAPIView.{name}"


def _looks_objects_up(view: Any) -> bool:
    if not hasattr(view, "get_object"):
        return False
    return _overrides(view, "get_object") or getattr(view, "queryset", None) is not None


def _names_its_serializer(view: Any) -> bool:
    if not hasattr(view, "get_serializer"):
        return False
    return _overrides(view, "get_serializer_class") or (
        getattr(view, "serializer_class", None) is not None
    )
