from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification, NotificationPreference, User


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
