"""Serializers of the endorsement API: requests, endorsements and the competence profile.

Read serializers describe what the API returns (an endorser's address only to the people
who already know it); write serializers only validate a request body for the services.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.models import Contribution, Endorsement, EndorsementRequest
from community.selectors.profile import CompetenceStanding
from community.services import endorsements as services
from competences.api import MAX_LEVEL
from config.rest import absolute_uri


class ContributionRefSerializer(serializers.ModelSerializer[Contribution]):
    initiative = serializers.CharField(
        source="context_name", read_only=True, help_text="The initiative, or the personal project."
    )

    class Meta:
        model = Contribution
        fields = ["uuid", "title", "initiative"]
        read_only_fields = fields


class EndorsementRequestSerializer(serializers.ModelSerializer[EndorsementRequest]):
    contribution = ContributionRefSerializer(read_only=True)
    requested_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField(
        read_only=True
    )
    endorser = serializers.CharField(
        source="endorser_display", read_only=True, help_text="The person asked."
    )
    state = serializers.SerializerMethodField(
        help_text="pending, expired, answered, declined or cancelled."
    )
    page = serializers.SerializerMethodField(help_text="The page of the request on the site.")

    class Meta:
        model = EndorsementRequest
        fields = [
            "uuid",
            "contribution",
            "requested_by",
            "kind",
            "endorser",
            "state",
            "message",
            "decline_reason",
            "created_at",
            "expires_at",
            "answered_at",
            "page",
        ]
        read_only_fields = fields

    def get_state(self, request: EndorsementRequest) -> str:
        return "expired" if request.is_expired else request.status

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, request: EndorsementRequest) -> str:
        return absolute_uri(self.context, services.request_path(request))


class EndorsementSerializer(serializers.ModelSerializer[Endorsement]):
    claim = serializers.UUIDField(source="claim.uuid", read_only=True)
    contribution = serializers.UUIDField(source="claim.contribution.uuid", read_only=True)
    competence = serializers.SerializerMethodField()
    self_level = serializers.IntegerField(source="claim.self_level", read_only=True)
    initiative: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        help_text="For a leader's endorsement: the initiative they lead.",
    )
    request = serializers.UUIDField(source="request.uuid", read_only=True, allow_null=True)
    endorser_name = serializers.CharField(
        source="endorser_shown",
        read_only=True,
        help_text='"a former member" once the endorser closed their account.',
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Endorsement
        fields = [
            "uuid",
            "url",
            "claim",
            "contribution",
            "competence",
            "self_level",
            "level",
            "comment",
            "relationship",
            "kind",
            "initiative",
            "endorser_name",
            "endorser_organisation",
            "request",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "object", "properties": {"code": {"type": "string"}, "title": {"type": "string"}}}
    )
    def get_competence(self, endorsement: Endorsement) -> dict[str, str]:
        competence = endorsement.claim.competence
        return {"code": competence.code, "title": competence.title}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, endorsement: Endorsement) -> str:
        return absolute_uri(
            self.context,
            reverse("community_api:endorsement_detail", kwargs={"uuid": endorsement.uuid}),
        )


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


class CandidatesSerializer(serializers.Serializer[Any]):
    leaders = PersonSerializer(many=True, help_text="Asked automatically.")
    peers = PersonSerializer(many=True, help_text="Fellow members you may add (by `id`).")


class StandingSerializer(serializers.Serializer[CompetenceStanding]):
    uuid = serializers.UUIDField(source="competence.uuid")
    code = serializers.CharField(source="competence.code")
    title = serializers.CharField(source="competence.title")
    endorsed_level = serializers.IntegerField(
        source="endorsed_level_number", allow_null=True, help_text="The highest confirmed level."
    )
    self_level = serializers.IntegerField(
        source="self_level_number", help_text="The volunteer's own (highest) level."
    )
    leader_endorsements = serializers.IntegerField(source="leader_count")
    peer_endorsements = serializers.IntegerField(source="peer_count")
    outside_endorsements = serializers.IntegerField(source="outside_count")
    hours = serializers.DecimalField(max_digits=9, decimal_places=1)
    contributions = serializers.IntegerField(source="contribution_count")


class DomainStandingSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(source="domain.code")
    title = serializers.CharField(source="domain.title")
    competences = StandingSerializer(many=True)


class ProfileLevelSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    name = serializers.CharField()


class ProfileSerializer(serializers.Serializer[Any]):
    scale = ProfileLevelSerializer(many=True)
    domains = DomainStandingSerializer(many=True)


class ReferentSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    name = serializers.CharField(max_length=150)


class RequestCreateSerializer(serializers.Serializer[Any]):
    contribution = serializers.UUIDField()
    peers = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of fellow members (see `candidates`).",
    )
    referents = ReferentSerializer(many=True, required=False, default=list)
    message = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class DeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=1000)


class ClaimAnswerSerializer(serializers.Serializer[Any]):
    claim = serializers.UUIDField()
    level = serializers.IntegerField(
        min_value=1, max_value=MAX_LEVEL, allow_null=True, help_text="null: I cannot say."
    )
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AnswerSerializer(serializers.Serializer[Any]):
    answers = ClaimAnswerSerializer(many=True, allow_empty=False)
    relationship = serializers.CharField(max_length=200)
    organisation = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="For outside referents.",
    )


class BulkConfirmSerializer(serializers.Serializer[Any]):
    requests = serializers.ListField(child=serializers.UUIDField(), allow_empty=False)
    relationship = serializers.CharField(max_length=200)


class EndorsementUpdateSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField(min_value=1, max_value=MAX_LEVEL, required=False)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    relationship = serializers.CharField(max_length=200, required=False)
