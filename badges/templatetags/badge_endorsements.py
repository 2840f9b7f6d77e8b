"""Template tags of endorsements: what the badge, award and issuer pages show of them.

They let those pages (whose views belong to other subjects) show endorsements with one
line each: ``{% load badge_endorsements %}`` then ``{% badge_class_endorsements badge_class %}``,
``{% award_endorsements award %}``, ``{% organisation_panel issuer %}`` and
``{% can_create_organisation as can_create_organisation %}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from badges.endorsements import embedded_endorsements, public_evidence
from badges.models import Award, BadgeClass, Issuer
from badges.selectors import endorsements as selectors

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("badges/endorsements/_badge_class.html", takes_context=True)
def badge_class_endorsements(context: template.Context, badge_class: BadgeClass) -> dict[str, Any]:
    """The organisations' endorsements in force, and "Endorse this badge" for their staff."""
    user = _user(context)
    staff_of = (
        set(selectors.organisations_of(user=user).values_list("pk", flat=True))
        if user is not None
        else set()
    )
    return {
        "badge_class": badge_class,
        "endorsements": selectors.badge_class_endorsements_in_force(badge_class=badge_class),
        "staff_of": staff_of,
        "can_endorse": bool(staff_of),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("badges/endorsements/_award.html")
def award_endorsements(award: Award) -> dict[str, Any]:
    """The public evidence and the endorsements embedded in the award's credential (as
    shown: an endorser who closed their account is "a former member")."""
    shown = award.shown_credential if award.shown_credential is not None else award.credential
    credential = shown if isinstance(shown, dict) else {}
    return {
        "evidence": public_evidence(credential),
        "endorsements": embedded_endorsements(credential),
    }


@register.inclusion_tag("badges/endorsements/_organisation.html", takes_context=True)
def organisation_panel(context: template.Context, issuer: Issuer) -> dict[str, Any]:
    """What a partner organisation endorses, and "Change the staff" for stewards."""
    user = _user(context)
    return {
        "issuer": issuer,
        "endorsements": selectors.organisation_endorsements_in_force(organisation=issuer),
        "can_manage_staff": user is not None and selectors.user_can_manage_organisations(user),
    }


@register.simple_tag(takes_context=True)
def can_create_organisation(context: template.Context) -> bool:
    user = _user(context)
    return user is not None and selectors.user_can_manage_organisations(user)
