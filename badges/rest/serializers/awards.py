"""Serializers of the awards API: awards, their revocation, award proposals.

An award's public view says what its public page says (status, dates, badge, why it was
awarded) and where its documents are; it never names the recipient (the credential
only holds a salted hash of the email). Issuer staff also see the recipient's address
and who awarded it.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api import User
from badges.models import Award, AwardProposal, BadgeClass, ProposalStatus
from badges.ob3 import badge_class_image_url
from badges.rest.serializers.badge_classes import IssuerSummarySerializer

#: An award's state (the schema calls it ``AwardStatusEnum``, see ENUM_NAME_OVERRIDES).
AWARD_STATUSES = [("valid", "valid"), ("expired", "expired"), ("revoked", "revoked")]


def _name(user: User | None) -> str | None:
    """The name someone chose (empty if none): never their address."""
    return user.display_name if user is not None else None


class BadgeClassSummarySerializer(serializers.ModelSerializer[BadgeClass]):
    id = serializers.CharField(source="id_url", read_only=True)
    image = serializers.SerializerMethodField()

    class Meta:
        model = BadgeClass
        fields = ["uuid", "id", "name", "image"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_image(self, badge_class: BadgeClass) -> str | None:
        return badge_class_image_url(badge_class) or None


class AwardLinksSerializer(serializers.Serializer[Any]):
    """Where the award's public documents are."""

    page = serializers.URLField(source="page_url", help_text="The public page (for people).")
    ob3 = serializers.URLField(source="ob3_url", help_text="The signed OB 3.0 credential.")
    ob2 = serializers.URLField(source="ob2_url", help_text="The hosted OB 2.0 Assertion.")
    png = serializers.URLField(source="png_url", help_text="The image with the badge baked in.")
    svg = serializers.URLField(source="svg_url", help_text="The same, as SVG.")


class AwardSerializer(serializers.ModelSerializer[Award]):
    status = serializers.SerializerMethodField()
    badge_class = BadgeClassSummarySerializer(read_only=True)
    issuer = IssuerSummarySerializer(source="badge_class.issuer", read_only=True)
    links = AwardLinksSerializer(source="*", read_only=True)

    class Meta:
        model = Award
        fields = [
            "uuid",
            "status",
            "badge_class",
            "issuer",
            "narrative",
            "issued_at",
            "expires_at",
            "revoked_at",
            "revocation_reason",
            "links",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=AWARD_STATUSES))
    def get_status(self, award: Award) -> str:
        return award.status()


class AwardStaffSerializer(AwardSerializer):
    """An award as the issuer's staff see it: with the recipient's address."""

    recipient_name = serializers.SerializerMethodField(
        help_text="The name of the recipient's account, when the badge is linked to one."
    )
    awarded_by = serializers.SerializerMethodField(help_text="Who awarded it (their name).")

    class Meta(AwardSerializer.Meta):
        fields = [*AwardSerializer.Meta.fields, "recipient_email", "recipient_name", "awarded_by"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_recipient_name(self, award: Award) -> str | None:
        return _name(award.recipient)

    @extend_schema_field(OpenApiTypes.STR)
    def get_awarded_by(self, award: Award) -> str | None:
        return _name(award.awarded_by)


class AwardCreateSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(
        max_length=254, help_text="The badge is issued to this address (hashed in the badge)."
    )
    narrative = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why this badge: written into the badge, anyone who checks it reads it.",
    )
    evidence_url = serializers.URLField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="A public page showing what was done (written into the badge).",
    )


class AwardRevokeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=500,
        help_text="Why the badge is revoked: shown on its public page. Cannot be undone.",
    )


class AwardProposalSerializer(serializers.ModelSerializer[AwardProposal]):
    badge_class = BadgeClassSummarySerializer(read_only=True)
    issuer = IssuerSummarySerializer(source="badge_class.issuer", read_only=True)
    person = serializers.SerializerMethodField(help_text="The name the person chose.")
    status = serializers.ChoiceField(choices=ProposalStatus.choices, read_only=True)
    award = serializers.SerializerMethodField(help_text="The award, once accepted.")

    class Meta:
        model = AwardProposal
        fields = [
            "id",
            "badge_class",
            "issuer",
            "person",
            "status",
            "created_at",
            "decided_at",
            "award",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_person(self, proposal: AwardProposal) -> str:
        return proposal.user.display_name

    @extend_schema_field(OpenApiTypes.UUID)
    def get_award(self, proposal: AwardProposal) -> str | None:
        return str(proposal.award.uuid) if proposal.award_id and proposal.award else None
