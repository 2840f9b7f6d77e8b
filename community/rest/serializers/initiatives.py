"""Serializers of the initiatives API: initiatives, members, invitations, requests to join.

People are named by the name they chose, never by their address, except for leaders, who
see the addresses of their members, invitees and people asking to join. Write serializers
only validate a request body; the services write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api import User
from community.forms.initiatives import LOGO_MAX_SIDE
from community.models import (
    LOGO_MAX_BYTES,
    Initiative,
    InitiativeKind,
    Invitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    Role,
    Sphere,
    postcode_validator,
)
from config.images import CleanImage, image_clean
from config.rest import QueryParameters, absolute_uri


def _name(user: User) -> str:
    """The name someone chose (empty if they gave none): never their address."""
    return user.display_name


class InitiativeSerializer(serializers.ModelSerializer[Initiative]):
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    spheres = serializers.ListField(
        child=serializers.ChoiceField(choices=Sphere.choices),
        source="sphere_values",
        read_only=True,
    )
    logo = serializers.SerializerMethodField(help_text="The logo's address; null without one.")
    leaders = serializers.SerializerMethodField(
        help_text="The names the leaders chose (empty when they gave none)."
    )
    member_count = serializers.IntegerField(read_only=True)
    my_role = serializers.SerializerMethodField(
        help_text="Your role in this initiative; null when you are not a member."
    )

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "url",
            "page_url",
            "name",
            "description",
            "kind",
            "spheres",
            "commune",
            "postcode",
            "website",
            "logo",
            "verified",
            "verified_at",
            "leaders",
            "member_count",
            "my_role",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, initiative: Initiative) -> str:
        return absolute_uri(
            self.context,
            reverse("community_api:initiative_detail", kwargs={"slug": initiative.slug}),
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, initiative: Initiative) -> str:
        return absolute_uri(self.context, initiative.get_absolute_url())

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_logo(self, initiative: Initiative) -> str | None:
        if not initiative.logo:
            return None
        logo = reverse("community:initiative_logo", kwargs={"slug": initiative.slug})
        return absolute_uri(self.context, logo)

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_leaders(self, initiative: Initiative) -> list[str]:
        leaders: list[Membership] = getattr(initiative, "leader_memberships", [])
        return [_name(membership.user) for membership in leaders]

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices, allow_null=True))
    def get_my_role(self, initiative: Initiative) -> str | None:
        roles: Mapping[int, str] = self.context.get("roles", {})
        return roles.get(initiative.pk)


class MemberSerializer(serializers.ModelSerializer[Membership]):
    name = serializers.CharField(
        source="user.display_name", read_only=True, help_text="Empty when they gave none."
    )
    email = serializers.SerializerMethodField(help_text="For the initiative's leaders only.")
    is_me = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "name", "email", "role", "joined_at", "is_me"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "email", "nullable": True})
    def get_email(self, membership: Membership) -> str | None:
        return membership.user.email if self.context.get("leader") else None

    def get_is_me(self, membership: Membership) -> bool:
        request = self.context.get("request")
        return bool(request is not None and membership.user_id == request.user.pk)


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    """What leaders see of an invitation: never its token, nor the token's hash."""

    status = serializers.ChoiceField(choices=InvitationStatus.choices, read_only=True)
    invited_by = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "invited_by", "created_at", "expires_at"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_invited_by(self, invitation: Invitation) -> str | None:
        return _name(invitation.invited_by) if invitation.invited_by else None


class JoinRequestSerializer(serializers.ModelSerializer[JoinRequest]):
    initiative: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    name = serializers.CharField(
        source="user.display_name", read_only=True, help_text="Empty when they gave none."
    )
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = JoinRequest
        fields = ["id", "initiative", "name", "email", "message", "status", "created_at"]
        read_only_fields = fields


class InitiativeWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=InitiativeKind.choices)
    spheres = serializers.ListField(
        child=serializers.ChoiceField(choices=Sphere.choices),
        allow_empty=False,
        max_length=len(Sphere.values),
        error_messages={"empty": _("Choose at least one of the four spheres.")},
    )
    description = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    commune = serializers.CharField(max_length=100)
    postcode = serializers.CharField(max_length=10, help_text="Five digits, for example 21000.")
    website = serializers.URLField(max_length=300, required=False, allow_blank=True, default="")
    logo = serializers.FileField(
        required=False,
        help_text="Multipart only: a PNG, JPEG, GIF or WebP image of 2 MB at most, checked "
        "by its content and re-encoded without metadata.",
    )

    def validate_postcode(self, value: str) -> str:
        postcode = "".join(value.split())
        postcode_validator(postcode)
        return postcode

    def validate_logo(self, upload: Any) -> CleanImage:
        return image_clean(upload, max_bytes=LOGO_MAX_BYTES, max_side=LOGO_MAX_SIDE)


class InitiativeUpdateSerializer(InitiativeWriteSerializer):
    remove_logo = serializers.BooleanField(required=False, default=False)


class VerifySerializer(serializers.Serializer[Any]):
    verified = serializers.BooleanField(help_text="true: mark as verified; false: take it back.")


class RoleSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=Role.choices)


class InvitationCreateSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices, default=Role.MEMBER)


class JoinRequestCreateSerializer(serializers.Serializer[Any]):
    message = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class FilterSerializer(QueryParameters):
    kind = serializers.ChoiceField(choices=InitiativeKind.choices, required=False, allow_blank=True)
    sphere = serializers.ChoiceField(choices=Sphere.choices, required=False, allow_blank=True)
