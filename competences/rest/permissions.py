"""Who may call what: anyone reads, only stewards and staff write."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from competences.selectors.frameworks import can_curate


class IsStewardOrReadOnly(BasePermission):
    """Safe methods for everyone; every other method for stewards and staff only.

    Checked before the object is looked up: a non-steward gets 403 on every
    write endpoint, whether or not the object exists.
    """

    message = _("Only stewards of the framework can change it.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and can_curate(request.user))
