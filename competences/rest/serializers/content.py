"""Serializers of the framework API: a version's content (domains, competences, levels, level
texts, alignments).

Read serializers describe what the API returns; write serializers only validate a request
body for the services (no ``create()`` or ``update()`` here).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    FrameworkVersion,
    ProficiencyLevel,
)


class PageUrlMixin:
    """``page_url``: the competence's public page, a stable address (Open Badges alignments)."""

    context: dict[str, Any]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, competence: Competence) -> str:
        request = self.context.get("request")
        url = competence.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


class DomainSerializer(serializers.ModelSerializer[Domain]):
    version: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )

    class Meta:
        model = Domain
        fields = [
            "uuid",
            "version",
            "code",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "order",
            "last_changed_at",
        ]
        read_only_fields = fields


class LevelSerializer(serializers.ModelSerializer[ProficiencyLevel]):
    version: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )

    class Meta:
        model = ProficiencyLevel
        fields = [
            "uuid",
            "version",
            "number",
            "name_fr",
            "name_en",
            "descriptor_fr",
            "descriptor_en",
            "last_changed_at",
        ]
        read_only_fields = fields


class AlignmentSerializer(serializers.ModelSerializer[ExternalAlignment]):
    competence: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )

    class Meta:
        model = ExternalAlignment
        fields = [
            "uuid",
            "competence",
            "target_url",
            "target_framework",
            "target_code",
            "label_fr",
            "label_en",
            "relation",
            "note_fr",
            "note_en",
            "last_changed_at",
        ]
        read_only_fields = fields


class LevelTextSerializer(serializers.ModelSerializer[CompetenceLevelDescriptor]):
    level = serializers.IntegerField(source="level.number", read_only=True)

    class Meta:
        model = CompetenceLevelDescriptor
        fields = ["uuid", "level", "descriptor_fr", "descriptor_en"]
        read_only_fields = fields


class CompetenceSerializer(PageUrlMixin, serializers.ModelSerializer[Competence]):
    version: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )
    domain: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )
    replaces: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )
    keywords = serializers.SerializerMethodField()
    alignments = AlignmentSerializer(many=True, read_only=True)
    level_texts = LevelTextSerializer(many=True, read_only=True, source="level_descriptors")
    page_url = serializers.SerializerMethodField(
        help_text="The competence's public page: a stable address, for Open Badges alignments."
    )

    class Meta:
        model = Competence
        fields = [
            "uuid",
            "version",
            "domain",
            "code",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "keywords",
            "order",
            "replaces",
            "alignments",
            "level_texts",
            "page_url",
            "last_changed_at",
        ]
        read_only_fields = fields

    def get_keywords(self, competence: Competence) -> list[str]:
        return sorted(tag.name for tag in competence.keywords.all())


class DomainWriteSerializer(serializers.ModelSerializer[Domain]):
    class Meta:
        model = Domain
        fields = ["code", "title_fr", "title_en", "description_fr", "description_en"]


class CompetenceWriteSerializer(serializers.ModelSerializer[Competence]):
    """A competence of a draft; ``domain`` and ``replaces`` are given by UUID."""

    domain: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Domain.objects.none(),
        help_text="A domain of the same draft.",
    )
    replaces: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Competence.objects.none(),
        required=False,
        allow_null=True,
        help_text="The same competence in the version the draft was copied from.",
    )
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )

    class Meta:
        model = Competence
        fields = [
            "domain",
            "code",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "keywords",
            "replaces",
        ]

    def __init__(self, *args: Any, version: FrameworkVersion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if version is None:  # the OpenAPI schema's instance
            return
        domain: Any = self.fields["domain"]
        replaces: Any = self.fields["replaces"]
        domain.queryset = Domain.objects.filter(version=version)
        replaces.queryset = Competence.objects.filter(version_id=version.based_on_id)


class LevelWriteSerializer(serializers.ModelSerializer[ProficiencyLevel]):
    class Meta:
        model = ProficiencyLevel
        fields = ["number", "name_fr", "name_en", "descriptor_fr", "descriptor_en"]
        extra_kwargs = {"number": {"required": False}}


class AlignmentWriteSerializer(serializers.ModelSerializer[ExternalAlignment]):
    class Meta:
        model = ExternalAlignment
        fields = [
            "target_url",
            "target_framework",
            "target_code",
            "label_fr",
            "label_en",
            "relation",
            "note_fr",
            "note_en",
        ]


class LevelTextWriteSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField(min_value=1, help_text="The level's number.")
    descriptor_fr = serializers.CharField(allow_blank=True, required=False, default="")
    descriptor_en = serializers.CharField(allow_blank=True, required=False, default="")


class LevelTextsWriteSerializer(serializers.Serializer[Any]):
    """What each level looks like for one competence; a level left out keeps its text."""

    level_texts = LevelTextWriteSerializer(many=True)

    def __init__(self, *args: Any, levels: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = levels or []

    def validate_level_texts(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        numbers = [item["level"] for item in value]
        unknown = sorted(set(numbers) - set(self.levels))
        if unknown:
            raise serializers.ValidationError(
                _("This version has no level %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in unknown)}
            )
        if len(set(numbers)) != len(numbers):
            raise serializers.ValidationError(_("Give each level once."))
        return value
