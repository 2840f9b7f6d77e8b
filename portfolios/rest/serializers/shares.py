"""Serializers of the portfolios API for sharing: share links (a link's clear token is
returned once, by the view that creates it; its token hash, its access-code hash and the
recipient's address never leave the server), the access log, and the advisor's list of
shared portfolios."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competences.api import MAX_LEVEL
from config.rest import QueryParameters, absolute_uri
from portfolios.models import (
    SHARE_DEFAULT_DAYS,
    SHARE_MAX_DAYS,
    AccessWhat,
    ShareAccess,
    ShareLink,
)
from portfolios.rest.serializers.portfolios import SHARE_STATES, api_link

# --- Share links and their access log ----------------------------------------------------


class ShareLinkSerializer(serializers.ModelSerializer[ShareLink]):
    """A share link as its owner sees it later: never its token, nor the recipient's address."""

    state = serializers.SerializerMethodField()
    has_access_code = serializers.BooleanField(read_only=True)
    has_recipient_email = serializers.SerializerMethodField(
        help_text="Whether an address was given (the address itself is not returned)."
    )
    revoke = serializers.SerializerMethodField(help_text="POST here to revoke the link.")

    class Meta:
        model = ShareLink
        fields = [
            "uuid",
            "recipient_name",
            "recipient_organisation",
            "has_recipient_email",
            "has_access_code",
            "state",
            "created_at",
            "expires_at",
            "revoked_at",
            "revoke",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=SHARE_STATES))
    def get_state(self, share: ShareLink) -> str:
        return share.state()

    def get_has_recipient_email(self, share: ShareLink) -> bool:
        return bool(share.recipient_email)

    @extend_schema_field(OpenApiTypes.URI)
    def get_revoke(self, share: ShareLink) -> str:
        return absolute_uri(
            self.context,
            reverse("portfolios_api:share_revoke", kwargs={"uuid": share.uuid}),
        )


class ShareLinkListSerializer(ShareLinkSerializer):
    openings = serializers.SerializerMethodField(
        help_text="How many times the portfolio, its PDF or its CLR were opened through it."
    )

    class Meta(ShareLinkSerializer.Meta):
        fields = [*ShareLinkSerializer.Meta.fields, "openings"]
        read_only_fields = fields

    def get_openings(self, share: ShareLink) -> int:
        return int(getattr(share, "openings", 0))


class ShareLinkCreatedSerializer(ShareLinkSerializer):
    """The answer to creating a link: the only time its token and address are returned."""

    token = serializers.SerializerMethodField(
        help_text="The link's secret: returned now, and never again."
    )
    link = serializers.SerializerMethodField(
        help_text="The address to send the recipient (it contains the token): returned "
        "now, and never again."
    )

    class Meta(ShareLinkSerializer.Meta):
        fields = [*ShareLinkSerializer.Meta.fields, "token", "link"]
        read_only_fields = fields

    def get_token(self, share: ShareLink) -> str:
        return str(self.context["token"])

    @extend_schema_field(OpenApiTypes.URI)
    def get_link(self, share: ShareLink) -> str:
        return api_link(self.context, "portfolios:shared_view", token=self.context["token"])


class ShareCreateSerializer(serializers.Serializer[Any]):
    recipient_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    recipient_organisation = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    recipient_email = serializers.EmailField(
        max_length=254,
        required=False,
        allow_blank=True,
        default="",
        help_text="The advisor with an account at this address sees the portfolio in their "
        "workspace. Never returned.",
    )
    expires_in_days = serializers.IntegerField(
        min_value=1, max_value=SHARE_MAX_DAYS, required=False, default=SHARE_DEFAULT_DAYS
    )
    access_code = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        style={"input_type": "password"},
        help_text="Optional: the recipient types it before seeing anything. Stored hashed, "
        "never returned: tell it to them another way.",
    )


class AccessShareSerializer(serializers.ModelSerializer[ShareLink]):
    class Meta:
        model = ShareLink
        fields = ["uuid", "recipient_name", "recipient_organisation"]
        read_only_fields = fields


class ShareAccessSerializer(serializers.ModelSerializer[ShareAccess]):
    share = AccessShareSerializer(read_only=True)
    what = serializers.ChoiceField(choices=AccessWhat.choices, read_only=True)
    what_label = serializers.CharField(source="get_what_display", read_only=True)

    class Meta:
        model = ShareAccess
        fields = ["at", "share", "what", "what_label"]
        read_only_fields = fields


# --- The advisor's list ------------------------------------------------------------------


class SharedCompetenceSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    domain_code = serializers.CharField()
    domain_title = serializers.CharField()
    level = serializers.IntegerField(
        allow_null=True, help_text="The highest endorsed level (null: not endorsed yet)."
    )


class SharedLinksSerializer(serializers.Serializer[Any]):
    page = serializers.URLField(allow_null=True, help_text="The portfolio's page.")
    pdf = serializers.URLField(allow_null=True, help_text="Its PDF.")
    clr = serializers.URLField(allow_null=True, help_text="Its signed CLR 2.0 credential.")


class SharedPortfolioSerializer(serializers.Serializer[Any]):
    """A portfolio shared with the signed-in advisor: who, what, when, until when."""

    share = serializers.UUIDField(source="share.uuid", help_text="The share link.")
    owner_name = serializers.CharField(help_text="The volunteer's name (never their address).")
    title = serializers.CharField()
    target = serializers.CharField()
    shared_at = serializers.DateTimeField(source="share.created_at")
    expires_at = serializers.DateTimeField(source="share.expires_at")
    state = serializers.SerializerMethodField()
    has_access_code = serializers.BooleanField(source="share.has_access_code")
    competences = SharedCompetenceSerializer(
        many=True, help_text="What the portfolio shows (empty once the link has expired)."
    )
    links = serializers.SerializerMethodField(
        help_text="Where to read it on the site, its PDF and its CLR credential (null once "
        "the link has expired)."
    )

    @extend_schema_field(serializers.ChoiceField(choices=SHARE_STATES))
    def get_state(self, entry: Any) -> str:
        return entry.share.state()

    @extend_schema_field(SharedLinksSerializer)
    def get_links(self, entry: Any) -> dict[str, str | None]:
        uuid = entry.share.uuid
        is_open = entry.share.state() == "open"
        return {
            key: api_link(self.context, f"portfolios:{name}", uuid=uuid) if is_open else None
            for key, name in (
                ("page", "advisor_portfolio"),
                ("pdf", "advisor_portfolio_pdf"),
                ("clr", "advisor_portfolio_clr"),
            )
        }


class AdvisorFilterSerializer(QueryParameters):
    competence = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="A competence's code.",
    )
    domain = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="A domain's code.",
    )
    min_level = serializers.IntegerField(
        min_value=1, max_value=MAX_LEVEL, required=False, allow_null=True, default=None
    )
