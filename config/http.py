"""Request helpers shared by the views of every app (pages and API).

This module uses no app: the signed-in user is checked against ``AUTH_USER_MODEL``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, QueryDict
from rest_framework.request import Request

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # AUTH_USER_MODEL, for the type checker

_T = TypeVar("_T", bound=Model)
_O = TypeVar("_O")


def signed_in_user(request: HttpRequest | Request) -> _User:
    """The signed-in user of a view that requires one (``login_required``, or an API view
    whose permission classes require authentication)."""
    user = request.user
    assert isinstance(user, get_user_model())  # the view's guard ran first
    return user


def or_404(found: _O | None) -> _O:
    """``found``, or a 404 when there is nothing: a selector found no such thing, or nothing
    the viewer may see (its existence stays hidden)."""
    if found is None:
        raise Http404
    return found


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data to bind a form to, or ``None`` for an unbound form on GET."""
    return request.POST if request.method == "POST" else None


def paginate(request: HttpRequest, items: QuerySet[_T], per_page: int) -> Page[_T]:
    """The page of ``items`` asked for with ``?page=`` (the last one when it is too far)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def absolute_url(path: str) -> str:
    """The public URL of a path of this site (``SITE_URL``, with or without a final slash)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def client_address(request: HttpRequest) -> str:
    """The address the request comes from: the connection's, or, behind
    ``TRUSTED_PROXY_COUNT`` reverse proxies, the one the outermost trusted proxy saw (read from
    the right of ``X-Forwarded-For``, so that a client cannot choose it)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return str(request.META.get("REMOTE_ADDR", ""))
