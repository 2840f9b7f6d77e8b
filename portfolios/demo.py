"""Demo portfolio for `manage.py demo_data` (runs last: the portfolio shows the badges).

Amina's default portfolio, shared with Karim (the demo advisor) with the access code
``DEMO_ACCESS_CODE``: Karim finds it in his workspace (/advisor/portfolios/), where the
code is not asked; anyone with the link needs the code. Running it twice changes nothing
more: while the demo link is open, no other one is made.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.api import User
from portfolios.models import Portfolio, ShareLink
from portfolios.services.portfolios import portfolio_create_default
from portfolios.services.shares import share_link_create, share_url

VOLUNTEER = "amina@example.org"
ADVISOR = "karim@example.org"
DEMO_ACCESS_CODE = "jalons"  # printed with the demo logins on purpose
DEMO_SHARE_DAYS = 90


@dataclass(frozen=True)
class DemoShare:
    portfolio: Portfolio
    share: ShareLink
    token: str  # the clear token when the link was made now, "" otherwise (only its hash is kept)


@transaction.atomic
def load() -> DemoShare | None:
    """Amina's first portfolio (her default one, made now if she has none), shared with Karim."""
    amina = User.objects.filter(email__iexact=VOLUNTEER).first()
    karim = User.objects.filter(email__iexact=ADVISOR).first()
    if amina is None or karim is None:
        return None
    portfolio = Portfolio.objects.filter(owner=amina).order_by("created_at", "pk").first()
    if portfolio is None:
        portfolio = portfolio_create_default(owner=amina)
    share = (
        ShareLink.objects.filter(
            portfolio=portfolio,
            recipient_email=karim.email,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if share is not None:
        return DemoShare(portfolio=portfolio, share=share, token="")
    share, token = share_link_create(
        portfolio=portfolio,
        by=amina,
        recipient_name=karim.display_name,
        recipient_organisation=karim.advisor_organisation,
        recipient_email=karim.email,
        expires_in_days=DEMO_SHARE_DAYS,
        access_code=DEMO_ACCESS_CODE,
    )
    return DemoShare(portfolio=portfolio, share=share, token=token)


def summary(demo: DemoShare | None) -> list[str]:
    """Lines for the demo logins output."""
    if demo is None:
        return []
    lines = [
        f"Amina's portfolio “{demo.portfolio.title}” is shared with {ADVISOR} "
        f"(access code: {DEMO_ACCESS_CODE}; his workspace: /advisor/portfolios/)",
    ]
    if demo.token:
        lines.append(f"Share link: {share_url(demo.token)}")
    return lines
