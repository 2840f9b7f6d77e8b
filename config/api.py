"""Small helpers shared by the REST API views of every app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.request import Request

from accounts.models import User


def api_responses(
    success: int, serializer: Any = None, *, errors: Mapping[int, Any]
) -> dict[int, Any]:
    """drf-spectacular ``responses=``: the success answer plus the module's documented errors."""
    return {success: serializer, **errors}


def request_user(request: Request) -> User:
    """The signed-in user of a view whose permission classes require one."""
    user = request.user
    assert isinstance(user, User)  # the view's permission classes ran first
    return user


def absolute_uri(context: Mapping[str, Any], path: str) -> str:
    """``path`` as an absolute URL when the serializer has a request in its context."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path
