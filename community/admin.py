"""Administration of initiatives, memberships, contributions and endorsements."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from community.models import (
    Commune,
    CompetenceClaim,
    Contribution,
    Endorsement,
    EndorsementRequest,
    Evidence,
    IndicatorPublication,
    Initiative,
    InitiativeSphere,
    Invitation,
    JoinRequest,
    Membership,
)
from community.services.territory import search_key


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


# --- Contributions and endorsements: read-mostly, for support. Writes go through
# the pages, whose services check files, visibility and endorsement rules.


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "title", "original_name", "content_type", "size", "visibility"]
    readonly_fields = ["kind", "title", "original_name", "content_type", "size", "visibility"]
    can_delete = False


class ClaimInline(admin.TabularInline):
    model = CompetenceClaim
    extra = 0
    fields = ["competence", "self_level", "statement"]
    readonly_fields = ["competence", "self_level", "statement"]
    can_delete = False


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "initiative", "started_on", "status"]
    list_filter = ["status", "initiative"]
    search_fields = ["title", "owner__email", "owner__display_name"]
    raw_id_fields = ["owner", "initiative"]
    readonly_fields = ["uuid", "created_at", "updated_at"]
    inlines = [EvidenceInline, ClaimInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(EndorsementRequest)
class EndorsementRequestAdmin(admin.ModelAdmin):
    list_display = ["contribution", "kind", "endorser", "email", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["email", "endorser__email", "contribution__title"]
    raw_id_fields = ["contribution", "requested_by", "endorser"]
    readonly_fields = ["uuid", "token_hash", "created_at", "answered_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["claim", "endorser_name", "kind", "level", "created_at"]
    list_filter = ["kind", "level"]
    search_fields = ["endorser_name", "endorser_email", "claim__contribution__title"]
    raw_id_fields = ["claim", "request", "endorser", "initiative"]
    readonly_fields = ["uuid", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(IndicatorPublication)
class IndicatorPublicationAdmin(admin.ModelAdmin):
    """Each year's stored indicators, for operators (read only: ``manage.py
    indicators_publish`` and the background task write them)."""

    list_display = ["year", "state", "computed_at", "seconds", "threshold", "error"]
    list_filter = ["state"]
    exclude = ["payload"]
    readonly_fields = [
        "year",
        "state",
        "computed_at",
        "seconds",
        "fingerprint",
        "threshold",
        "error",
        "task_id",
        "claims",
        "resumed_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# --- Reference data: the French communes, loaded by ``manage.py load_communes`` from the data
# shipped in community/data/communes/ (SOURCES.md). Read only: load it again to change it.

COMMUNE_FIELDS = (
    "code",
    "name",
    "department",
    "region",
    "epci_code",
    "epci_name",
    "population",
    "postcodes",
    "latitude",
    "longitude",
)


class IntercommunalityFilter(admin.SimpleListFilter):
    """The intercommunalities (EPCI), by name; those of the department chosen, if one is."""

    title = _("intercommunality")
    parameter_name = "epci"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        rows = Commune.objects.exclude(epci_code="")
        department = request.GET.get("department__exact")
        if department:
            rows = rows.filter(department=department)
        pairs = rows.order_by("epci_name", "epci_code").values_list("epci_code", "epci_name")
        return [(code, f"{name} ({code})") for code, name in pairs.distinct()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        code = self.value()
        return queryset.filter(epci_code=code) if code else queryset


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    """Find a commune by name (accents and case do not matter), postcode or INSEE code."""

    list_display = ["name", "code", "department", "postcode_list", "epci_name", "population"]
    list_filter = ["department", IntercommunalityFilter]
    search_fields = ["name", "=code", "postcodes", "epci_name"]
    search_help_text = _("A name (with or without accents), a postcode or an INSEE code.")
    ordering = ["name", "code"]
    list_per_page = 50
    fields = COMMUNE_FIELDS
    readonly_fields = COMMUNE_FIELDS

    @admin.display(description=_("postcodes"))
    def postcode_list(self, commune: Commune) -> str:
        return ", ".join(commune.postcodes)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        found, duplicates = super().get_search_results(request, queryset, search_term)
        key = search_key(search_term)
        if key:  # "chenove" finds Chenôve, "fontaine les dijon" Fontaine-lès-Dijon
            found = found | queryset.filter(search_name__contains=key)
        return found, duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
