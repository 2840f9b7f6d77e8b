"""Serializers of the portfolios API: portfolios, their items and releases (share links,
the access log and the advisor's list: ``portfolios.rest.serializers.shares``).

Read serializers say what the API returns; write serializers only validate a body (the
views pass the values to ``portfolios.services``). What never leaves the server: a share
link's token hash and its access-code hash (a link's clear token is returned once, by
the view that creates it), the recipient's email address, the owner's email address.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges.api import StatusReference
from config.rest import absolute_uri
from portfolios.models import (
    ItemKind,
    Portfolio,
    PortfolioItem,
    PortfolioLanguage,
    PortfolioRelease,
)
from portfolios.models.portfolios import STATEMENT_MAX_LENGTH
from portfolios.selectors.releases import release_statuses

#: A share link's state (the schema calls it ``ShareStateEnum``, see ENUM_NAME_OVERRIDES).
SHARE_STATES = [("open", "open"), ("expired", "expired"), ("revoked", "revoked")]
#: A badge's state in a portfolio (the same values as ``AwardStatusEnum``).
BADGE_STATES = [("valid", "valid"), ("expired", "expired"), ("revoked", "revoked")]


def api_link(context: Any, name: str, **kwargs: Any) -> str:
    return absolute_uri(context, reverse(name, kwargs=kwargs))


# --- Portfolios: read --------------------------------------------------------------------


class PortfolioSerializer(serializers.ModelSerializer[Portfolio]):
    url = serializers.SerializerMethodField(help_text="This portfolio in the API.")
    page = serializers.SerializerMethodField(help_text="Its page on the site (for its owner).")

    class Meta:
        model = Portfolio
        fields = [
            "uuid",
            "url",
            "page",
            "title",
            "target",
            "statement",
            "language",
            "rome_page",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, portfolio: Portfolio) -> str:
        return absolute_uri(
            self.context,
            reverse("portfolios_api:portfolio_detail", kwargs={"uuid": portfolio.uuid}),
        )

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_page(self, portfolio: Portfolio) -> str | None:
        return api_link(self.context, "portfolios:portfolio_detail", uuid=portfolio.uuid)


class PortfolioItemSerializer(serializers.ModelSerializer[PortfolioItem]):
    uuid = serializers.SerializerMethodField(
        help_text="The selected object: competence, contribution, endorsement, award or badge "
        "from another organisation."
    )

    class Meta:
        model = PortfolioItem
        fields = ["kind", "uuid", "position"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.UUID)
    def get_uuid(self, item: PortfolioItem) -> str:
        target = {
            ItemKind.COMPETENCE: item.competence,
            ItemKind.CONTRIBUTION: item.contribution,
            ItemKind.ENDORSEMENT: item.endorsement,
            ItemKind.BADGE: item.award,
            ItemKind.EXTERNAL: item.external,
        }[ItemKind(item.kind)]
        assert target is not None  # the model's check constraint
        return str(target.uuid)


class CompetenceLineSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.IntegerField(
        allow_null=True, help_text="The highest endorsed level (null: not endorsed yet)."
    )
    level_label = serializers.CharField(help_text="The level's name in the portfolio's language.")
    max_level = serializers.IntegerField()
    endorsers = serializers.IntegerField(help_text="Distinct endorsers at that level or above.")
    leaders = serializers.IntegerField(help_text="Of whom initiative leaders.")
    url = serializers.URLField(help_text="The competence's public page.")


class DomainBlockSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    competences = CompetenceLineSerializer(many=True)


class BadgeLineSerializer(serializers.Serializer[Any]):
    award = serializers.UUIDField(source="award_uuid")
    name = serializers.CharField()
    issuer = serializers.CharField(source="issuer_name")
    status = serializers.ChoiceField(choices=BADGE_STATES)
    status_label = serializers.CharField()
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)
    verification_url = serializers.URLField(help_text="The award's public page.")


#: What Jalons' verifier said of a badge from elsewhere (``ExternalVerification``).
EXTERNAL_STATES = [("valid", "valid"), ("invalid", "invalid"), ("not_checked", "not_checked")]


class ExternalBadgeLineSerializer(serializers.Serializer[Any]):
    external_badge = serializers.UUIDField(source="uuid")
    name = serializers.CharField()
    issuer = serializers.CharField(source="issuer_name")
    issued_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(
        choices=EXTERNAL_STATES,
        help_text="What Jalons' check found when it was added or last checked.",
    )
    status_label = serializers.CharField()
    checked_on = serializers.DateField()
    in_record = serializers.SerializerMethodField(
        help_text="Whether the signed CLR carries it (as received, or a VC-JWT in an "
        "EnvelopedVerifiableCredential); otherwise it is attached to the PDF as received."
    )

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_in_record(self, line: Any) -> bool:
        return bool(line.record)


class ContentCountsSerializer(serializers.Serializer[Any]):
    competences = serializers.IntegerField(source="competence_count")
    contributions = serializers.SerializerMethodField()
    endorsements = serializers.SerializerMethodField()
    badges = serializers.SerializerMethodField()
    external_badges = serializers.SerializerMethodField()

    def get_contributions(self, content: Any) -> int:
        return len(content.contributions)

    def get_endorsements(self, content: Any) -> int:
        return len(content.endorsements)

    def get_badges(self, content: Any) -> int:
        return len(content.badges)

    def get_external_badges(self, content: Any) -> int:
        return len(content.external_badges)


class ContentSummarySerializer(serializers.Serializer[Any]):
    """What the portfolio shows, as every rendering resolves it (private evidence never)."""

    domains = DomainBlockSerializer(many=True)
    badges = BadgeLineSerializer(many=True)
    external_badges = ExternalBadgeLineSerializer(
        many=True, help_text="Badges issued by other organisations, as received."
    )
    counts = ContentCountsSerializer(source="*")


class PortfolioLinksSerializer(serializers.Serializer[Any]):
    pdf = serializers.URLField(allow_null=True, help_text="The current PDF (for its owner).")
    clr = serializers.URLField(
        allow_null=True, help_text="The current CLR 2.0 credential, JSON (for its owner)."
    )
    shares = serializers.URLField(help_text="Its share links in the API.")
    releases = serializers.URLField(help_text="Its generated versions in the API.")


class PortfolioDetailSerializer(PortfolioSerializer):
    items = serializers.SerializerMethodField(help_text="The selection, in the owner's order.")
    content = serializers.SerializerMethodField(
        help_text="Read-only: what the selection shows (competences with their endorsed "
        "levels, badges and their state, counts)."
    )
    links = serializers.SerializerMethodField()

    class Meta(PortfolioSerializer.Meta):
        fields = [*PortfolioSerializer.Meta.fields, "items", "content", "links"]
        read_only_fields = fields

    @extend_schema_field(PortfolioItemSerializer(many=True))
    def get_items(self, portfolio: Portfolio) -> Any:
        items = (
            portfolio.items.select_related(
                "competence", "contribution", "endorsement", "award", "external"
            )
            .order_by("kind", "position", "pk")
            .all()
        )
        return PortfolioItemSerializer(items, many=True).data

    @extend_schema_field(ContentSummarySerializer)
    def get_content(self, portfolio: Portfolio) -> Any:
        content = self.context.get("content")
        return ContentSummarySerializer(content).data if content is not None else None

    @extend_schema_field(PortfolioLinksSerializer)
    def get_links(self, portfolio: Portfolio) -> dict[str, str | None]:
        api = "portfolios_api"
        return {
            "pdf": api_link(self.context, "portfolios:portfolio_pdf", uuid=portfolio.uuid),
            "clr": api_link(self.context, "portfolios:portfolio_clr", uuid=portfolio.uuid),
            "shares": absolute_uri(
                self.context, reverse(f"{api}:share_list", kwargs={"uuid": portfolio.uuid})
            ),
            "releases": absolute_uri(
                self.context, reverse(f"{api}:release_list", kwargs={"uuid": portfolio.uuid})
            ),
        }


# --- Portfolios: write (validation only) -------------------------------------------------


class PortfolioWriteSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=150)
    target = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        default="",
        help_text="What it is for: a job in logistics, entering a training course…",
    )
    statement = serializers.CharField(
        max_length=STATEMENT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="A few sentences in the volunteer's own words.",
    )
    language = serializers.ChoiceField(
        choices=PortfolioLanguage.choices, required=False, default=PortfolioLanguage.FRENCH
    )
    rome_page = serializers.BooleanField(
        required=False,
        help_text='true: the PDF gains a page "Lecture ROME 4.0" (the confirmed competences '
        "as ROME 4.0 savoir-être, and the target jobs' coverage). Unchanged when not given "
        "(off for a new portfolio).",
    )


class PortfolioCreateSerializer(PortfolioWriteSerializer):
    default = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: a portfolio proposed from the competence profile (endorsed "
        "competences, their contributions, the best endorsements, valid badges); the "
        "other fields are then ignored.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False  # required unless ``default`` (validate)
        self.fields["title"].help_text = "Required, unless `default` is true."

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["default"] and "title" not in attrs:
            message = self.fields["title"].error_messages["required"]
            raise serializers.ValidationError({"title": [message]})
        return attrs


class PortfolioItemsSerializer(serializers.Serializer[Any]):
    """The whole ordered selection: what a list leaves out is taken out of the portfolio."""

    competences = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=200
    )
    contributions = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=200
    )
    endorsements = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=200
    )
    awards = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=200,
        help_text="Badges: the uuids of your awards.",
    )
    external_badges = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=200,
        help_text="Badges from other organisations you added to your badges (not one that "
        "failed its check). Left out: those chosen before stay.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = {
            field: [_("Each one can be chosen only once.")]
            for field, values in attrs.items()
            if len(set(values)) != len(values)
        }
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# --- Releases ----------------------------------------------------------------------------


class ReleaseLinksSerializer(serializers.Serializer[Any]):
    pdf = serializers.URLField(
        allow_null=True,
        help_text="The PDF, while this version is current (the owner's download); null for "
        "older versions.",
    )
    clr = serializers.URLField(allow_null=True, help_text="This version's signed CLR 2.0 JSON.")
    verify = serializers.URLField(
        allow_null=True, help_text="Its public verification page (printed in the PDF footer)."
    )


class ReleaseSerializer(serializers.ModelSerializer[PortfolioRelease]):
    current = serializers.SerializerMethodField(
        help_text="true while the portfolio still shows exactly this content."
    )
    withdrawable = serializers.SerializerMethodField(
        help_text="false for a version generated before versions could be withdrawn (its CLR "
        "carries no `credentialStatus`) and for one already withdrawn."
    )
    withdrawn_at = serializers.SerializerMethodField(
        help_text="When its owner withdrew it (its CLR's bit is set in the territory issuer's "
        "revocation list); null while in force."
    )
    links = serializers.SerializerMethodField()

    class Meta:
        model = PortfolioRelease
        fields = [
            "uuid",
            "created_at",
            "language",
            "content_sha256",
            "clr_sha256",
            "pdf_sha256",
            "current",
            "withdrawable",
            "withdrawn_at",
            "links",
        ]
        read_only_fields = fields

    def _status(self, release: PortfolioRelease) -> StatusReference | None:
        """The status of its CLR: from the page's statuses (one query for the page, the
        view's ``statuses`` context), else read for this one."""
        statuses = self.context.get("statuses")
        if statuses is None:
            statuses = release_statuses([release])
        return statuses.get(release.status_reference)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_withdrawable(self, release: PortfolioRelease) -> bool:
        status = self._status(release)
        return status is not None and status.revoked_at is None

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_withdrawn_at(self, release: PortfolioRelease) -> str | None:
        status = self._status(release)
        if status is None or status.revoked_at is None:
            return None
        return serializers.DateTimeField().to_representation(status.revoked_at)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_current(self, release: PortfolioRelease) -> bool | None:
        fingerprint = self.context.get("fingerprint")
        return None if fingerprint is None else release.content_sha256 == fingerprint

    @extend_schema_field(ReleaseLinksSerializer)
    def get_links(self, release: PortfolioRelease) -> dict[str, str | None]:
        # Only the current version's PDF is served (the owner's download); older ones are kept
        # for their verification page.
        pdf = None
        if release.portfolio is not None and self.get_current(release):
            pdf = api_link(self.context, "portfolios:portfolio_pdf", uuid=release.portfolio.uuid)
        return {
            "pdf": pdf,
            "clr": api_link(self.context, "portfolios:release_clr", uuid=release.uuid),
            "verify": api_link(self.context, "portfolios:release_verify", uuid=release.uuid),
        }
