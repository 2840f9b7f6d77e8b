"""Who may call what: anyone reads issuers; their staff change them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from badges.models import Issuer
from badges.selectors import user_is_issuer_staff


class IsIssuerStaffOrReadOnly(BasePermission):
    """Safe methods for everyone; other methods for the issuer's staff only.

    An initiative's issuer is managed by the initiative's leaders; the
    territory's by stewards and staff.
    """

    message = _("Only the people who manage this issuer can change it.")

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return isinstance(obj, Issuer) and user_is_issuer_staff(issuer=obj, user=request.user)
