"""Data of the share tests: a small portfolio and links made through the real service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.models import User
from community.models import CompetenceClaim, Contribution, ContributionStatus
from competences.models import Competence
from portfolios.models import ItemKind, Portfolio, PortfolioItem
from portfolios.models.portfolios import ShareLink
from portfolios.services.shares import share_link_create
from tests.accounts.factories.users import UserFactory
from tests.community.factories.endorsements import endorse


def plain_portfolio(owner: User, *, title: str = "Mon portfolio", **fields: Any) -> Portfolio:
    """A portfolio with no item (enough for everything but its content)."""
    return Portfolio.objects.create(owner=owner, title=title, **fields)


def share_make(portfolio: Portfolio, **fields: Any) -> tuple[ShareLink, str]:
    """A link to ``portfolio`` by its owner, and its clear token."""
    return share_link_create(portfolio=portfolio, by=portfolio.owner, **fields)


def portfolio_with_competences(
    owner: User, version: Any, levels: dict[str, int | None], *, title: str = "Mon portfolio"
) -> Portfolio:
    """A portfolio selecting the competences of ``levels`` (codes of the framework version),
    each claimed on one recorded contribution and endorsed at that level (None: not yet)."""
    contribution = Contribution.objects.create(
        owner=owner,
        title="Atelier du mardi",
        narrative="J'ai animé l'atelier.",
        started_on=dt.date(2026, 10, 6),
        hours=3,
        status=ContributionStatus.RECORDED,
    )
    endorser = UserFactory(email=f"referent-{owner.pk}@example.org", display_name="Référent")
    portfolio = plain_portfolio(owner, title=title)
    for position, (code, level) in enumerate(levels.items()):
        competence = Competence.objects.get(version=version, code=code)
        claim = CompetenceClaim.objects.create(
            contribution=contribution, competence=competence, self_level=level or 1
        )
        if level is not None:
            endorse(claim, endorser=endorser, level=level)
        PortfolioItem.objects.create(
            portfolio=portfolio, kind=ItemKind.COMPETENCE, competence=competence, position=position
        )
    return portfolio
