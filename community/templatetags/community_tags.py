"""Template tags of the community app: the endorsements shown on a contribution page, and the
count of endorsement requests waiting for the signed-in person (the navigation)."""

from __future__ import annotations

from typing import Any

from django import template

from community.models import Contribution, ContributionStatus
from community.selectors.contributions import endorsement_state_label
from community.selectors.endorsements import (
    contribution_endorsements_for_owner,
    endorsement_request_waiting_count,
)

register = template.Library()


@register.inclusion_tag(
    "community/endorsements/includes/contribution_endorsements.html", takes_context=True
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


@register.simple_tag(takes_context=True)
def waiting_endorsement_count(context: template.Context) -> int:
    """Endorsement requests waiting for the signed-in person, for the navigation (one query)."""
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return endorsement_request_waiting_count(user=user)


@register.filter(name="endorsement_state_label")
def endorsement_state_label_filter(state: str) -> str:
    """``{{ contribution.endorsement_state|endorsement_state_label }}``: the state in words."""
    return endorsement_state_label(state)
