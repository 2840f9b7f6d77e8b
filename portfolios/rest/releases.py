"""API of a portfolio's generated versions (DRF): list them with their state, generate one
now, withdraw one (its CLR's bit in the territory issuer's revocation list). Owner only, as
``portfolios.rest.portfolios``, whose base view and answers it uses."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from config.http import or_404, signed_in_user
from config.rest import Conflict, api_responses, service_errors
from portfolios.content import fingerprint
from portfolios.models import PortfolioRelease
from portfolios.rest.portfolios import (
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    TAG,
    OwnerAPIView,
    read_responses,
    schema_view,
    write_responses,
)
from portfolios.rest.serializers.portfolios import (
    ReleaseSerializer,
)
from portfolios.selectors import portfolios as portfolio_selectors
from portfolios.selectors import releases as release_selectors
from portfolios.services import releases as release_services

WITHDRAWN = OpenApiResponse(
    description='Already withdrawn: `{"detail": "…", "code": "already_withdrawn"}`.'
)


@extend_schema_view(
    get=extend_schema(
        summary="List a portfolio's generated versions",
        description=(
            "Newest first (paginated): hashes of the content, the CLR credential and the "
            "PDF, whether it is still `current`, and its links (PDF, CLR, verification page)."
        ),
        tags=[TAG],
        responses=read_responses(200, ReleaseSerializer(many=True)),
    ),
    post=extend_schema(
        summary="Generate a version now",
        description=(
            "Signs the CLR 2.0 credential of the current content and renders the PDF with "
            "the credential attached. Returns the new version."
        ),
        tags=[TAG],
        request=None,
        responses=write_responses(201, ReleaseSerializer),
    ),
)
class ReleaseList(OwnerAPIView, generics.ListAPIView[PortfolioRelease]):
    serializer_class = ReleaseSerializer

    def get_queryset(self) -> QuerySet[PortfolioRelease]:
        if schema_view(self):
            return PortfolioRelease.objects.none()
        portfolio = self.portfolio()
        self.current = fingerprint(portfolio_selectors.portfolio_content(portfolio=portfolio))
        return portfolio.releases.order_by("-created_at", "-pk")

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        # The statuses of the page's versions, in one query.
        self.statuses = release_selectors.release_statuses(list(page or []))
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "fingerprint": getattr(self, "current", None),
            "statuses": getattr(self, "statuses", None),
        }

    def post(self, request: Request, uuid: UUID) -> Response:
        portfolio = self.portfolio()
        with service_errors():
            release = release_services.portfolio_release_create(portfolio=portfolio)
        context = {"request": request, "fingerprint": release.content_sha256}
        return Response(ReleaseSerializer(release, context=context).data, status.HTTP_201_CREATED)


@extend_schema(
    summary="Withdraw a generated version",
    description=(
        "Sets the bit of its CLR in the territory issuer's revocation list: wherever its PDF "
        "or its CLR travelled, its verification page and any verifier say it was withdrawn "
        "(the badges it holds stay valid). It cannot be undone: a withdrawn version answers "
        "409 (`already_withdrawn`); a version generated before versions could be withdrawn "
        "answers 400 with the reason. Returns the version."
    ),
    tags=[TAG],
    request=None,
    responses=api_responses(
        200,
        ReleaseSerializer,
        errors={400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: WITHDRAWN},
    ),
)
class ReleaseWithdraw(OwnerAPIView):
    serializer_class = ReleaseSerializer

    def post(self, request: Request, uuid: UUID) -> Response:
        user = signed_in_user(request)
        release = or_404(release_selectors.release_get_for_owner(uuid=uuid, user=user))
        status_ = release_selectors.release_statuses([release]).get(release.status_reference)
        if status_ is not None and status_.revoked_at is not None:
            raise Conflict(
                {"detail": _("This version was already withdrawn."), "code": "already_withdrawn"}
            )
        with service_errors():
            release_services.portfolio_release_withdraw(release=release, by=user)
        return Response(ReleaseSerializer(release, context={"request": request}).data)
