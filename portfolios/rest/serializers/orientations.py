"""Serializers of the orientation API: the person's proposals, the advisor's pathways and
their steps. Write serializers only validate (``portfolios.services.orientations`` writes).
Never returned: anyone's email address, the link made for the initiative's leaders."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from portfolios.models import ORIENTATION_MESSAGE_MAX_LENGTH, Orientation, OrientationStatus
from portfolios.selectors.orientations import STEP_LABELS
from portfolios.selectors.portfolios import owner_name

STEP_KEYS = list(STEP_LABELS)


class OrientationSerializer(serializers.ModelSerializer[Orientation]):
    """A proposal as the person sees it."""

    initiative = serializers.CharField(source="initiative.slug", read_only=True)
    initiative_name = serializers.CharField(source="initiative.name", read_only=True)
    advisor_name = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=OrientationStatus.choices, read_only=True)
    portfolio_given = serializers.SerializerMethodField(
        help_text="Whether the initiative's leaders received a link to the portfolio."
    )

    class Meta:
        model = Orientation
        fields = [
            "uuid",
            "initiative",
            "initiative_name",
            "advisor_name",
            "message",
            "status",
            "created_at",
            "answered_at",
            "ended_at",
            "introduction_message",
            "portfolio_given",
        ]
        read_only_fields = fields

    def get_advisor_name(self, orientation: Orientation) -> str:
        return orientation.advisor_name

    def get_portfolio_given(self, orientation: Orientation) -> bool:
        return orientation.introduction_share_id is not None


class PathwayStepSerializer(serializers.Serializer[Any]):
    key = serializers.ChoiceField(choices=[(key, key) for key in STEP_KEYS])
    reached = serializers.BooleanField()
    on = serializers.CharField(
        allow_null=True, help_text="Date (or date and time) it was reached, ISO 8601."
    )
    details = serializers.ListField(
        child=serializers.CharField(),
        help_text="Competences confirmed, badge: only those the shared portfolio shows.",
    )

    def to_representation(self, step: Any) -> dict[str, Any]:
        return {
            "key": step.key,
            "reached": step.reached,
            "on": step.on.isoformat() if step.on else None,
            "details": list(step.details),
        }


class PathwaySerializer(serializers.Serializer[Any]):
    """An orientation as the advisor follows it."""

    uuid = serializers.UUIDField(source="orientation.uuid")
    share = serializers.UUIDField(source="orientation.share.uuid")
    person_name = serializers.SerializerMethodField()
    initiative = serializers.CharField(source="orientation.initiative.slug")
    initiative_name = serializers.CharField(source="orientation.initiative.name")
    status = serializers.ChoiceField(source="orientation.status", choices=OrientationStatus.choices)
    steps = PathwayStepSerializer(many=True)

    def get_person_name(self, pathway: Any) -> str:
        return owner_name(pathway.orientation.person)


class OrientationProposeSerializer(serializers.Serializer[Any]):
    share = serializers.UUIDField(help_text="A share link addressed to you, open now.")
    initiative = serializers.SlugField(help_text="The initiative's short name (slug).")
    message = serializers.CharField(
        max_length=ORIENTATION_MESSAGE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class OrientationAcceptSerializer(serializers.Serializer[Any]):
    share_portfolio = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Give the initiative's leaders a link to the portfolio (30 days, revocable).",
    )
    introduction_message = serializers.CharField(
        max_length=ORIENTATION_MESSAGE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
