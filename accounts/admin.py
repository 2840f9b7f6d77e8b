from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent, Notification, NotificationPreference, User
from accounts.services.users import ADMIN_ROLE_FLAGS, user_delete, user_roles_changed


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "is_steward", "is_advisor", "is_staff", "is_active"]
    list_filter = ["is_steward", "is_advisor", "is_staff", "is_active", "preferred_language"]
    search_fields = ["email", "display_name", "advisor_organisation"]
    readonly_fields = ["date_joined", "last_login", "advisor_granted_by", "advisor_granted_at"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language", "email_verified_at")}),
        (
            _("Roles"),
            {
                "fields": (
                    "is_active",
                    "is_steward",
                    "is_advisor",
                    "advisor_organisation",
                    "advisor_granted_by",
                    "advisor_granted_at",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Save, and log the roles given or taken back (audit log)."""
        stored = User.objects.filter(pk=obj.pk).values(*ADMIN_ROLE_FLAGS).first() or {}
        super().save_model(request, obj, form, change)
        assert isinstance(request.user, User)
        user_roles_changed(user=obj, by=request.user, before=stored)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        assert isinstance(request.user, User)
        user_delete(user=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        assert isinstance(request.user, User)
        for user in queryset:
            user_delete(user=user, by=request.user)


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


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: entries are only ever added by the services."""

    list_display = ["at", "action", "actor", "target_type", "target_id", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_id", "target_label"]
    readonly_fields = [
        "at",
        "action",
        "actor",
        "target_type",
        "target_id",
        "target_label",
        "target_path",
        "details",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
