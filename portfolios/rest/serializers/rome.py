"""Serializers of the ROME API: read-only shapes of ``portfolios.rome_content``, and the
one body a caller sends (a job title to add as a target)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class RomeCompetenceSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.IntegerField()
    level_label = serializers.CharField()
    endorsers = serializers.IntegerField(help_text="Distinct people who confirmed that level.")
    leaders = serializers.IntegerField(help_text="Of whom initiative leaders.")
    relation = serializers.CharField(
        help_text="How the competence relates to it: exact, close, broad or related."
    )
    note = serializers.CharField(help_text="The crosswalk's one-line justification.")


class RomeSkillSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="The savoir-être's code OGR, e.g. 300412.")
    macro_code = serializers.CharField(help_text="Its macro-competence code, e.g. 6D101.")
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="The ROME's official label (French)."
    )
    definition = serializers.CharField(help_text="The ROME's official definition (French).")
    sheet_count = serializers.IntegerField(help_text="How many job sheets ask for it.")
    covered = serializers.BooleanField()
    competences = RomeCompetenceSerializer(many=True)


class SuggestedInitiativeSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
    commune = serializers.CharField()
    url = serializers.CharField(help_text="The initiative's page (path).")
    welcomes_newcomers = serializers.BooleanField()


class GapLineSerializer(serializers.Serializer[Any]):
    skill = RomeSkillSerializer()
    covered = serializers.BooleanField()
    suggestions = SuggestedInitiativeSerializer(many=True)


class TargetJobGapSerializer(serializers.Serializer[Any]):
    target_uuid = serializers.CharField(help_text="Identifier of the target (to remove it).")
    title_code = serializers.CharField()
    title_label = serializers.CharField()
    sheet_code = serializers.CharField()
    sheet_label = serializers.CharField()
    covered_count = serializers.IntegerField()
    asked_count = serializers.IntegerField()
    lines = GapLineSerializer(many=True)


class RomeReadingSerializer(serializers.Serializer[Any]):
    rome_version = serializers.CharField()
    skills = RomeSkillSerializer(many=True)
    targets = TargetJobGapSerializer(many=True)


class RankedJobSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    grand_domain_code = serializers.CharField()
    grand_domain_label = serializers.CharField()
    domain_label = serializers.CharField()
    covered = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())


class RankedJobPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    results = RankedJobSerializer(many=True)


class JobTitleSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="The job title's code OGR.")
    label = serializers.CharField()  # type: ignore[assignment]
    sheet_code = serializers.CharField(source="sheet_id")
    sheet_label = serializers.CharField(source="sheet.label")


class TargetJobAddSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=12, help_text="A job title's code OGR.")


class JobsQuerySerializer(serializers.Serializer[Any]):
    domain = serializers.CharField(required=False, allow_blank=True, max_length=2)
    page = serializers.IntegerField(required=False, min_value=1)
