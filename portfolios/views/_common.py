"""Small helpers shared by the portfolios views."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, QueryDict

from accounts.models import User
from portfolios.models import Portfolio

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


def portfolio_owned_or_404(request: HttpRequest, uuid: UUID | str) -> Portfolio:
    """The signed-in person's portfolio; 404 for anyone else's (its existence stays hidden)."""
    from portfolios.selectors.portfolios import portfolio_get_for_owner

    portfolio = portfolio_get_for_owner(uuid=uuid, user=current_user(request))
    if portfolio is None:
        raise Http404
    return portfolio
