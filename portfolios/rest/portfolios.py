"""API views of portfolios, their releases, share links and access log (DRF).

The same rules as the pages, because the views call the same selectors and services
(``portfolios.selectors.portfolios`` / ``shares``, ``portfolios.services.portfolios`` /
``releases`` / ``shares``):

- every portfolio endpoint is for its owner only; anyone else signed in gets **404**, so
  that the API never says whether a portfolio exists; anonymous callers get 403;
- a share link's clear token (and its address) is returned once, in the answer that
  creates it; token hashes, access codes and their hashes, recipients' and owners'
  addresses are never returned;
- ``advisor/shared-portfolios/`` is for advisors (403 for everyone else): what their
  workspace shows, nothing else about the volunteers.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from config.http import or_404, signed_in_user
from config.rest import Conflict, Pagination, api_responses, service_errors
from portfolios.models import Portfolio, ShareAccess, ShareLink
from portfolios.rest.serializers.portfolios import (
    PortfolioCreateSerializer,
    PortfolioDetailSerializer,
    PortfolioItemsSerializer,
    PortfolioSerializer,
    PortfolioWriteSerializer,
)
from portfolios.rest.serializers.shares import (
    AdvisorFilterSerializer,
    ShareAccessSerializer,
    ShareCreateSerializer,
    SharedPortfolioSerializer,
    ShareLinkCreatedSerializer,
    ShareLinkListSerializer,
    ShareLinkSerializer,
)
from portfolios.selectors import choices as choice_selectors
from portfolios.selectors import portfolios as portfolio_selectors
from portfolios.selectors import shares as share_selectors
from portfolios.services import portfolios as portfolio_services
from portfolios.services import shares as share_services

TAG = "portfolios"
SHARES_TAG = "portfolio share links"
ADVISOR_TAG = "advisor workspace"
INVALID = OpenApiResponse(description="The body is not valid, or a rule refuses it (by field).")
FORBIDDEN = OpenApiResponse(description="Not signed in.")
NOT_FOUND = OpenApiResponse(description="No portfolio (or link) of yours with this identifier.")
CONFLICT = OpenApiResponse(
    description='Already revoked: `{"detail": "…", "code": "already_revoked"}`.'
)

read_responses = partial(api_responses, errors={403: FORBIDDEN, 404: NOT_FOUND})
write_responses = partial(api_responses, errors={400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND})


class IsAdvisor(BasePermission):
    message = _("Only employment and insertion advisors have a workspace.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(getattr(request.user, "is_advisor", False))


def schema_view(view: Any) -> bool:
    """Whether drf-spectacular is building the schema (no request to serve)."""
    return bool(getattr(view, "swagger_fake_view", False))


class OwnerAPIView(generics.GenericAPIView[Any]):
    """A view on one of the signed-in person's portfolios (404 for anyone else's)."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    def portfolio(self) -> Portfolio:
        return or_404(
            portfolio_selectors.portfolio_get_for_owner(
                uuid=self.kwargs["uuid"], user=signed_in_user(self.request)
            )
        )

    def detail(self, portfolio: Portfolio, code: int = status.HTTP_200_OK) -> Response:
        fresh = portfolio_selectors.portfolio_get_for_owner(
            uuid=portfolio.uuid, user=signed_in_user(self.request)
        )
        assert fresh is not None
        context = {
            "request": self.request,
            "content": portfolio_selectors.portfolio_content(portfolio=fresh),
        }
        return Response(PortfolioDetailSerializer(fresh, context=context).data, status=code)


# --- Portfolios --------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List my portfolios",
        description="The signed-in person's portfolios, most recently changed first (paginated).",
        tags=[TAG],
        responses=api_responses(200, PortfolioSerializer(many=True), errors={403: FORBIDDEN}),
    ),
    post=extend_schema(
        summary="Create a portfolio",
        description=(
            "`title` (required), `target`, `statement`, `language` (fr, en) for an empty "
            'portfolio; or `{"default": true}` for one proposed from the competence '
            "profile (endorsed competences, their contributions, the best endorsements, "
            "valid badges), ready for a first PDF. Returns the detail."
        ),
        tags=[TAG],
        request=PortfolioCreateSerializer,
        responses=api_responses(
            201, PortfolioDetailSerializer, errors={400: INVALID, 403: FORBIDDEN}
        ),
    ),
)
class PortfolioList(OwnerAPIView, generics.ListAPIView[Portfolio]):
    serializer_class = PortfolioSerializer

    def get_queryset(self) -> QuerySet[Portfolio]:
        if schema_view(self):
            return Portfolio.objects.none()
        return portfolio_selectors.portfolio_list(owner=signed_in_user(self.request))

    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        body = PortfolioCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        with service_errors():
            if values.pop("default"):
                portfolio = portfolio_services.portfolio_create_default(owner=user)
            else:
                portfolio = portfolio_services.portfolio_create(owner=user, **values)
        return self.detail(portfolio, status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="Read a portfolio",
        description=(
            "Its fields, its selection (`items`: kind, uuid of the object, position, in "
            "the owner's order) and, read-only, what it shows (`content`: competences by "
            "domain with their endorsed levels, badges and their state, counts)."
        ),
        tags=[TAG],
        responses=read_responses(200, PortfolioDetailSerializer),
    ),
    patch=extend_schema(
        summary="Change a portfolio",
        description="Partial: `title`, `target`, `statement`, `language`.",
        tags=[TAG],
        request=PortfolioWriteSerializer(partial=True),
        responses=write_responses(200, PortfolioDetailSerializer),
    ),
    delete=extend_schema(
        summary="Delete a portfolio",
        description="With its releases and share links (which stop working).",
        tags=[TAG],
        responses=read_responses(204, None),
    ),
)
class PortfolioDetail(OwnerAPIView):
    serializer_class = PortfolioDetailSerializer

    def get(self, request: Request, uuid: UUID) -> Response:
        return self.detail(self.portfolio())

    def patch(self, request: Request, uuid: UUID) -> Response:
        portfolio = self.portfolio()
        body = PortfolioWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        values = {
            "title": portfolio.title,
            "target": portfolio.target,
            "statement": portfolio.statement,
            "language": portfolio.language,
            **body.validated_data,
        }
        with service_errors():
            portfolio_services.portfolio_update(
                portfolio=portfolio, by=signed_in_user(request), **values
            )
        return self.detail(portfolio)

    def delete(self, request: Request, uuid: UUID) -> Response:
        portfolio = self.portfolio()
        with service_errors():
            portfolio_services.portfolio_delete(portfolio=portfolio, by=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _resolve(
    found: QuerySet[Any], wanted: list[UUID], message: Any, field: str
) -> tuple[list[Any], dict[str, list[str]]]:
    """The objects of ``found`` with these uuids, in this order; an error for the others."""
    by_uuid = {item.uuid: item for item in found.filter(uuid__in=wanted)}
    missing = [str(value) for value in wanted if value not in by_uuid]
    if missing:
        return [], {field: [str(message) % {"uuids": ", ".join(missing)}]}
    return [by_uuid[value] for value in wanted], {}


@extend_schema(
    summary="Choose what a portfolio shows",
    description=(
        "The whole ordered selection, each list in the order to show: `competences` "
        "(uuids of competences of the framework), `contributions` (your contributions), "
        "`endorsements` (endorsements of your claims), `awards` (your badges), "
        "`external_badges` (your badges from other organisations that passed their check). "
        "A list left out is emptied, except `external_badges`: left out, those chosen before "
        "stay. Anything that is not yours answers 400 and names it."
    ),
    tags=[TAG],
    request=PortfolioItemsSerializer,
    responses=write_responses(200, PortfolioDetailSerializer),
)
class PortfolioItems(OwnerAPIView):
    serializer_class = PortfolioDetailSerializer

    def put(self, request: Request, uuid: UUID) -> Response:
        portfolio = self.portfolio()
        user = signed_in_user(request)
        body = PortfolioItemsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        errors: dict[str, list[str]] = {}
        chosen: dict[str, list[Any]] = {}
        for field, found, message in (
            (
                "competences",
                choice_selectors.selectable_competences(owner=user),
                _("These are not competences you claimed on a recorded contribution: %(uuids)s."),
            ),
            (
                "contributions",
                choice_selectors.selectable_contributions(owner=user),
                _("These are not among your recorded contributions: %(uuids)s."),
            ),
            (
                "endorsements",
                choice_selectors.selectable_endorsements(owner=user),
                _("These are not endorsements of your competences: %(uuids)s."),
            ),
            (
                "awards",
                choice_selectors.selectable_awards(owner=user),
                _("These are not among your badges: %(uuids)s."),
            ),
            (
                "external_badges",
                choice_selectors.selectable_external_badges(owner=user),
                _(
                    "These are not among your badges from other organisations that passed "
                    "their check: %(uuids)s."
                ),
            ),
        ):
            if field in values:
                chosen[field], error = _resolve(found, values[field], message, field)
                errors.update(error)
        if errors:
            raise exceptions.ValidationError(errors)
        with service_errors():
            portfolio_services.portfolio_items_set(portfolio=portfolio, by=user, **chosen)
        return self.detail(portfolio)


# --- Share links and the access log ------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List a portfolio's share links",
        description=(
            "Newest first (paginated): recipient's name and organisation, state (open, "
            "expired, revoked), dates. Never the token, the access code or the address."
        ),
        tags=[SHARES_TAG],
        responses=read_responses(200, ShareLinkSerializer(many=True)),
    ),
    post=extend_schema(
        summary="Create a share link",
        description=(
            "`recipient_name`, `recipient_organisation`, `recipient_email` (an advisor "
            "with an account at this address sees it in their workspace), "
            "`expires_in_days` (1 to 365, default 30), `access_code` (optional). The answer "
            "holds the link's `token` and `link`: the only time they are returned."
        ),
        tags=[SHARES_TAG],
        request=ShareCreateSerializer,
        responses=write_responses(201, ShareLinkCreatedSerializer),
    ),
)
class ShareList(OwnerAPIView, generics.ListAPIView[ShareLink]):
    serializer_class = ShareLinkListSerializer

    def get_queryset(self) -> Any:
        if schema_view(self):
            return ShareLink.objects.none()
        return [row.share for row in share_selectors.share_rows(portfolio=self.portfolio())]

    def post(self, request: Request, uuid: UUID) -> Response:
        portfolio = self.portfolio()
        body = ShareCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            share, token = share_services.share_link_create(
                portfolio=portfolio, by=signed_in_user(request), **body.validated_data
            )
        context = {"request": request, "token": token}
        response = Response(
            ShareLinkCreatedSerializer(share, context=context).data, status.HTTP_201_CREATED
        )
        response["Cache-Control"] = "no-store"
        return response


@extend_schema(
    summary="Revoke a share link",
    description=(
        "The link stops working at once (it answers 410). It cannot be undone: a revoked "
        "link answers 409."
    ),
    tags=[SHARES_TAG],
    request=None,
    responses=api_responses(
        200,
        ShareLinkSerializer,
        errors={403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    ),
)
class ShareRevoke(OwnerAPIView):
    serializer_class = ShareLinkSerializer

    def post(self, request: Request, uuid: UUID) -> Response:
        user = signed_in_user(request)
        share = or_404(share_selectors.share_get_for_owner(uuid=uuid, user=user))
        if share.is_revoked:
            raise Conflict(
                {"detail": _("This link was already revoked."), "code": "already_revoked"}
            )
        with service_errors():
            share_services.share_link_revoke(share=share, by=user)
        share.refresh_from_db()
        return Response(ShareLinkSerializer(share, context={"request": request}).data)


SHARE_FILTER = OpenApiParameter(
    "share", OpenApiTypes.UUID, description="Only the accesses through this link."
)


@extend_schema(
    summary="Read a portfolio's access log",
    description=(
        "Newest first (paginated): when, through which link (uuid, recipient), what was "
        "opened (`page`, `pdf`, `clr`), or refused (`code_refused`: a wrong access code; "
        "`closed`: after expiry or revocation)."
    ),
    tags=[SHARES_TAG],
    parameters=[SHARE_FILTER],
    responses=read_responses(200, ShareAccessSerializer(many=True)),
)
class AccessList(OwnerAPIView, generics.ListAPIView[ShareAccess]):
    serializer_class = ShareAccessSerializer

    def get_queryset(self) -> QuerySet[ShareAccess]:
        if schema_view(self):
            return ShareAccess.objects.none()
        accesses = share_selectors.share_access_log(portfolio=self.portfolio())
        wanted = self.request.query_params.get("share")
        if wanted:
            try:
                accesses = accesses.filter(share__uuid=UUID(wanted))
            except ValueError as error:
                raise exceptions.ValidationError(
                    {"share": [_("Give the identifier of one of this portfolio's links.")]}
                ) from error
        return accesses


# --- The advisor's workspace -------------------------------------------------------------


@extend_schema(
    summary="Portfolios shared with me (advisors)",
    description=(
        "The portfolios shared with the signed-in advisor's (verified) address, newest "
        "first (paginated), as the workspace shows them: the volunteer's name, title, "
        "target, when it was shared, until when, its state, the competences it shows with "
        "their endorsed levels, and where to read it. Withdrawn links are gone. Filters "
        "(on one same competence of the portfolio): `competence` (a code), `domain` (a "
        "code), `min_level` (endorsed at this level or above); with a filter, expired "
        "links are left out."
    ),
    tags=[ADVISOR_TAG],
    parameters=[AdvisorFilterSerializer],
    responses=api_responses(
        200,
        SharedPortfolioSerializer(many=True),
        errors={
            400: OpenApiResponse(description="A filter is not valid."),
            403: OpenApiResponse(description="Not signed in, or not an advisor."),
        },
    ),
)
class AdvisorSharedPortfolioList(generics.ListAPIView[Any]):
    permission_classes = [IsAuthenticated, IsAdvisor]
    serializer_class = SharedPortfolioSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        if schema_view(self):
            return ShareLink.objects.none()
        body = AdvisorFilterSerializer(data=self.request.query_params)
        body.is_valid(raise_exception=True)
        # Filtered and paginated by the database; only the page's links are read in full.
        return share_selectors.advisor_share_list(
            advisor=signed_in_user(self.request), **body.validated_data
        )

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else share_selectors.advisor_entries(page)
