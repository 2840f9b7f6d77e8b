"""API view of the competence search: the competences matching words, accents and case
ignored, in the published versions (or one version a steward names).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from competences.rest.permissions import IsStewardOrReadOnly
from competences.rest.serializers.search import (
    SearchQuerySerializer,
    SearchResponseSerializer,
    SearchResultSerializer,
)
from competences.selectors.search import competence_search, version_searchable


@extend_schema(
    summary="Search competences",
    description=(
        "By words in French or English, whatever the accents and capitals, in titles, "
        "descriptions, keywords and ESCO labels. Every word must match the start of a word. "
        "Best results first (words in the title count most). Searches the published version "
        "of every framework, or the given version (drafts: stewards only)."
    ),
    tags=["competences"],
    parameters=[SearchQuerySerializer],
    responses={
        200: SearchResponseSerializer,
        400: OpenApiResponse(description="Invalid parameters, or an unknown version."),
    },
)
class CompetenceSearch(APIView):
    permission_classes = [IsStewardOrReadOnly]

    def get(self, request: Request) -> Response:
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query: str = params.validated_data["q"]
        version = None
        if params.validated_data.get("version"):
            version = version_searchable(viewer=request.user, uuid=params.validated_data["version"])
            if version is None:
                raise ValidationError({"version": [_("No version with this identifier.")]})
        results = competence_search(
            query=query, version=version, limit=params.validated_data["limit"]
        )
        return Response(
            {
                "query": query,
                "count": len(results),
                "results": SearchResultSerializer(
                    results, many=True, context={"request": request}
                ).data,
            }
        )


@extend_schema(exclude=True)
class CompetenceSearchWithoutSlash(CompetenceSearch):
    """``/api/v1/competences/search?q=…`` answers too (documented with the slash)."""
