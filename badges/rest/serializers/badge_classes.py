"""Serializers of the badge classes API.

Read serializers describe public data (badge classes are public: verifiers read them).
Write serializers only validate a request body; the views pass what they validated to
``badges.services.badge_classes``. Alignments are not written: they follow from the
rules' competences (each competence's page and its ESCO skills).
"""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges.images import BadgeImage, badge_image_clean
from badges.models import MAX_ENDORSERS, MAX_VALIDITY_DAYS, AchievementType, BadgeClass, BadgeRule
from badges.ob3 import badge_class_image_url
from badges.selectors.badge_classes import badge_class_alignments, rule_competences
from badges.services.badge_classes import RuleSpec
from competences.api import MAX_LEVEL, Competence
from config.http import absolute_url

MAX_TAGS = 10
MAX_RULES = 10

# --- Read ------------------------------------------------------------------------


class IssuerSummarySerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField(read_only=True)
    id = serializers.CharField(source="id_url", read_only=True, help_text="The issuer's id.")
    name = serializers.CharField(read_only=True)


class RuleCompetenceSerializer(serializers.ModelSerializer[Competence]):
    page_url = serializers.SerializerMethodField(help_text="The competence's public page.")

    class Meta:
        model = Competence
        fields = ["uuid", "code", "title_fr", "title_en", "page_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, competence: Competence) -> str:
        return absolute_url(competence.get_absolute_url())


class RuleSerializer(serializers.ModelSerializer[BadgeRule]):
    competence = RuleCompetenceSerializer(read_only=True)

    class Meta:
        model = BadgeRule
        fields = ["competence", "min_level", "min_endorsers", "min_leaders"]
        read_only_fields = fields


class BadgeClassSerializer(serializers.ModelSerializer[BadgeClass]):
    id = serializers.CharField(
        source="id_url",
        read_only=True,
        help_text="The badge class's id (OB 3.0 Achievement) and the address of its page.",
    )
    issuer = IssuerSummarySerializer(read_only=True)
    tags = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField(help_text="The image as PNG, or null.")
    image_svg = serializers.SerializerMethodField(
        help_text="The sanitised SVG image, when the image was uploaded as SVG; else null."
    )
    ob2_url = serializers.SerializerMethodField(help_text="The Open Badges 2.0 BadgeClass.")
    rules = RuleSerializer(many=True, read_only=True)

    class Meta:
        model = BadgeClass
        fields = [
            "uuid",
            "id",
            "issuer",
            "name",
            "description",
            "criteria_narrative",
            "achievement_type",
            "tags",
            "validity_days",
            "auto_award",
            "image",
            "image_svg",
            "ob2_url",
            "rules",
            "rules_changed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, badge_class: BadgeClass) -> list[str]:
        return sorted(tag.name for tag in badge_class.tags.all())

    @extend_schema_field(OpenApiTypes.URI)
    def get_image(self, badge_class: BadgeClass) -> str | None:
        return badge_class_image_url(badge_class) or None

    @extend_schema_field(OpenApiTypes.URI)
    def get_image_svg(self, badge_class: BadgeClass) -> str | None:
        if not badge_class.image_svg:
            return None
        return absolute_url(reverse("badges:badge_class_image_svg", args=[badge_class.uuid]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_ob2_url(self, badge_class: BadgeClass) -> str:
        return absolute_url(reverse("badges:ob2_badge_class", args=[badge_class.uuid]))


class BadgeAlignmentSerializer(serializers.Serializer[Any]):
    """An OB 3.0 Alignment, as written in the badges (camelCase, as the standard spells it)."""

    type = serializers.ListField(child=serializers.CharField())
    targetType = serializers.CharField(required=False)
    targetName = serializers.CharField()
    targetUrl = serializers.URLField()
    targetCode = serializers.CharField(required=False)
    targetFramework = serializers.CharField(required=False)
    targetDescription = serializers.CharField(required=False)


class BadgeClassDetailSerializer(BadgeClassSerializer):
    alignments = serializers.SerializerMethodField(
        help_text="OB 3.0 alignments: each rule's competence, then its external alignments."
    )

    class Meta(BadgeClassSerializer.Meta):
        fields = [*BadgeClassSerializer.Meta.fields, "alignments"]
        read_only_fields = fields

    @extend_schema_field(BadgeAlignmentSerializer(many=True))
    def get_alignments(self, badge_class: BadgeClass) -> list[dict[str, Any]]:
        return badge_class_alignments(badge_class=badge_class)


# --- Write -----------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.UUID)
class RuleCompetenceField(serializers.SlugRelatedField[Competence]):
    """A competence by its UUID, among those a rule may name (published versions)."""

    def get_queryset(self) -> Any:
        return rule_competences()


class RuleWriteSerializer(serializers.Serializer[Any]):
    competence = RuleCompetenceField(
        slug_field="uuid",
        help_text="The UUID of a competence of a published framework version.",
    )
    min_level = serializers.IntegerField(min_value=1, max_value=MAX_LEVEL)
    min_endorsers = serializers.IntegerField(min_value=1, max_value=MAX_ENDORSERS, default=1)
    min_leaders = serializers.IntegerField(min_value=0, max_value=MAX_ENDORSERS, default=0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("min_leaders", 0) > attrs.get("min_endorsers", 1):
            raise serializers.ValidationError(
                {
                    "min_leaders": _(
                        "The leaders are counted among the endorsers: "
                        "there cannot be more leaders than endorsers."
                    )
                }
            )
        return attrs


class RulesField(serializers.ListField):
    """A list of rules; in a multipart body, one field holding the list as JSON."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError(_("Give the rules as a JSON list.")) from None
        return super().to_internal_value(data)

    def get_value(self, dictionary: Any) -> Any:
        if hasattr(dictionary, "getlist") and self.field_name in dictionary:
            values = dictionary.getlist(self.field_name)
            if len(values) == 1 and isinstance(values[0], str):
                return values[0]
        return super().get_value(dictionary)


class BadgeClassWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=2000)
    criteria_narrative = serializers.CharField(
        max_length=4000, help_text="In words: what someone did or can do to receive this badge."
    )
    achievement_type = serializers.ChoiceField(
        choices=AchievementType.choices, default=AchievementType.BADGE
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), max_length=MAX_TAGS, required=False
    )
    validity_days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VALIDITY_DAYS,
        required=False,
        allow_null=True,
        help_text="Awards expire this many days after they are issued; null: never.",
    )
    auto_award = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Award directly when someone meets the rules, instead of proposing it.",
    )
    rules = RulesField(
        child=RuleWriteSerializer(),
        max_length=MAX_RULES,
        required=False,
        help_text=(
            "Replace the rules (all must hold). In a multipart body, one field with the "
            "list as JSON. The badge's alignments follow from the rules' competences."
        ),
    )
    image = serializers.FileField(
        required=False,
        write_only=True,
        help_text=(
            "Multipart. SVG (1 MB at most, sanitised, also rendered as PNG) or PNG, JPEG, "
            "GIF, WebP (2 MB at most, stored as PNG). Recognised by content, not by name."
        ),
    )

    def validate_image(self, upload: Any) -> BadgeImage | None:
        """Checked by content like on the pages (a Django ``ValidationError`` answers 400)."""
        return badge_image_clean(upload) if upload else None

    def validate_rules(self, rules: list[dict[str, Any]]) -> list[RuleSpec]:
        competences = [rule["competence"].pk for rule in rules]
        if len(set(competences)) != len(competences):
            raise serializers.ValidationError(_("Give each competence only one rule."))
        return [RuleSpec(**rule) for rule in rules]


class BadgeClassUpdateSerializer(BadgeClassWriteSerializer):
    remove_image = serializers.BooleanField(required=False, default=False)
