"""Serializers of the issuers API.

Read serializers describe what the API returns: public data only (the
profile and the public keys; never a private key, which no serializer here
can reach). Write serializers only validate a request body; the views pass
the validated data to the services (``badges.services``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges import documents
from badges.images import issuer_image_clean
from badges.models import Issuer, RecognitionStatus, SigningKey
from community.api import Initiative
from config.images import CleanImage

# --- Read ------------------------------------------------------------------------


class SigningKeySerializer(serializers.ModelSerializer[SigningKey]):
    id = serializers.CharField(
        source="verification_method_id",
        read_only=True,
        help_text="The key's id in proofs: `<issuer id>#<publicKeyMultibase>`.",
    )
    is_active = serializers.BooleanField(
        read_only=True, help_text="Signs new badges. Retired keys still verify old ones."
    )

    class Meta:
        model = SigningKey
        fields = ["id", "public_key_multibase", "created_at", "retired_at", "is_active"]
        read_only_fields = fields


class IssuerSerializer(serializers.ModelSerializer[Issuer]):
    id = serializers.CharField(
        source="id_url",
        read_only=True,
        help_text="The issuer's id in credentials; it serves the OB 3.0 profile as JSON-LD.",
    )
    initiative: serializers.SlugRelatedField[Initiative] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    initiative_verified = serializers.SerializerMethodField(
        help_text="The initiative was checked by a steward of the territory."
    )
    image = serializers.SerializerMethodField()
    ob2_profile = serializers.CharField(
        source="ob2_url", read_only=True, help_text="The Open Badges 2.0 Issuer profile."
    )
    keys = SigningKeySerializer(source="signing_keys", many=True, read_only=True)
    recognition = serializers.ChoiceField(
        choices=RecognitionStatus.choices,
        read_only=True,
        help_text=(
            "Whether the territory vouches for this issuer: only `recognised` issuers' badges "
            "are shown as valid by the verifier. New issuers, and renamed recognised ones, are "
            "`pending` until a steward decides."
        ),
    )
    recognition_changed_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="Since when the issuer has its current recognition status.",
    )

    class Meta:
        model = Issuer
        fields = [
            "uuid",
            "id",
            "name",
            "url",
            "email",
            "description",
            "image",
            "initiative",
            "initiative_verified",
            "is_territory",
            "ob2_profile",
            "keys",
            "recognition",
            "recognition_changed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_initiative_verified(self, issuer: Issuer) -> bool:
        return bool(issuer.initiative and issuer.initiative.verified)

    @extend_schema_field(OpenApiTypes.URI)
    def get_image(self, issuer: Issuer) -> str | None:
        return documents.issuer_image_url(issuer) or None


# --- Write -----------------------------------------------------------------------


class IssuerWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField(
        max_length=254, help_text="Public: written in every badge. Use a contact address."
    )
    url = serializers.URLField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, trim_whitespace=True
    )
    image = serializers.FileField(
        required=False,
        write_only=True,
        help_text="PNG, JPEG, GIF or WebP, 2 MB at most (multipart). Stored as PNG.",
    )

    def validate_image(self, upload: Any) -> CleanImage | None:
        """Checked by content like on the pages (a Django ``ValidationError`` answers 400)."""
        return issuer_image_clean(upload) if upload else None


class IssuerCreateSerializer(IssuerWriteSerializer):
    initiative = serializers.SlugField(
        required=False,
        allow_null=True,
        help_text=(
            "The slug of an initiative you lead, or null for the territory's issuer "
            "(stewards and staff)."
        ),
    )


class IssuerUpdateSerializer(IssuerWriteSerializer):
    remove_image = serializers.BooleanField(required=False, default=False)
