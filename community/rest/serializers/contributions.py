"""Serializers of the contributions API: contributions, evidence, competence claims.

Read serializers describe what the API returns. Write serializers only
validate a request body (an uploaded file is checked by its content, like on
the pages); the views pass the validated data to the services
(``community.services.contributions``). None has ``create()`` or ``update()``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.evidence import CleanFile, evidence_file_clean
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Evidence,
    EvidenceKind,
    Initiative,
    Visibility,
)
from community.services.contributions import MAX_TAGS
from competences.api import MAX_LEVEL, Competence
from config.rest import absolute_uri

# --- Read ------------------------------------------------------------------------


class InitiativeRefSerializer(serializers.ModelSerializer[Initiative]):
    class Meta:
        model = Initiative
        fields = ["slug", "name"]
        read_only_fields = fields


class CompetenceRefSerializer(serializers.ModelSerializer[Competence]):
    title = serializers.CharField(read_only=True, help_text="In the active language.")
    framework = serializers.CharField(source="version.framework.slug", read_only=True)
    version = serializers.CharField(source="version.label", read_only=True)

    class Meta:
        model = Competence
        fields = ["uuid", "code", "title", "framework", "version"]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer[CompetenceClaim]):
    competence = CompetenceRefSerializer(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = CompetenceClaim
        fields = [
            "uuid",
            "url",
            "competence",
            "self_level",
            "statement",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, claim: CompetenceClaim) -> str:
        return absolute_uri(
            self.context,
            reverse(
                "community_api:claim_detail",
                kwargs={"uuid": claim.contribution.uuid, "claim": claim.uuid},
            ),
        )


class ContributionSerializer(serializers.ModelSerializer[Contribution]):
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    is_mine = serializers.SerializerMethodField()
    initiative = InitiativeRefSerializer(read_only=True, allow_null=True)
    ongoing = serializers.BooleanField(source="is_ongoing", read_only=True)
    tags = serializers.SerializerMethodField()
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta:
        model = Contribution
        fields = [
            "uuid",
            "url",
            "page_url",
            "owner_name",
            "is_mine",
            "status",
            "initiative",
            "personal_project",
            "title",
            "narrative",
            "role",
            "started_on",
            "ended_on",
            "ongoing",
            "hours",
            "tags",
            "claims",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, contribution: Contribution) -> str:
        return absolute_uri(
            self.context,
            reverse("community_api:contribution_detail", kwargs={"uuid": contribution.uuid}),
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, contribution: Contribution) -> str:
        return absolute_uri(self.context, contribution.get_absolute_url())

    def get_is_mine(self, contribution: Contribution) -> bool:
        request = self.context.get("request")
        return bool(request is not None and contribution.owner_id == request.user.pk)

    def get_tags(self, contribution: Contribution) -> list[str]:
        return sorted(tag.name for tag in contribution.tags.all())


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    file_url = serializers.SerializerMethodField(
        help_text="Where to download the file (same permissions); null for links and texts."
    )

    class Meta:
        model = Evidence
        fields = [
            "uuid",
            "kind",
            "title",
            "visibility",
            "url",
            "text",
            "file_url",
            "original_name",
            "content_type",
            "size",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, evidence: Evidence) -> str | None:
        if evidence.kind != EvidenceKind.FILE:
            return None
        return absolute_uri(
            self.context, reverse("community:evidence_file", kwargs={"uuid": evidence.uuid})
        )


# --- Write -----------------------------------------------------------------------


class ContributionWriteSerializer(serializers.Serializer[Any]):
    initiative = serializers.SlugField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Slug of an initiative you are a member of; empty for a personal project.",
    )
    personal_project = serializers.CharField(max_length=150, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200)
    narrative = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    role = serializers.CharField(max_length=150, required=False, allow_blank=True)
    started_on = serializers.DateField(required=False, help_text="Today when left out.")
    ended_on = serializers.DateField(
        required=False, allow_null=True, help_text="Null while it is still going on."
    )
    hours = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        min_value=0,
        max_value=10000,
        required=False,
        allow_null=True,
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=MAX_TAGS
    )
    status = serializers.ChoiceField(
        choices=ContributionStatus.choices,
        required=False,
        help_text="A draft is seen by its owner only; a recorded contribution cannot go back.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        started, ended = attrs.get("started_on"), attrs.get("ended_on")
        if started and ended and ended < started:
            raise serializers.ValidationError(
                {"ended_on": [_("The end date cannot be before the start date.")]}
            )
        return attrs


class EvidenceWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.ENDORSERS)
    file = serializers.FileField(
        required=False,
        help_text="For kind=file (multipart): a JPEG, PNG, GIF or WebP image, or a PDF; 10 MB.",
    )
    url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    def validate_file(self, upload: Any) -> CleanFile:
        return evidence_file_clean(upload)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        field = {EvidenceKind.FILE: "file", EvidenceKind.LINK: "url", EvidenceKind.TEXT: "text"}[
            attrs["kind"]
        ]
        if not attrs.get(field):
            raise serializers.ValidationError({field: [_("This field is required.")]})
        return attrs


class ClaimWriteSerializer(serializers.Serializer[Any]):
    competence = serializers.UUIDField(
        help_text="A competence of a published framework version (on creation only)."
    )
    self_level = serializers.IntegerField(min_value=1, max_value=MAX_LEVEL)
    statement = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ClaimUpdateSerializer(serializers.Serializer[Any]):
    self_level = serializers.IntegerField(min_value=1, max_value=MAX_LEVEL, required=False)
    statement = serializers.CharField(max_length=300, required=False, allow_blank=True)
