"""API views of orientations (DRF), with the same rules as the pages (the same selectors
and services, ``portfolios.selectors.orientations`` / ``portfolios.services.orientations``):

- ``orientations/``: the signed-in person's proposals; ``orientations/<uuid>/accept/``,
  ``decline/``, ``end/``: her answers (someone else's orientation answers 404);
- ``advisor/orientations/``: for advisors only (403 otherwise): the pathways they follow,
  with their steps, only while the person's share is open and the orientation not ended;
  POST proposes an initiative from a share addressed to them.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api import initiative_get
from config.http import or_404, signed_in_user
from config.rest import Pagination, api_responses, service_errors, validated
from portfolios.models import Orientation
from portfolios.rest.portfolios import IsAdvisor, schema_view
from portfolios.rest.serializers.orientations import (
    OrientationAcceptSerializer,
    OrientationProposeSerializer,
    OrientationSerializer,
    PathwaySerializer,
)
from portfolios.selectors import orientations as selectors
from portfolios.selectors.shares import advisor_share_get
from portfolios.services import orientations as services

TAG = "orientations"
INVALID = OpenApiResponse(description="The body is not valid, or a rule refuses it (by field).")
FORBIDDEN = OpenApiResponse(description="Not signed in (or, for advisor/, not an advisor).")
NOT_FOUND = OpenApiResponse(description="No orientation of yours with this identifier.")


@extend_schema_view(
    get=extend_schema(
        summary="List the initiatives proposed to me",
        description="The signed-in person's orientations, newest first, every state.",
        tags=[TAG],
        responses=api_responses(200, OrientationSerializer(many=True), errors={403: FORBIDDEN}),
    )
)
class OrientationList(generics.ListAPIView[Orientation]):
    permission_classes = [IsAuthenticated]
    serializer_class = OrientationSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Orientation]:
        if schema_view(self):
            return Orientation.objects.none()
        return selectors.orientation_list_for_person(user=signed_in_user(self.request))


class _PersonAction(APIView):
    permission_classes = [IsAuthenticated]

    def orientation(self, uuid: UUID) -> Orientation:
        return or_404(
            selectors.orientation_get_for_person(uuid=uuid, user=signed_in_user(self.request))
        )

    def answer(self, orientation: Orientation) -> Response:
        fresh = self.orientation(orientation.uuid)
        return Response(OrientationSerializer(fresh).data)


@extend_schema(
    summary="Accept a proposal",
    description=(
        "The initiative's leaders receive an introduction: the person's name, "
        "`introduction_message` if given, and a link to the portfolio only with "
        "`share_portfolio: true`."
    ),
    tags=[TAG],
    request=OrientationAcceptSerializer,
    responses=api_responses(
        200, OrientationSerializer, errors={400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
    ),
)
class OrientationAccept(_PersonAction):
    def post(self, request: Request, uuid: UUID) -> Response:
        orientation = self.orientation(uuid)
        values = validated(OrientationAcceptSerializer, request)
        with service_errors():
            services.orientation_accept(
                orientation=orientation, user=signed_in_user(request), **values
            )
        return self.answer(orientation)


@extend_schema(
    summary="Decline a proposal",
    tags=[TAG],
    request=None,
    responses=api_responses(
        200, OrientationSerializer, errors={400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
    ),
)
class OrientationDecline(_PersonAction):
    def post(self, request: Request, uuid: UUID) -> Response:
        orientation = self.orientation(uuid)
        with service_errors():
            services.orientation_decline(orientation=orientation, user=signed_in_user(request))
        return self.answer(orientation)


@extend_schema(
    summary="End an orientation",
    description=(
        "At any time: the advisor sees nothing more of it and the link given to the "
        "initiative's leaders is withdrawn. Ending twice changes nothing."
    ),
    tags=[TAG],
    request=None,
    responses=api_responses(200, OrientationSerializer, errors={403: FORBIDDEN, 404: NOT_FOUND}),
)
class OrientationEnd(_PersonAction):
    def post(self, request: Request, uuid: UUID) -> Response:
        orientation = self.orientation(uuid)
        services.orientation_end(orientation=orientation, user=signed_in_user(request))
        return self.answer(orientation)


@extend_schema_view(
    get=extend_schema(
        summary="List the pathways I follow (advisors)",
        description=(
            "The orientations the signed-in advisor made, with their steps (proposed, "
            "accepted, joined, first_contribution, competences_confirmed, badge) computed "
            "from the data: only while the person's share link is open and until she or he "
            "ends the orientation; competences and badges are named only when the shared "
            "portfolio shows them."
        ),
        tags=[TAG],
        responses=api_responses(200, PathwaySerializer(many=True), errors={403: FORBIDDEN}),
    ),
    post=extend_schema(
        summary="Propose an initiative (advisors)",
        description="To the owner of a portfolio shared with you (`share`: the link's uuid).",
        tags=[TAG],
        request=OrientationProposeSerializer,
        responses=api_responses(201, PathwaySerializer, errors={400: INVALID, 403: FORBIDDEN}),
    ),
)
class AdvisorPathwayList(generics.ListAPIView[Any]):
    permission_classes = [IsAuthenticated, IsAdvisor]
    serializer_class = PathwaySerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        if schema_view(self):
            return []
        advisor = signed_in_user(self.request)
        return selectors.pathways(selectors.orientation_list_for_advisor(advisor=advisor))

    def post(self, request: Request) -> Response:
        advisor = signed_in_user(request)
        values = validated(OrientationProposeSerializer, request)
        share = advisor_share_get(uuid=values["share"], advisor=advisor)
        if share is None:
            raise exceptions.ValidationError(
                {"share": [_("No portfolio shared with you now has this link.")]}
            )
        initiative = initiative_get(slug=values["initiative"])
        if initiative is None:
            raise exceptions.ValidationError(
                {"initiative": [_("No initiative has this short name.")]}
            )
        with service_errors():
            orientation = services.orientation_propose(
                share=share, advisor=advisor, initiative=initiative, message=values["message"]
            )
        (pathway,) = selectors.pathways([orientation])
        return Response(PathwaySerializer(pathway).data, status=status.HTTP_201_CREATED)
