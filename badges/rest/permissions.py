"""Who may call what: anyone reads issuers, badge classes and awards; their staff change them.

An initiative's issuer is managed by the initiative's leaders; the territory's by
stewards and staff; a partner organisation's by its named staff (and the stewards).
A badge class, an award and a proposal belong to the issuer of their badge class.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from badges.models import Award, AwardProposal, BadgeClass, Issuer
from badges.selectors.issuers import user_is_issuer_staff


def issuer_of(obj: Any) -> Issuer | None:
    """The issuer an object belongs to (``None`` for anything else)."""
    if isinstance(obj, Issuer):
        return obj
    if isinstance(obj, BadgeClass):
        return obj.issuer
    if isinstance(obj, Award | AwardProposal):
        return obj.badge_class.issuer
    return None


def _is_staff(request: Request, obj: Any) -> bool:
    issuer = issuer_of(obj)
    return issuer is not None and user_is_issuer_staff(issuer=issuer, user=request.user)


class IsIssuerStaffOrReadOnly(BasePermission):
    """Safe methods for everyone; other methods for the issuer's staff only."""

    message = _("Only the people who manage this issuer can change it.")

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return _is_staff(request, obj)


class IsIssuerStaff(BasePermission):
    """Every method for the issuer's staff only (lists of awards, revocation)."""

    message = _("Only the people who manage this issuer can do this.")

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return _is_staff(request, obj)
