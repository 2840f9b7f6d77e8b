"""Small helpers shared by the portfolios views."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from config.http import or_404, signed_in_user
from portfolios.models import Portfolio
from portfolios.selectors.portfolios import portfolio_get_for_owner


def portfolio_owned_or_404(request: HttpRequest, uuid: UUID | str) -> Portfolio:
    """The signed-in person's portfolio; 404 for anyone else's (its existence stays hidden)."""
    return or_404(portfolio_get_for_owner(uuid=uuid, user=signed_in_user(request)))
