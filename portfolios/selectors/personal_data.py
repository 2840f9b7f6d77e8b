"""Everything portfolios holds about one person, for their "Mes données" page and export."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Func, IntegerField, Prefetch, QuerySet, Subquery

from accounts.api import User, by_proved_address
from badges.api import Attestation
from portfolios.models import (
    Orientation,
    Portfolio,
    PortfolioItem,
    PortfolioRelease,
    PortfolioTargetJob,
    ShareAccess,
    ShareLink,
)


def _count(queryset: QuerySet[Any]) -> Subquery:
    """``SELECT COUNT(*)`` of ``queryset`` as a subquery (no GROUP BY: one row)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def counts_of(*, user: User, **querysets: QuerySet[Any]) -> dict[str, int]:
    """How many rows each queryset has, in one query (read beside the person's row)."""
    names = [f"count_{key}" for key in querysets]  # clear of the model's own fields
    annotations = {f"count_{key}": _count(queryset) for key, queryset in querysets.items()}
    row = User.objects.filter(pk=user.pk).annotate(**annotations).values_list(*names).get()
    return {key: int(value or 0) for key, value in zip(querysets, row, strict=True)}


def portfolios_of(*, user: User) -> QuerySet[Portfolio]:
    """The person's portfolios, oldest first, with their items (and what each selects) and
    their releases."""
    items = PortfolioItem.objects.select_related(
        "competence", "contribution", "endorsement", "award", "external"
    ).order_by("kind", "position", "pk")
    releases = PortfolioRelease.objects.order_by("created_at", "pk")
    return (
        Portfolio.objects.filter(owner=user)
        .prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch("releases", queryset=releases),
            Prefetch(
                "target_jobs",
                queryset=PortfolioTargetJob.objects.select_related("job_title").order_by(
                    "added_at", "pk"
                ),
            ),
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


# --- Attestations of volunteering (issued by badges; listed and asked for here) -------------


def attestations_of(*, user: User) -> QuerySet[Attestation]:
    """The attestations of the person's volunteering, revoked ones too, oldest first."""
    return (
        Attestation.objects.filter(recipient=user)
        .select_related("issuer", "initiative")
        .order_by("issued_at", "pk")
    )


def attestations_issued_by(*, user: User) -> QuerySet[Attestation]:
    """The attestations the person issued to others, as a leader, oldest first (without
    the credentials: they are their holders')."""
    return (
        Attestation.objects.filter(issued_by=user)
        .exclude(recipient=user)
        .select_related("issuer", "initiative", "recipient")
        .defer("credential", "credential_text")
        .order_by("issued_at", "pk")
    )


# --- Orientations ---------------------------------------------------------------------------


def orientations_for(*, user: User) -> QuerySet[Orientation]:
    """The initiatives advisors proposed to the person, every state, oldest first."""
    return (
        Orientation.objects.filter(person=user)
        .select_related("advisor", "initiative", "share__portfolio", "introduction_share")
        .order_by("created_at", "pk")
    )


def orientations_proposed_by(*, user: User) -> QuerySet[Orientation]:
    """The initiatives the person proposed to others, as an advisor, oldest first."""
    return (
        Orientation.objects.filter(advisor=user)
        .exclude(person=user)
        .select_related("person", "initiative", "share")
        .order_by("created_at", "pk")
    )
