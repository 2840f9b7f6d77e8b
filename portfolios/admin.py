from django.contrib import admin
from django.db import models

from portfolios.models import (
    Initiative,
    InitiativeSphere,
    Invitation,
    JoinRequest,
    Membership,
    Notification,
    NotificationPreference,
)


class InitiativeSphereInline(admin.TabularInline):
    model = InitiativeSphere
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "postcode", "verified", "created_at"]
    list_filter = ["kind", "verified", "spheres__sphere"]
    search_fields = ["name", "commune", "postcode", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    # Logos are uploaded through the site, where they are checked and re-encoded.
    readonly_fields = [
        "logo",
        "verified_by",
        "verified_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [InitiativeSphereInline, MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "initiative", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__display_name", "initiative__name"]
    raw_id_fields = ["user", "initiative"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "initiative", "role", "invited_by", "created_at", "expires_at"]
    search_fields = ["email", "initiative__name"]
    raw_id_fields = ["initiative", "invited_by", "accepted_by"]
    readonly_fields = ["token_hash"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "initiative", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "initiative__name"]
    raw_id_fields = ["user", "initiative", "decided_by"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email"]
    list_filter = ["kind", "email"]
    raw_id_fields = ["user"]
