"""API views of attestations of volunteering (DRF), with the same rules as the pages
(``badges.api`` services and selectors, ``portfolios.selectors.attestations``):

- ``attestations/``: mine; ``attestations/requests/``: ask an initiative's leaders;
- ``attestations/initiatives/<slug>/``: for the initiative's leaders only (404 for anyone
  else): its attestations (GET) and issuing one (POST); ``.../candidates/``: who can be
  attested, with the period their contributions cover;
- ``attestations/<uuid>/revoke/``: a leader of its initiative.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from badges.api import (
    Attestation,
    attestation_get,
    attestation_issue,
    attestation_list_for_initiative,
    attestation_list_for_recipient,
    attestation_request,
    attestation_revoke,
)
from community.api import Initiative, initiative_get, user_leads_initiative
from config.http import or_404, signed_in_user
from config.rest import Pagination, api_responses, service_errors, validated
from portfolios.rest.portfolios import schema_view
from portfolios.rest.serializers.attestations import (
    AttestationIssueSerializer,
    AttestationRequestSerializer,
    AttestationRevokeSerializer,
    AttestationSerializer,
    CandidateSerializer,
)
from portfolios.selectors.attestations import attestation_candidates

TAG = "attestations of volunteering"
INVALID = OpenApiResponse(description="The body is not valid, or a rule refuses it (by field).")
FORBIDDEN = OpenApiResponse(description="Not signed in.")
NOT_FOUND = OpenApiResponse(description="No such initiative that you lead (or attestation).")


def _led(request: Request, slug: str) -> Initiative:
    initiative = or_404(initiative_get(slug=slug))
    if not user_leads_initiative(user=signed_in_user(request), initiative_id=initiative.pk):
        raise Http404
    return initiative


@extend_schema_view(
    get=extend_schema(
        summary="List my attestations of volunteering",
        tags=[TAG],
        responses=api_responses(200, AttestationSerializer(many=True), errors={403: FORBIDDEN}),
    )
)
class MyAttestationList(generics.ListAPIView[Attestation]):
    permission_classes = [IsAuthenticated]
    serializer_class = AttestationSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Attestation]:
        if schema_view(self):
            return Attestation.objects.none()
        return attestation_list_for_recipient(user=signed_in_user(self.request))


@extend_schema(
    summary="Ask an initiative's leaders for an attestation",
    description="Where you recorded a contribution; its leaders are notified.",
    tags=[TAG],
    request=AttestationRequestSerializer,
    responses=api_responses(202, None, errors={400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}),
)
class AttestationRequestView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request: Request) -> Response:
        values = validated(AttestationRequestSerializer, request)
        initiative = or_404(initiative_get(slug=values["initiative"]))
        link = reverse("portfolios:attestation_initiative", kwargs={"slug": initiative.slug})
        with service_errors():
            attestation_request(initiative=initiative, person=signed_in_user(request), link=link)
        return Response(status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    get=extend_schema(
        summary="List an initiative's attestations (its leaders)",
        tags=[TAG],
        responses=api_responses(
            200, AttestationSerializer(many=True), errors={403: FORBIDDEN, 404: NOT_FOUND}
        ),
    ),
    post=extend_schema(
        summary="Issue an attestation (its leaders)",
        description=(
            "`person` (a candidate's), `period_start`, `period_end`. Signed by the "
            "initiative's issuer: 400 when the initiative has none yet, or nothing was "
            "recorded in the period."
        ),
        tags=[TAG],
        request=AttestationIssueSerializer,
        responses=api_responses(
            201, AttestationSerializer, errors={400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
        ),
    ),
)
class InitiativeAttestationList(generics.ListAPIView[Attestation]):
    permission_classes = [IsAuthenticated]
    serializer_class = AttestationSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Attestation]:
        if schema_view(self):
            return Attestation.objects.none()
        initiative = _led(self.request, self.kwargs["slug"])
        return attestation_list_for_initiative(
            initiative=initiative, viewer=signed_in_user(self.request)
        )

    def post(self, request: Request, slug: str) -> Response:
        initiative = _led(request, slug)
        values = validated(AttestationIssueSerializer, request)
        candidates = {
            line.person.pk: line for line in attestation_candidates(initiative=initiative)
        }
        candidate = candidates.get(values.pop("person"))
        if candidate is None:
            raise Http404
        with service_errors():
            attestation = attestation_issue(
                initiative=initiative,
                person=candidate.person,
                by=signed_in_user(request),
                link=reverse("portfolios:attestation_list"),
                **values,
            )
        data = AttestationSerializer(attestation, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="Who can be attested (an initiative's leaders)",
        description="The people with recorded contributions there, their first and last dates.",
        tags=[TAG],
        responses=api_responses(
            200, CandidateSerializer(many=True), errors={403: FORBIDDEN, 404: NOT_FOUND}
        ),
    )
)
class CandidateList(generics.ListAPIView[Any]):
    permission_classes = [IsAuthenticated]
    serializer_class = CandidateSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        if schema_view(self):
            return []
        return attestation_candidates(initiative=_led(self.request, self.kwargs["slug"]))


@extend_schema(
    summary="Revoke an attestation (its initiative's leaders)",
    tags=[TAG],
    request=AttestationRevokeSerializer,
    responses=api_responses(
        200, AttestationSerializer, errors={400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
    ),
)
class AttestationRevoke(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request: Request, uuid: UUID) -> Response:
        attestation = or_404(attestation_get(uuid=uuid))
        user = signed_in_user(request)
        if not user_leads_initiative(user=user, initiative_id=attestation.initiative_id):
            raise Http404
        values = validated(AttestationRevokeSerializer, request)
        with service_errors():
            attestation_revoke(attestation=attestation, by=user, reason=values["reason"])
        return Response(AttestationSerializer(attestation, context={"request": request}).data)
