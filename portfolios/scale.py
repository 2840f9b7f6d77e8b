"""Generated portfolios and share links (``manage.py generate_scale_data``, config/scale.py).

One portfolio per share, each of a different volunteer (while there are enough), showing the
competences its owner claimed; the first advisor receives nearly all the links (the issue's
"advisor with 2,000 shared portfolios"), the other advisors a few each; one link in twenty has
expired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from community.api import CompetenceClaim
from config.scale import ScalePlan, bulk_insert, chunks, uuid_from
from config.tokens import token_hash
from portfolios.models import ItemKind, Portfolio, PortfolioItem, ShareLink

MAIN_ADVISOR_SHARE = 0.95
ITEMS_MAX = 6


@dataclass
class PortfoliosScale:
    advisor_email: str
    advisor_shares: int
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "personas": {"advisor": {"email": self.advisor_email, "shares": self.advisor_shares}},
            "paths": {
                "advisor_workspace": "/advisor/portfolios/",
                "api_shared_portfolios": "/api/v1/advisor/shared-portfolios/",
            },
        }


def load(*, plan: ScalePlan, loaded: dict[str, Any]) -> PortfoliosScale:
    accounts = loaded["accounts"]
    rng = plan.rng("portfolios")
    volunteers = len(accounts.volunteer_ids)
    advisors = len(accounts.advisor_ids)
    if not volunteers or not advisors or not plan.shares:
        return PortfoliosScale(advisor_email="", advisor_shares=0)
    main = plan.shares if advisors == 1 else round(plan.shares * MAIN_ADVISOR_SHARE)
    recipients = [0] * main + [1 + i % (advisors - 1) for i in range(plan.shares - main)]
    owners = (
        rng.sample(range(volunteers), plan.shares)
        if plan.shares <= volunteers
        else [rng.randrange(volunteers) for _ in range(plan.shares)]
    )
    plan.progress(f"portfolios: {plan.shares} shared portfolios, {main} for one advisor")
    counts = {"portfolios": 0, "portfolio_items": 0, "shares": 0}
    for batch in chunks(list(zip(owners, recipients, strict=True))):
        owner_ids = [accounts.volunteer_ids[owner] for owner, _ in batch]
        claimed: dict[int, list[int]] = {}
        for owner_id, competence_id in (
            CompetenceClaim.objects.filter(contribution__owner_id__in=owner_ids)
            .values_list("contribution__owner_id", "competence_id")
            .order_by("contribution__owner_id", "competence_id")
            .distinct()
        ):
            claimed.setdefault(owner_id, []).append(competence_id)
        portfolios = []
        for owner_id in owner_ids:
            created = plan.now - timedelta(days=rng.randint(1, 360))
            portfolios.append(
                Portfolio(
                    uuid=uuid_from(rng),
                    owner_id=owner_id,
                    title="Mon parcours de bénévole",
                    target=rng.choice(("Emploi dans la logistique", "Formation", "Accueil", "")),
                    statement="Je contribue à des initiatives de mon quartier.",
                    created_at=created,
                    updated_at=created,
                )
            )
        portfolios = bulk_insert(Portfolio, portfolios)
        items = [
            PortfolioItem(
                portfolio=portfolio,
                kind=ItemKind.COMPETENCE,
                position=position,
                competence_id=competence_id,
            )
            for portfolio in portfolios
            for position, competence_id in enumerate(
                sorted(
                    rng.sample(
                        claimed.get(portfolio.owner_id, []),
                        min(ITEMS_MAX, len(claimed.get(portfolio.owner_id, []))),
                    )
                )
            )
        ]
        bulk_insert(PortfolioItem, items)
        shares = []
        for portfolio, (_, recipient) in zip(portfolios, batch, strict=True):
            created = portfolio.created_at + timedelta(hours=rng.randint(1, 48))
            expired = rng.random() < 0.05
            shares.append(
                ShareLink(
                    uuid=uuid_from(rng),
                    portfolio=portfolio,
                    token_hash=token_hash(f"{rng.getrandbits(256):064x}"),
                    recipient_name=accounts.advisor_names[recipient],
                    recipient_organisation=accounts.advisor_organisations[
                        recipient % len(accounts.advisor_organisations)
                    ],
                    recipient_email=accounts.advisor_emails[recipient],
                    created_at=created,
                    expires_at=(
                        plan.now - timedelta(days=rng.randint(1, 30))
                        if expired
                        else plan.now + timedelta(days=rng.randint(10, 365))
                    ),
                )
            )
        bulk_insert(ShareLink, shares)
        counts["portfolios"] += len(portfolios)
        counts["portfolio_items"] += len(items)
        counts["shares"] += len(shares)
    return PortfoliosScale(
        advisor_email=accounts.advisor_emails[0], advisor_shares=main, counts=counts
    )
