"""API of the ROME 4.0 reading of a portfolio (docs/rome.md): the same rules as the pages.

- ``portfolios/<uuid>/rome/…``: the portfolio's owner only (404 for anyone else);
- ``advisor/shared-portfolios/<share uuid>/rome/…``: the advisor the portfolio is shared
  with, only while the share is open (403 not an advisor, 404 not theirs or withdrawn,
  410 expired);
- ``rome/job-titles/?q=``: the ROME's job titles, for anyone signed in.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import or_404
from config.rest import api_responses, request_user, service_errors
from portfolios.models import Portfolio, PortfolioTargetJob
from portfolios.rest.serializers.rome import (
    JobsQuerySerializer,
    JobTitleSerializer,
    RankedJobPageSerializer,
    RomeReadingSerializer,
    TargetJobAddSerializer,
)
from portfolios.selectors import rome as selectors
from portfolios.selectors.portfolios import portfolio_content, portfolio_get_for_owner
from portfolios.selectors.shares import advisor_share_get
from portfolios.services import rome as services

TAG = "ROME 4.0"
ERRORS = {
    401: OpenApiResponse(description="Not signed in."),
    403: OpenApiResponse(description="Not an advisor (advisor paths)."),
    404: OpenApiResponse(description="No such portfolio (or share) of yours."),
    410: OpenApiResponse(description="The share has expired (advisor paths)."),
}


class Gone(exceptions.APIException):
    status_code = 410
    default_detail = "This portfolio is no longer shared with you."
    default_code = "share_closed"


def _portfolio(request: Request, uuid: UUID, share: UUID | None) -> Portfolio:
    user = request_user(request)
    if share is None:
        return or_404(portfolio_get_for_owner(uuid=uuid, user=user))
    if not (user.is_active and user.is_advisor):
        raise exceptions.PermissionDenied
    link = or_404(advisor_share_get(uuid=share, advisor=user))
    if not link.is_open():
        raise Gone
    return link.portfolio


def _reading(portfolio: Portfolio) -> dict[str, Any]:
    reading = selectors.rome_reading(content=portfolio_content(portfolio=portfolio))
    gaps = selectors.target_job_gaps(portfolio=portfolio, reading=reading)
    return RomeReadingSerializer(
        {"rome_version": reading.rome_version, "skills": reading.skills, "targets": gaps}
    ).data


class _Base(APIView):
    permission_classes = [IsAuthenticated]
    #: None: the owner's paths (``uuid`` is the portfolio); else the advisor's (a share).
    advisor = False

    def portfolio(self, request: Request, uuid: UUID) -> Portfolio:
        return _portfolio(request, uuid, uuid if self.advisor else None)


class ReadingView(_Base):
    @extend_schema(
        tags=[TAG],
        summary="The portfolio in the ROME's words, and the gap to its target jobs",
        responses=api_responses(200, RomeReadingSerializer, errors=ERRORS),
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        return Response(_reading(self.portfolio(request, uuid)))


class TargetsView(_Base):
    @extend_schema(
        tags=[TAG],
        summary="Add a target job (a ROME job title, by its code OGR; at most 5)",
        request=TargetJobAddSerializer,
        responses=api_responses(201, RomeReadingSerializer, errors={400: None, **ERRORS}),
    )
    def post(self, request: Request, uuid: UUID) -> Response:
        portfolio = self.portfolio(request, uuid)
        body = TargetJobAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            services.portfolio_target_job_add(
                portfolio=portfolio,
                job_title_code=body.validated_data["code"],
                by=request_user(request),
            )
        return Response(_reading(portfolio), status=status.HTTP_201_CREATED)


class TargetDetailView(_Base):
    @extend_schema(
        tags=[TAG],
        summary="Remove a target job",
        responses=api_responses(204, None, errors=ERRORS),
    )
    def delete(self, request: Request, uuid: UUID, target: UUID) -> Response:
        portfolio = self.portfolio(request, uuid)
        row = or_404(PortfolioTargetJob.objects.filter(portfolio=portfolio, uuid=target).first())
        services.portfolio_target_job_remove(target=row, by=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class JobsView(_Base):
    @extend_schema(
        tags=[TAG],
        summary="Job sheets ranked by how many of their savoir-être are covered",
        parameters=[JobsQuerySerializer],
        responses=api_responses(200, RankedJobPageSerializer, errors=ERRORS),
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        portfolio = self.portfolio(request, uuid)
        query = JobsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = query.validated_data.get("page") or 1
        reading = selectors.rome_reading(content=portfolio_content(portfolio=portfolio))
        jobs, total = selectors.jobs_ranked(
            reading=reading, grand_domain=query.validated_data.get("domain", ""), page=page
        )
        return Response(
            RankedJobPageSerializer({"count": total, "page": page, "results": jobs}).data
        )


class AdvisorReadingView(ReadingView):
    advisor = True


class AdvisorTargetsView(TargetsView):
    advisor = True


class AdvisorTargetDetailView(TargetDetailView):
    advisor = True


class AdvisorJobsView(JobsView):
    advisor = True


class JobTitleSearchView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=[TAG],
        summary="Search ROME job titles (label or code; accents and case ignored)",
        parameters=[OpenApiParameter("q", str, description="Words, a ROME code or a code OGR.")],
        responses=api_responses(200, JobTitleSerializer(many=True), errors={401: ERRORS[401]}),
    )
    def get(self, request: Request) -> Response:
        titles = selectors.job_title_search(query=str(request.query_params.get("q", "")))
        return Response(JobTitleSerializer(titles, many=True).data)
