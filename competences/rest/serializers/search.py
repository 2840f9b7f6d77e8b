"""Serializers of the competence search API: the query, and the competences found."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from competences.models import Competence
from competences.rest.serializers.content import PageUrlMixin
from competences.rest.serializers.frameworks import VersionRefSerializer
from competences.search_text import MAX_QUERY_LENGTH
from competences.selectors.search import DEFAULT_LIMIT, MAX_LIMIT
from config.rest import QueryParameters


class SearchResultSerializer(PageUrlMixin, serializers.ModelSerializer[Competence]):
    version = VersionRefSerializer(read_only=True)
    framework: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="version.framework", slug_field="slug", read_only=True
    )
    domain: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )
    domain_code = serializers.CharField(source="domain.code", read_only=True)
    domain_title_fr = serializers.CharField(source="domain.title_fr", read_only=True)
    domain_title_en = serializers.CharField(source="domain.title_en", read_only=True)
    score = serializers.IntegerField(
        source="search_score",
        read_only=True,
        help_text="Higher is better: words found in the title count most.",
    )
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Competence
        fields = [
            "uuid",
            "code",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "framework",
            "version",
            "domain",
            "domain_code",
            "domain_title_fr",
            "domain_title_en",
            "score",
            "page_url",
        ]
        read_only_fields = fields


class SearchResponseSerializer(serializers.Serializer[Any]):
    query = serializers.CharField()
    count = serializers.IntegerField()
    results = SearchResultSerializer(many=True)


class SearchQuerySerializer(QueryParameters):
    q = serializers.CharField(
        allow_blank=True,
        max_length=500,
        help_text="Words in French or English; accents and capitals do not matter.",
    )
    version = serializers.UUIDField(
        required=False,
        help_text="Search this version instead of the published version of every framework.",
    )
    limit = serializers.IntegerField(required=False, default=DEFAULT_LIMIT, min_value=1)

    def validate_q(self, value: str) -> str:
        return value.strip()[:MAX_QUERY_LENGTH]

    def validate_limit(self, value: int) -> int:
        return min(value, MAX_LIMIT)
