"""Read-only administration of issuers and their keys, for support.

Writes go through the pages and the API (their services check permissions and
images, and create keys). No screen shows, or could edit, a private key: the
encrypted column is excluded explicitly, and it is not editable anyway.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from badges.models import Issuer, SigningKey

KEY_FIELDS = ("public_key_multibase", "created_at", "retired_at")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SigningKeyInline(admin.TabularInline):
    model = SigningKey
    extra = 0
    fields = KEY_FIELDS
    readonly_fields = KEY_FIELDS
    exclude = ("encrypted_private_key",)
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Issuer)
class IssuerAdmin(ReadOnlyAdmin):
    list_display = ["name", "initiative", "is_territory", "email", "created_at"]
    list_filter = ["is_territory"]
    search_fields = ["name", "email", "initiative__name", "uuid"]
    list_select_related = ["initiative"]
    fields = (
        "uuid",
        "name",
        "initiative",
        "is_territory",
        "url",
        "email",
        "description",
        "image",
        "created_by",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = [SigningKeyInline]


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["public_key_multibase", "issuer", "created_at", "retired_at"]
    list_filter = ["retired_at"]
    search_fields = ["public_key_multibase", "issuer__name"]
    list_select_related = ["issuer"]
    fields = ("issuer", *KEY_FIELDS)
    readonly_fields = fields
    exclude = ("encrypted_private_key",)
