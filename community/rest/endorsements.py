"""API of endorsement requests, endorsements and the competence profile (DRF).

The same rules as the pages (``community/views/endorsements.py``): a request
is seen by the volunteer who sent it and by the account it is addressed to
(404 for everyone else); only the volunteer cancels it (403 for the person
asked), only the person asked answers or declines it (403 for the volunteer).
An endorsement is seen by the volunteer whose claim it is and by its author;
only its author changes it. Referents without an account answer through their
emailed link, on the page, never here. Reads go through
``community.selectors.endorsements``; writes through
``community.services.endorsements``, inside ``service_errors()``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community.models import Endorsement, EndorsementRequest
from community.rest.serializers.endorsements import (
    AnswerSerializer,
    BulkConfirmSerializer,
    CandidatesSerializer,
    DeclineSerializer,
    EndorsementRequestSerializer,
    EndorsementSerializer,
    EndorsementUpdateSerializer,
    ProfileSerializer,
    RequestCreateSerializer,
)
from community.selectors import endorsements as selectors
from community.selectors.profile import competence_profile
from community.services import endorsements as services
from config.http import or_404, signed_in_user
from config.rest import api_responses, service_errors, validated

TAG_REQUESTS = "endorsement requests"


TAG_ENDORSEMENTS = "endorsements"


TAG_PROFILE = "competence profile"


ERRORS = {
    400: OpenApiResponse(description="The body is not valid, or a rule refuses it (by field)."),
    403: OpenApiResponse(description="Not signed in, or not the person who may do this."),
    404: OpenApiResponse(description="Not found, or not something you may see."),
}


responses = partial(api_responses, errors=ERRORS)


class EndorsementAPIView(APIView):
    permission_classes = [IsAuthenticated]

    def visible_request(self, uuid: Any) -> EndorsementRequest:
        return or_404(selectors.endorsement_request_get(uuid=uuid, viewer=self.request.user))

    def read(self, found: EndorsementRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.visible_request(found.uuid)
        context = {"request": self.request}
        return Response(EndorsementRequestSerializer(fresh, context=context).data, status=code)


BOX = OpenApiParameter(
    "box",
    str,
    enum=["sent", "received"],
    description="`sent` (default): the requests I sent; `received`: those addressed to me.",
)


@extend_schema_view(
    get=extend_schema(
        summary="List my endorsement requests", tags=[TAG_REQUESTS], parameters=[BOX]
    ),
    post=extend_schema(
        summary="Ask for endorsement",
        description=(
            "On a recorded contribution of yours with at least one claim. The leaders of its "
            "initiative are asked automatically; add fellow members (`peers`) and referents "
            "by email (`referents`; someone without an account gets a single-use link). "
            "Returns the new requests."
        ),
        tags=[TAG_REQUESTS],
        request=RequestCreateSerializer,
        responses=responses(201, EndorsementRequestSerializer(many=True)),
    ),
)
class EndorsementRequestList(generics.ListAPIView[EndorsementRequest]):
    permission_classes = [IsAuthenticated]
    serializer_class = EndorsementRequestSerializer

    def get_queryset(self) -> QuerySet[EndorsementRequest]:
        if getattr(self, "swagger_fake_view", False):
            return EndorsementRequest.objects.none()
        user = signed_in_user(self.request)
        box = self.request.query_params.get("box", "sent")
        if box == "received":
            return selectors.endorsement_request_received_list(user=user)
        if box != "sent":
            raise ValidationError({"box": [_("Choose sent or received.")]})
        return selectors.endorsement_request_sent_list(user=user)

    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        values = validated(RequestCreateSerializer, request)
        contribution = selectors.contribution_for_asking(uuid=values["contribution"], owner=user)
        if contribution is None:
            raise ValidationError({"contribution": [_("Choose one of your contributions.")]})
        wanted = set(values["peers"])
        peers = list(
            selectors.endorsement_peer_candidates(contribution=contribution).filter(pk__in=wanted)
        )
        if len(peers) != len(wanted):
            raise ValidationError({"peers": [_("Choose fellow members of the initiative.")]})
        referents = [services.Referent(**item) for item in values["referents"]]
        with service_errors():
            created = services.endorsement_request_create(
                contribution=contribution,
                by=user,
                peers=peers,
                referents=referents,
                message=values["message"],
            )
        fresh = selectors.endorsement_request_sent_list(user=user).filter(
            pk__in=[r.pk for r in created]
        )
        data = EndorsementRequestSerializer(fresh, many=True, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Who would be asked",
    description="The leaders asked automatically, and the fellow members you may add.",
    tags=[TAG_REQUESTS],
    parameters=[OpenApiParameter("contribution", OpenApiTypes.UUID, required=True)],
    responses=responses(200, CandidatesSerializer),
)
class EndorsementCandidates(EndorsementAPIView):
    def get(self, request: Request) -> Response:
        field = serializers.UUIDField()
        try:
            uuid = field.to_internal_value(request.query_params.get("contribution", ""))
        except serializers.ValidationError as error:
            raise ValidationError({"contribution": error.detail}) from error
        contribution = or_404(
            selectors.contribution_for_asking(uuid=uuid, owner=signed_in_user(request))
        )
        data = {
            "leaders": selectors.endorsement_leaders_to_ask(contribution=contribution),
            "peers": selectors.endorsement_peer_candidates(contribution=contribution),
        }
        return Response(CandidatesSerializer(data).data)


@extend_schema(
    summary="Read an endorsement request",
    description="For the volunteer who sent it and the person asked; 404 for everyone else.",
    tags=[TAG_REQUESTS],
    responses=responses(200, EndorsementRequestSerializer),
)
class EndorsementRequestDetail(EndorsementAPIView):
    def get(self, request: Request, uuid: str) -> Response:
        return self.read(self.visible_request(uuid))


@extend_schema(
    summary="Cancel a request",
    description="The volunteer who sent it takes it back while it is waiting.",
    tags=[TAG_REQUESTS],
    request=None,
    responses=responses(200, EndorsementRequestSerializer),
)
class EndorsementRequestCancel(EndorsementAPIView):
    def post(self, request: Request, uuid: str) -> Response:
        found = self.visible_request(uuid)
        with service_errors():
            services.endorsement_request_cancel(request=found, by=signed_in_user(request))
        return self.read(found)


@extend_schema(
    summary="Decline a request",
    description="The person asked says no, with a reason the volunteer reads.",
    tags=[TAG_REQUESTS],
    request=DeclineSerializer,
    responses=responses(200, EndorsementRequestSerializer),
)
class EndorsementRequestDecline(EndorsementAPIView):
    def post(self, request: Request, uuid: str) -> Response:
        found = self.visible_request(uuid)
        values = validated(DeclineSerializer, request)
        with service_errors():
            services.endorsement_request_decline(
                request=found, by=signed_in_user(request), reason=values["reason"]
            )
        return self.read(found)


@extend_schema(
    summary="Answer a request (endorse)",
    description=(
        "The person asked confirms or adjusts the level of each claim (`level: null`: I "
        "cannot say). One endorsement per endorser and claim: answering again updates them."
    ),
    tags=[TAG_REQUESTS],
    request=AnswerSerializer,
    responses=responses(200, EndorsementSerializer(many=True)),
)
class EndorsementRequestAnswer(EndorsementAPIView):
    def post(self, request: Request, uuid: str) -> Response:
        found = self.visible_request(uuid)
        values = validated(AnswerSerializer, request)
        claims = {
            claim.uuid: claim
            for claim in selectors.contribution_claims(contribution=found.contribution)
        }
        unknown = [item["claim"] for item in values["answers"] if item["claim"] not in claims]
        if unknown:
            raise ValidationError({"answers": [_("Answer only the competences of this request.")]})
        answers = [
            services.ClaimAnswer(
                claim=claims[item["claim"]], level=item["level"], comment=item["comment"]
            )
            for item in values["answers"]
        ]
        with service_errors():
            endorsements = services.endorsement_answer(
                request=found,
                by=signed_in_user(request),
                answers=answers,
                relationship=values["relationship"],
                organisation=values["organisation"],
            )
        fresh = selectors.endorsement_list_given(user=signed_in_user(request)).filter(
            pk__in=[e.pk for e in endorsements]
        )
        return Response(EndorsementSerializer(fresh, many=True, context={"request": request}).data)


@extend_schema(
    summary="Confirm several requests at once (leaders)",
    description=(
        "Every claim of the selected requests is confirmed at the volunteer's own level. "
        "All or nothing: each must be a leader's request addressed to you and still waiting."
    ),
    tags=[TAG_REQUESTS],
    request=BulkConfirmSerializer,
    responses=responses(200, EndorsementRequestSerializer(many=True)),
)
class EndorsementRequestBulkConfirm(EndorsementAPIView):
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        values = validated(BulkConfirmSerializer, request)
        wanted = set(values["requests"])
        queue = list(selectors.leader_review_queue(user=user).filter(uuid__in=wanted))
        if len(queue) != len(wanted):
            raise ValidationError({"requests": [_("Choose requests waiting for you as a leader.")]})
        with service_errors():
            confirmed = services.endorsement_bulk_confirm(
                requests=queue, by=user, relationship=values["relationship"]
            )
        fresh = selectors.endorsement_request_received_list(user=user).filter(
            pk__in=[r.pk for r in confirmed]
        )
        data = EndorsementRequestSerializer(fresh, many=True, context={"request": request}).data
        return Response(data)


ROLE = OpenApiParameter(
    "role",
    str,
    enum=["owner", "author"],
    description="`owner` (default): endorsements of my claims; `author`: those I gave.",
)


@extend_schema_view(
    get=extend_schema(summary="List endorsements", tags=[TAG_ENDORSEMENTS], parameters=[ROLE])
)
class EndorsementList(generics.ListAPIView[Endorsement]):
    permission_classes = [IsAuthenticated]
    serializer_class = EndorsementSerializer

    def get_queryset(self) -> QuerySet[Endorsement]:
        if getattr(self, "swagger_fake_view", False):
            return Endorsement.objects.none()
        user = signed_in_user(self.request)
        role = self.request.query_params.get("role", "owner")
        if role == "author":
            return selectors.endorsement_list_given(user=user)
        if role != "owner":
            raise ValidationError({"role": [_("Choose owner or author.")]})
        return selectors.endorsement_list_for_owner(user=user)


@extend_schema_view(
    get=extend_schema(
        summary="Read an endorsement",
        description="For the volunteer whose claim it is and for its author.",
        tags=[TAG_ENDORSEMENTS],
        responses=responses(200, EndorsementSerializer),
    ),
    patch=extend_schema(
        summary="Change an endorsement",
        description="Its author only: level, comment, relationship.",
        tags=[TAG_ENDORSEMENTS],
        request=EndorsementUpdateSerializer,
        responses=responses(200, EndorsementSerializer),
    ),
)
class EndorsementDetail(EndorsementAPIView):
    def endorsement(self, uuid: str) -> Endorsement:
        return or_404(selectors.endorsement_get_for_viewer(uuid=uuid, viewer=self.request.user))

    def get(self, request: Request, uuid: str) -> Response:
        endorsement = self.endorsement(uuid)
        return Response(EndorsementSerializer(endorsement, context={"request": request}).data)

    def patch(self, request: Request, uuid: str) -> Response:
        endorsement = self.endorsement(uuid)
        body = EndorsementUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        with service_errors():
            services.endorsement_update(
                endorsement=endorsement, by=signed_in_user(request), **body.validated_data
            )
        return self.get(request, uuid)


@extend_schema(
    summary="My competence profile",
    description=(
        "Per competence claimed on my recorded contributions: the highest confirmed level, "
        "endorsements by kind (leaders, fellow members, outside), total hours, number of "
        "contributions, and my own level; grouped by domain."
    ),
    tags=[TAG_PROFILE],
    responses=responses(200, ProfileSerializer),
)
class CompetenceProfileView(EndorsementAPIView):
    def get(self, request: Request) -> Response:
        profile = competence_profile(owner=signed_in_user(request))
        return Response(ProfileSerializer(profile).data)
