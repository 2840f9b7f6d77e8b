"""Everything portfolios holds about one person, for their "Mes données" page and export."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.api import User, by_proved_address
from portfolios.models import Portfolio, PortfolioItem, PortfolioRelease, ShareAccess, ShareLink


def portfolios_of(*, user: User) -> QuerySet[Portfolio]:
    """The person's portfolios, oldest first, with their items (and what each selects) and
    their releases."""
    items = PortfolioItem.objects.select_related(
        "competence", "contribution", "endorsement", "award"
    ).order_by("kind", "position", "pk")
    releases = PortfolioRelease.objects.order_by("created_at", "pk")
    return (
        Portfolio.objects.filter(owner=user)
        .prefetch_related(
            Prefetch("items", queryset=items), Prefetch("releases", queryset=releases)
        )
        .order_by("created_at", "pk")
    )


def releases_of(*, user: User) -> QuerySet[PortfolioRelease]:
    return PortfolioRelease.objects.filter(portfolio__owner=user)


def share_links_of(*, user: User) -> QuerySet[ShareLink]:
    """The links to the person's portfolios, oldest first, with their access log."""
    accesses = ShareAccess.objects.order_by("at", "pk")
    return (
        ShareLink.objects.filter(portfolio__owner=user)
        .select_related("portfolio")
        .prefetch_related(Prefetch("accesses", queryset=accesses))
        .order_by("created_at", "pk")
    )


def share_accesses_of(*, user: User) -> QuerySet[ShareAccess]:
    return ShareAccess.objects.filter(share__portfolio__owner=user)


# --- Portfolios others shared with the person (an advisor, say) ------------------------------


def shares_addressed_to(*, user: User) -> QuerySet[ShareLink]:
    """Other people's links addressed to the person's (proved) address, withdrawn ones too,
    oldest first: what their advisor workspace lists, and what it no longer does."""
    return (
        ShareLink.objects.filter(by_proved_address(user, "recipient_email"))
        .exclude(portfolio__owner=user)
        .select_related("portfolio__owner")
        .order_by("created_at", "pk")
    )


def openings_by(*, user: User) -> QuerySet[ShareAccess]:
    """When the person, signed in, opened a portfolio someone else shared (from their
    workspace or through a link), oldest first."""
    return (
        ShareAccess.objects.filter(viewer=user)
        .exclude(share__portfolio__owner=user)
        .select_related("share__portfolio__owner")
        .order_by("at", "pk")
    )
