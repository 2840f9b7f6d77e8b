"""API of the territorial indicators: the same rows as the open-data files.

``/api/v1/indicators/`` gives the rows of ``/open-data/indicators.json`` (every year, or
``?year=``), with the licence, the Table Schema's address and the threshold of protection;
read by anyone (docs/indicators.md).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community.indicators import opendata
from community.rest.serializers.indicators import IndicatorsSerializer
from community.views.indicators import RETRY_AFTER_SECONDS, FiguresPreparing, publications_asked
from config.http import absolute_url


class IndicatorsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Territorial indicators",
        description=(
            "Public, under the Licence Ouverte 2.0. Per year and quarter, for the territory, "
            "its intercommunalities and communes: active volunteers, newcomers, hours, "
            "contributions, competences confirmed by domain and level, badges by issuer, "
            "portfolios shared, initiatives by kind. Figures about fewer people than "
            "``threshold`` have the status ``moins_de_seuil`` and no value; others are "
            "``masque`` so that none can be computed back."
        ),
        tags=["indicators"],
        parameters=[OpenApiParameter("year", int, description="Only this year.")],
        responses={
            200: IndicatorsSerializer,
            404: OpenApiResponse(description="No contribution was recorded in that year."),
            503: OpenApiResponse(
                description="The figures are being computed (in the background): try again "
                "after ``Retry-After`` seconds."
            ),
        },
    )
    def get(self, request: Request) -> Response:
        try:
            publications = publications_asked(request.query_params.get("year", ""))
        except FiguresPreparing:
            return Response(
                {"detail": _("The figures are being prepared: try again in a minute.")},
                status=503,
                headers={
                    "Retry-After": str(RETRY_AFTER_SECONDS),
                    "Cache-Control": "private, no-store",
                },
            )
        years = [publication.year for publication in publications]
        return Response(
            {
                "licence": opendata.LICENCE_URL,
                "schema": absolute_url(reverse("community:indicators_schema")),
                "threshold": settings.INDICATORS_MIN_COUNT,
                "years": years,
                "rows": opendata.open_data_rows(publications),
            }
        )
