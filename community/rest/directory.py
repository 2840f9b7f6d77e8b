"""API of the public directory: the listed initiatives as GeoJSON (RFC 7946).

The same document as the page's open data (``/open-data/initiatives.geojson``,
``community/views/directory.py``), with the same filters, read by anyone.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from community.forms.directory import DirectoryFilterForm
from community.geojson import initiatives_feature_collection
from community.models import Initiative, InitiativeKind
from community.selectors.directory import (
    directory_communes,
    directory_domains,
    directory_points,
)
from config.http import absolute_url

FILTERS = [
    OpenApiParameter("commune", str, description="INSEE code of a commune, e.g. 21166."),
    OpenApiParameter("epci", str, description="SIREN of an intercommunality."),
    OpenApiParameter("kind", str, enum=InitiativeKind.values),
    OpenApiParameter("domain", str, description="Code of a domain of the framework."),
    OpenApiParameter(
        "newcomers",
        bool,
        description="Only those that welcome newcomers: true, 1, yes or on (false, 0, no, off).",
    ),
    OpenApiParameter(
        "step_free",
        bool,
        description="Only those with step-free access: true, 1, yes or on (false, 0, no, off).",
    ),
]


def _page_url(initiative: Initiative) -> str:
    return absolute_url(initiative.get_absolute_url())


class InitiativesGeoJSON(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="initiatives_geojson",
        summary="The public initiatives as GeoJSON",
        description=(
            "Public, under the Licence Ouverte 2.0. An RFC 7946 FeatureCollection of the "
            "initiatives listed in the directory that have a place on the map: a Point "
            "([longitude, latitude], WGS 84) each, and its name, kind, commune (name and "
            "INSEE code), address, opening hours, access, whether it welcomes newcomers, "
            "how a first visit goes and its page. Importable into uMap."
        ),
        tags=["directory"],
        parameters=FILTERS,
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="An RFC 7946 FeatureCollection."
            ),
            400: OpenApiResponse(description="A filter's value is not one it takes."),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        form = DirectoryFilterForm(
            request.query_params or None,
            communes=directory_communes(),
            domains=directory_domains(),
        )
        if form.is_bound and not form.is_valid():  # the page shows why; the API refuses
            raise ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        collection = initiatives_feature_collection(
            directory_points(filters=form.filters()), page_url=_page_url
        )
        return HttpResponse(
            json.dumps(collection, ensure_ascii=False),
            content_type="application/geo+json",
            headers={"Access-Control-Allow-Origin": "*"},
        )
