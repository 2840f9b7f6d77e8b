"""Thin views of award proposals and of "My badges".

- ``proposal_list``: issuer staff see the badges waiting for their confirmation, with
  why the rules are met (403 for people who manage no issuer; login for anonymous).
- ``proposal_decide``: "Award the badge" or "Decline", one click each (POST).
- ``my_badges``: the signed-in person's awards (valid, expired, revoked) with their
  downloads, the badges proposed for them and their badges from elsewhere
  (views/external_credentials.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from badges.context_processors import may_decide_remember
from badges.selectors.external_credentials import external_badge_list
from badges.selectors.proposals import (
    my_awards,
    my_pending_proposals,
    proposal_get,
    proposal_list_to_decide,
    user_may_decide_proposals,
)
from badges.services.proposals import award_proposal_accept, award_proposal_decline
from config.http import or_404, signed_in_user

ACCEPT, DECLINE = "accept", "decline"


@login_required
@require_safe
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The pending proposals of every issuer this person manages, by badge."""
    user = signed_in_user(request)
    may_decide = user_may_decide_proposals(user=user)
    may_decide_remember(request, may_decide)
    if not may_decide:
        raise PermissionDenied
    return render(
        request,
        "badges/proposals/list.html",
        {"proposals": proposal_list_to_decide(user=user)},
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Award the proposed badge, or decline the proposal; back to the list with a message."""
    user = signed_in_user(request)
    proposal = or_404(proposal_get(pk=pk))
    decision = request.POST.get("decision")
    if decision not in (ACCEPT, DECLINE):
        messages.error(request, _("Choose to award the badge or to decline."))
        return redirect("badges:proposal_list")
    names = {
        "badge": proposal.badge_class.name,
        "person": proposal.user.display_name or proposal.user.email,
    }
    try:
        if decision == ACCEPT:
            award_proposal_accept(proposal=proposal, by=user)
        else:
            award_proposal_decline(proposal=proposal, by=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("badges:proposal_list")
    if decision == ACCEPT:
        messages.success(
            request,
            _("Badge “%(badge)s” awarded to %(person)s.") % names,
        )
    else:
        messages.success(
            request,
            _("Proposal declined: %(person)s will not be proposed “%(badge)s” again.") % names,
        )
    return redirect("badges:proposal_list")


@login_required
@require_safe
def my_badges(request: HttpRequest) -> HttpResponse:
    """My awards, whatever their state, and the badges proposed for me."""
    user = signed_in_user(request)
    return render(
        request,
        "badges/mine.html",
        {
            "awards": my_awards(user=user),
            "proposals": my_pending_proposals(user=user),
            "elsewhere": external_badge_list(owner=user),
        },
    )
