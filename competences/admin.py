"""Read-only administration of the framework: every change goes through the steward
pages (/frameworks/), whose services keep published versions immutable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from competences.models import Competence, Framework, FrameworkVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name_fr", "name_en", "publisher", "licence"]
    search_fields = ["slug", "name_fr", "name_en"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ["framework", "label", "status", "published_at", "retired_at", "uuid"]
    list_filter = ["status", "framework"]
    list_select_related = ["framework"]


@admin.register(Competence)
class CompetenceAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_fr", "title_en", "version", "uuid"]
    list_filter = ["version__framework", "version__status"]
    list_select_related = ["version__framework"]
    search_fields = ["code", "title_fr", "title_en", "uuid"]
