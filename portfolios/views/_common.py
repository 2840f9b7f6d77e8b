"""Small helpers shared by the portfolios views."""

from __future__ import annotations

from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict

from accounts.models import User

_T = TypeVar("_T", bound=Model)


def current_user(request: HttpRequest) -> User:
    """The signed-in user (views using it are behind ``login_required``)."""
    user = request.user
    assert isinstance(user, User)
    return user


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, or None to build an unbound form on GET."""
    return request.POST if request.method == "POST" else None


def paginate(request: HttpRequest, items: QuerySet[_T], per_page: int) -> Page[_T]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))
