"""Serializers of the framework API: frameworks and their versions.

Read serializers describe what the API returns. Write serializers only validate a request
body: the views pass ``validated_data`` to the services, which do every write and refuse
published and retired versions. No serializer here has a ``create()`` or ``update()``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competences.models import (
    FRAMEWORK_LANGUAGES,
    Framework,
    FrameworkVersion,
    Status,
)
from competences.rest.errors import CONFLICT_CODES


class VersionRefSerializer(serializers.ModelSerializer[FrameworkVersion]):
    class Meta:
        model = FrameworkVersion
        fields = ["uuid", "label", "status", "published_at"]
        read_only_fields = fields


class FrameworkSerializer(serializers.ModelSerializer[Framework]):
    current_version = serializers.SerializerMethodField(
        help_text="The published version, the one people claim competences against."
    )

    class Meta:
        model = Framework
        fields = [
            "uuid",
            "slug",
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "publisher",
            "licence",
            "licence_url",
            "languages",
            "current_version",
            "created_at",
            "last_changed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(VersionRefSerializer(allow_null=True))
    def get_current_version(self, framework: Framework) -> dict[str, Any] | None:
        published = getattr(framework, "published_versions", None)
        if published is None:
            published = list(framework.versions.filter(status=Status.PUBLISHED))
        return VersionRefSerializer(published[0]).data if published else None


class VersionSerializer(serializers.ModelSerializer[FrameworkVersion]):
    framework: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    based_on: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )

    class Meta:
        model = FrameworkVersion
        fields = [
            "uuid",
            "framework",
            "label",
            "status",
            "based_on",
            "notes_fr",
            "notes_en",
            "created_at",
            "published_at",
            "retired_at",
            "last_changed_at",
        ]
        read_only_fields = fields


class FrameworkWriteSerializer(serializers.ModelSerializer[Framework]):
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=FRAMEWORK_LANGUAGES),
        allow_empty=False,
        required=False,
    )

    class Meta:
        model = Framework
        fields = [
            "slug",
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "publisher",
            "licence",
            "licence_url",
            "languages",
        ]


class FrameworkUpdateSerializer(FrameworkWriteSerializer):
    class Meta(FrameworkWriteSerializer.Meta):
        fields = [name for name in FrameworkWriteSerializer.Meta.fields if name != "slug"]


class DraftCreateSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(  # type: ignore[assignment]  # Field.label is the field's name
        required=False,
        allow_blank=True,
        max_length=30,
        help_text="The new version's number; suggested from the latest version when empty.",
    )


class VersionWriteSerializer(serializers.ModelSerializer[FrameworkVersion]):
    class Meta:
        model = FrameworkVersion
        fields = ["label", "notes_fr", "notes_en"]


class ConflictSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    code = serializers.ChoiceField(choices=CONFLICT_CODES)
