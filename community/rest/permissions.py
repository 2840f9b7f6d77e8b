"""Who may call what. The same rules as the pages:

- reads: anyone signed in, on objects the selectors let them see (else 404);
- writes: the owner of the contribution only (403 for others who may see it).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from community.models import CompetenceClaim, Contribution, Evidence
from community.selectors.contributions import contribution_is_owner


def owning_contribution(obj: Any) -> Contribution | None:
    if isinstance(obj, Contribution):
        return obj
    if isinstance(obj, Evidence | CompetenceClaim):
        return obj.contribution
    return None


class IsContributionOwnerOrReadOnly(BasePermission):
    """Safe methods for whoever may see the object; other methods for its owner only."""

    message = _("Only the person who recorded this contribution can change it.")

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        contribution = owning_contribution(obj)
        return contribution is not None and contribution_is_owner(
            contribution=contribution, viewer=request.user
        )
