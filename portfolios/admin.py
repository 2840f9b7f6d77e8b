"""Administration of the portfolios app, for support: read-only.

Orientations are written by the advisor (a proposal) and the person (her answer) through
the pages and the API only; the admin shows them, and nobody may add, change or delete one
here (the person ends it herself; it goes with her account).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from portfolios.models import Orientation


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    list_display = ("uuid", "initiative", "advisor", "person", "status", "created_at")
    list_filter = ["status"]
    search_fields = ["uuid", "initiative__name"]
    list_select_related = ["initiative", "advisor", "person"]
    date_hierarchy = "created_at"
    fields = (
        "uuid",
        "initiative",
        "advisor",
        "person",
        "share",
        "message",
        "status",
        "created_at",
        "answered_at",
        "ended_at",
        "introduction_message",
        "introduction_share",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
