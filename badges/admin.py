"""Administration of the badges app, for support: mostly read-only.

Writes go through the pages and the API (their services check permissions, sanitise
images, sign credentials and record rule changes). The admin changes only what no
signed document depends on:

- the staff of a partner organisation (``Issuer.staff``, named by the stewards);
- the account an award is shown to in "My badges" (``Award.recipient``): the credential
  names a hashed email, never the account, so it does not change.

No screen shows, or could edit, a private key: the encrypted column is excluded
explicitly, and it is not editable anyway. Signed credentials are shown pretty-printed,
read-only.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from badges.models import (
    Attestation,
    Award,
    AwardProposal,
    BadgeClass,
    BadgeClassEndorsement,
    BadgeRule,
    BulkAward,
    ExternalCredential,
    Issuer,
    IssuerRecognition,
    SigningKey,
    WalletRegistration,
)

KEY_FIELDS = ("public_key_multibase", "created_at", "retired_at")


def pretty_json(document: Any) -> SafeString:
    """A signed document, indented, escaped, in a ``<pre>`` block."""
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True)
    return format_html('<pre class="readonly jalons-json">{}</pre>', text)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Issuers and keys ----------------------------------------------------------------


class SigningKeyInline(ReadOnlyInline):
    model = SigningKey
    fields = KEY_FIELDS
    readonly_fields = KEY_FIELDS
    exclude = ("encrypted_private_key",)


ISSUER_FIELDS = (
    "uuid",
    "name",
    "initiative",
    "is_territory",
    "is_organisation",
    "url",
    "email",
    "description",
    "image",
    "recognition",
    "recognition_changed_at",
    "created_by",
    "created_at",
    "updated_at",
)


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    """Read-only, except the staff of a partner organisation."""

    list_display = [
        "name",
        "initiative",
        "is_territory",
        "is_organisation",
        "recognition",
        "email",
        "created_at",
    ]
    list_filter = ["recognition", "is_territory", "is_organisation"]
    search_fields = ["name", "email", "initiative__name", "uuid"]
    list_select_related = ["initiative"]
    fields = (*ISSUER_FIELDS, "staff")
    autocomplete_fields = ["staff"]
    inlines = [SigningKeyInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_organisation:
            return ISSUER_FIELDS
        return (*ISSUER_FIELDS, "staff")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the pages create issuers, with their first key

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IssuerRecognition)
class IssuerRecognitionAdmin(ReadOnlyAdmin):
    """The history of the territory's decisions: the stewards' pages write it, nobody edits it."""

    list_display = ["issuer_name", "status", "at", "by", "issuer"]
    list_filter = ["status"]
    search_fields = ["issuer_name", "issuer__name", "note"]
    list_select_related = ["issuer", "by"]
    fields = ("issuer", "issuer_name", "status", "at", "by", "note")
    readonly_fields = fields


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["public_key_multibase", "issuer", "created_at", "retired_at"]
    list_filter = ["retired_at"]
    search_fields = ["public_key_multibase", "issuer__name"]
    list_select_related = ["issuer"]
    fields = ("issuer", *KEY_FIELDS)
    readonly_fields = fields
    exclude = ("encrypted_private_key",)


# --- Badge classes -------------------------------------------------------------------


class BadgeRuleInline(ReadOnlyInline):
    model = BadgeRule
    fields = ("competence", "min_level", "min_endorsers", "min_leaders")
    readonly_fields = fields


class BadgeClassEndorsementInline(ReadOnlyInline):
    model = BadgeClassEndorsement
    fk_name = "badge_class"
    fields = ("endorser", "created_at", "withdrawn_at")
    readonly_fields = fields


@admin.register(BadgeClass)
class BadgeClassAdmin(ReadOnlyAdmin):
    """Badge classes with their rules; the pages change them (rules, images)."""

    list_display = ["name", "issuer", "achievement_type", "auto_award", "rules_changed_at"]
    list_filter = ["issuer", "achievement_type", "auto_award"]
    search_fields = ["name", "slug", "uuid", "issuer__name"]
    list_select_related = ["issuer"]
    fields = (
        "uuid",
        "issuer",
        "slug",
        "name",
        "description",
        "criteria_narrative",
        "achievement_type",
        "validity_days",
        "auto_award",
        "image",
        "image_svg",
        "created_by",
        "created_at",
        "updated_at",
        "rules_changed_at",
    )
    readonly_fields = fields
    inlines = [BadgeRuleInline, BadgeClassEndorsementInline]


# --- Awards --------------------------------------------------------------------------


class RevokedFilter(admin.SimpleListFilter):
    title = _("revoked")
    parameter_name = "revoked"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Revoked")), ("no", _("Not revoked"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(revoked_at__isnull=True)
        return queryset


AWARD_READ_ONLY = (
    "uuid",
    "badge_class",
    "recipient_email",
    "identity_hash",
    "narrative",
    "awarded_by",
    "issued_at",
    "expires_at",
    "revoked_at",
    "revocation_reason",
    "credential_document",
)


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Awards as issued. Only the account shown the badge in "My badges" may change."""

    list_display = ["uuid", "badge_class", "recipient_email", "issued_at", "revoked_at"]
    list_filter = [("badge_class__issuer", admin.RelatedOnlyFieldListFilter), RevokedFilter]
    search_fields = ["uuid", "recipient_email", "badge_class__name"]
    list_select_related = ["badge_class__issuer"]
    date_hierarchy = "issued_at"
    fields = (*AWARD_READ_ONLY[:3], "recipient", *AWARD_READ_ONLY[3:])
    readonly_fields = AWARD_READ_ONLY
    autocomplete_fields = ["recipient"]

    @admin.display(description=_("signed credential"))
    def credential_document(self, award: Award) -> SafeString:
        return pretty_json(award.credential)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # only award_issue signs a credential

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an issued credential is revoked, never deleted


@admin.register(AwardProposal)
class AwardProposalAdmin(ReadOnlyAdmin):
    list_display = ["badge_class", "user", "status", "created_at", "decided_at"]
    list_filter = ["status", ("badge_class__issuer", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["badge_class__name", "user__email", "user__display_name"]
    list_select_related = ["badge_class", "user"]
    fields = ("badge_class", "user", "status", "created_at", "decided_at", "decided_by", "award")
    readonly_fields = fields


@admin.register(BulkAward)
class BulkAwardAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "badge_class", "status", "total", "awarded", "created_at"]
    list_filter = ["status"]
    search_fields = ["file_name", "badge_class__name", "uuid"]
    list_select_related = ["badge_class"]
    fields = (
        "uuid",
        "badge_class",
        "created_by",
        "created_at",
        "finished_at",
        "file_name",
        "file_sha256",
        "status",
        "total",
        "processed",
        "awarded",
        "skipped",
        "errors_document",
        "task_id",
        "lease_owner",
        "lease_expires_at",
        "claims",
        "resumed_at",
    )
    readonly_fields = fields

    @admin.display(description=_("rows refused"))
    def errors_document(self, bulk: BulkAward) -> SafeString:
        return pretty_json(bulk.errors)


@admin.register(BadgeClassEndorsement)
class BadgeClassEndorsementAdmin(ReadOnlyAdmin):
    list_display = ["badge_class", "endorser", "created_at", "withdrawn_at"]
    list_filter = [("endorser", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["badge_class__name", "endorser__name", "uuid"]
    list_select_related = ["badge_class", "endorser"]
    fields = (
        "uuid",
        "badge_class",
        "endorser",
        "comment",
        "created_by",
        "created_at",
        "withdrawn_at",
        "credential_document",
    )
    readonly_fields = fields

    @admin.display(description=_("signed credential"))
    def credential_document(self, endorsement: BadgeClassEndorsement) -> SafeString:
        return pretty_json(endorsement.credential)


@admin.register(ExternalCredential)
class ExternalCredentialAdmin(ReadOnlyAdmin):
    """Credentials from elsewhere that people keep here (added on "My badges" or sent through
    the OB 3.0 API), as received."""

    list_display = ("credential_id", "owner", "issuer_name", "verification_status", "created_at")
    list_filter = ("verification_status", "format")
    fields = (
        "uuid",
        "owner",
        "credential_id",
        "format",
        "issuer_name",
        "issuer_id",
        "achievement_name",
        "valid_from",
        "verification_status",
        "verification",
        "verified_at",
        "source_application",
        "source_url",
        "created_at",
        "updated_at",
        "original",
    )
    readonly_fields = fields


@admin.register(WalletRegistration)
class WalletRegistrationAdmin(ReadOnlyAdmin):
    """What each wallet said about itself when it registered (RFC 7591)."""

    list_display = ("application", "software_id", "software_version", "registered_at")
    fields = (
        "application",
        "client_uri",
        "logo_uri",
        "tos_uri",
        "policy_uri",
        "software_id",
        "software_version",
        "scope",
        "contacts",
        "registered_at",
    )
    readonly_fields = fields


@admin.register(Attestation)
class AttestationAdmin(ReadOnlyAdmin):
    """Attestations of volunteering as issued: signed once, revoked by a leader, never
    changed here."""

    list_display = ("uuid", "initiative", "recipient", "period_start", "period_end", "revoked_at")
    list_filter = [("issuer", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["uuid", "initiative__name", "issuer__name"]
    list_select_related = ["initiative", "recipient"]
    date_hierarchy = "issued_at"
    fields = (
        "uuid",
        "issuer",
        "initiative",
        "recipient",
        "period_start",
        "period_end",
        "language",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revocation_reason",
        "credential_document",
    )
    readonly_fields = fields

    @admin.display(description=_("signed credential"))
    def credential_document(self, attestation: Attestation) -> SafeString:
        return pretty_json(attestation.credential)
