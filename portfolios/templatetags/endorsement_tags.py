"""Template tags of the endorsement pages, for pages built elsewhere (the contribution page)."""

from __future__ import annotations

from typing import Any

from django import template

from portfolios.models import Contribution, ContributionStatus
from portfolios.selectors.endorsements import contribution_endorsements_for_owner

register = template.Library()


@register.inclusion_tag(
    "portfolios/endorsements/includes/contribution_endorsements.html", takes_context=True
)
def contribution_endorsements(
    context: template.Context, contribution: Contribution
) -> dict[str, Any]:
    """``{% contribution_endorsements contribution %}``: for the owner, the endorsements
    received, the requests sent and the "ask for endorsement" button; nothing for others."""
    request: Any = context.get("request")
    viewer = getattr(request, "user", None)
    found = (
        None
        if viewer is None
        else contribution_endorsements_for_owner(contribution=contribution, viewer=viewer)
    )
    if found is None:
        return {"shown": False}
    requests, endorsements = found
    recorded = contribution.status == ContributionStatus.RECORDED
    return {
        "shown": True,
        "contribution": contribution,
        "requests": requests,
        "endorsements": endorsements,
        "recorded": recorded,
        "can_ask": recorded and contribution.claims.exists(),
    }
