"""API views of awards, their revocation, "my badges" and award proposals.

- An award's public view is for anyone (it says what its public page says).
- A badge class's or an issuer's awards, awarding by hand and revoking are for the
  issuer's staff: 403 for everyone else, before the body is read.
- ``awards/mine/`` lists the signed-in person's own badges.
- Proposals: the pending proposals the signed-in person may decide (issuer staff, never
  their own); accepting awards the badge (``badges.services.proposals``).

Writes go through ``badges.services`` inside ``badges.rest.errors.service_errors``: doing
twice what can be done once (revoking, deciding) answers 409.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from badges.models import Award, AwardProposal, BadgeClass, Issuer
from badges.rest.errors import service_errors
from badges.rest.permissions import IsIssuerStaff
from badges.rest.serializers.awards import (
    AwardCreateSerializer,
    AwardProposalSerializer,
    AwardRevokeSerializer,
    AwardSerializer,
    AwardStaffSerializer,
)
from badges.selectors.award_lists import (
    award_list_for_badge_class,
    award_list_for_issuer,
    award_list_for_recipient,
)
from badges.selectors.awards import award_get
from badges.selectors.proposals import proposal_get, proposal_list_to_decide
from badges.services.awards import award_create
from badges.services.proposals import award_proposal_accept, award_proposal_decline
from badges.services.revocation import award_revoke
from config.http import or_404, signed_in_user
from config.rest import UPLOAD_PARSERS, Pagination, TimeCursorPagination, api_responses

TAG = "awards"
PROPOSALS_TAG = "award proposals"
NOT_FOUND = OpenApiResponse(description="Nothing with this identifier.")
FORBIDDEN = OpenApiResponse(
    description="Not signed in, or not someone who manages the badge's issuer."
)
INVALID = OpenApiResponse(description="The body is not valid: errors by field.")
CONFLICT = OpenApiResponse(
    description='Already done: `{"detail": "…", "code": "already_revoked"}` or `"decided"`.'
)

staff_list = partial(api_responses, errors={403: FORBIDDEN, 404: NOT_FOUND})
staff_write = partial(api_responses, errors={400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND})
staff_decide = partial(
    api_responses, errors={400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}
)


def _badge_class(uuid: Any) -> BadgeClass:
    return or_404(BadgeClass.objects.select_related("issuer").filter(uuid=uuid).first())


def _issuer(uuid: Any) -> Issuer:
    return or_404(Issuer.objects.filter(uuid=uuid).first())


def _award(uuid: Any) -> Award:
    return or_404(award_get(uuid=uuid))


class AwardCursor(TimeCursorPagination):
    """Newest first, page after page from the ``(badge_class, issued_at, id)`` and
    ``(issued_at, id)`` indexes, however many awards an issuer has."""

    ordering = ("-issued_at", "-pk")


class StaffAwardList(generics.ListAPIView[Award]):
    """Awards for the issuer's staff (403 for everyone else)."""

    permission_classes = [IsAuthenticated, IsIssuerStaff]
    serializer_class = AwardStaffSerializer
    pagination_class = AwardCursor

    def fake(self) -> bool:
        return bool(getattr(self, "swagger_fake_view", False))


@extend_schema_view(
    get=extend_schema(
        summary="List a badge class's awards",
        description=(
            "Newest first, revoked and expired ones included, with the recipients' "
            "addresses (paginated by cursor: follow `next`). For the people who manage the "
            "issuer."
        ),
        tags=[TAG],
        responses=staff_list(200, AwardStaffSerializer(many=True)),
    ),
    post=extend_schema(
        summary="Award a badge class by hand",
        description=(
            "Issues and signs the badge for an email address, with an optional narrative "
            "and evidence address written into it. For the people who manage the issuer."
        ),
        tags=[TAG],
        request=AwardCreateSerializer,
        responses=staff_write(201, AwardStaffSerializer),
    ),
)
class BadgeClassAwardList(StaffAwardList):
    def get_queryset(self) -> QuerySet[Award]:
        if self.fake():
            return Award.objects.none()
        badge_class = _badge_class(self.kwargs["uuid"])
        self.check_object_permissions(self.request, badge_class)
        return award_list_for_badge_class(badge_class=badge_class)

    def post(self, request: Request, uuid: str) -> Response:
        badge_class = _badge_class(uuid)
        self.check_object_permissions(request, badge_class)
        body = AwardCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            award = award_create(
                badge_class=badge_class, by=signed_in_user(request), **body.validated_data
            )
        return Response(AwardStaffSerializer(_award(award.uuid)).data, status.HTTP_201_CREATED)


@extend_schema(
    summary="List an issuer's awards",
    description=(
        "Every badge class of the issuer, newest first (paginated by cursor: follow "
        "`next`). For the people who manage the issuer."
    ),
    tags=[TAG],
    responses=staff_list(200, AwardStaffSerializer(many=True)),
)
class IssuerAwardList(StaffAwardList):
    def get_queryset(self) -> QuerySet[Award]:
        if self.fake():
            return Award.objects.none()
        issuer = _issuer(self.kwargs["uuid"])
        self.check_object_permissions(self.request, issuer)
        return award_list_for_issuer(issuer=issuer)


@extend_schema(
    summary="Read an award",
    description=(
        "Public, like its page: status (`valid`, `expired`, `revoked`), dates, the badge, "
        "and the addresses of its documents (page, OB 3.0 credential, OB 2.0 assertion, "
        "baked PNG and SVG). The recipient is not named."
    ),
    tags=[TAG],
    responses=api_responses(200, AwardSerializer, errors={404: NOT_FOUND}),
)
class AwardDetail(generics.RetrieveAPIView[Award]):
    permission_classes: list[Any] = []
    serializer_class = AwardSerializer

    def get_object(self) -> Award:
        return _award(self.kwargs["uuid"])


@extend_schema(
    summary="List my badges",
    description="The badges awarded to the signed-in person's account, newest first.",
    tags=[TAG],
    responses=api_responses(
        200, AwardSerializer(many=True), errors={403: OpenApiResponse(description="Not signed in.")}
    ),
)
class MyAwardList(generics.ListAPIView[Award]):
    permission_classes = [IsAuthenticated]
    serializer_class = AwardSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Award]:
        if getattr(self, "swagger_fake_view", False):
            return Award.objects.none()
        return award_list_for_recipient(user=signed_in_user(self.request))


@extend_schema(
    summary="Revoke an award",
    description=(
        "With a reason, shown on the award's public page; its bit in the issuer's status "
        "list becomes 1. It cannot be undone: a revoked award answers 409. For the people "
        "who manage the issuer."
    ),
    tags=[TAG],
    request=AwardRevokeSerializer,
    responses=staff_decide(200, AwardStaffSerializer),
)
class AwardRevoke(APIView):
    permission_classes = [IsAuthenticated, IsIssuerStaff]
    parser_classes = UPLOAD_PARSERS

    def post(self, request: Request, uuid: str) -> Response:
        award = _award(uuid)
        self.check_object_permissions(request, award)
        body = AwardRevokeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            award_revoke(
                award=award, by=signed_in_user(request), reason=body.validated_data["reason"]
            )
        return Response(AwardStaffSerializer(_award(uuid)).data)


# --- Proposals -----------------------------------------------------------------------


@extend_schema(
    summary="List the proposals waiting for my decision",
    description=(
        "People who meet the rules of a badge class of an issuer you manage (never your "
        "own proposals), by issuer, badge and date. Empty for everyone else."
    ),
    tags=[PROPOSALS_TAG],
    responses=api_responses(
        200,
        AwardProposalSerializer(many=True),
        errors={403: OpenApiResponse(description="Not signed in.")},
    ),
)
class ProposalList(generics.ListAPIView[AwardProposal]):
    permission_classes = [IsAuthenticated]
    serializer_class = AwardProposalSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return AwardProposal.objects.none()
        views = proposal_list_to_decide(user=signed_in_user(self.request))
        return [view.proposal for view in views]


class ProposalDecision(APIView):
    permission_classes = [IsAuthenticated]

    def proposal(self, pk: int) -> AwardProposal:
        return or_404(proposal_get(pk=pk))

    def answer(self, proposal: AwardProposal) -> Response:
        fresh = (
            AwardProposal.objects.select_related("badge_class__issuer", "user", "award")
            .filter(pk=proposal.pk)
            .get()
        )
        return Response(AwardProposalSerializer(fresh).data)


@extend_schema(
    summary="Accept a proposal",
    description=(
        "Awards the badge to the person (signed in the issuer's name). A proposal already "
        "decided answers 409. For the people who manage the issuer, not the person."
    ),
    tags=[PROPOSALS_TAG],
    request=None,
    responses=staff_decide(200, AwardProposalSerializer),
)
class ProposalAccept(ProposalDecision):
    def post(self, request: Request, pk: int) -> Response:
        proposal = self.proposal(pk)
        with service_errors():
            decided = award_proposal_accept(proposal=proposal, by=signed_in_user(request))
        return self.answer(decided)


@extend_schema(
    summary="Decline a proposal",
    description=(
        "The badge is not awarded, and not proposed again for this person. A proposal "
        "already decided answers 409."
    ),
    tags=[PROPOSALS_TAG],
    request=None,
    responses=staff_decide(200, AwardProposalSerializer),
)
class ProposalDecline(ProposalDecision):
    def post(self, request: Request, pk: int) -> Response:
        proposal = self.proposal(pk)
        with service_errors():
            decided = award_proposal_decline(proposal=proposal, by=signed_in_user(request))
        return self.answer(decided)
