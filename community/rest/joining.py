"""API of invitations and requests to join an initiative (DRF), split from
``community.rest.initiatives`` and under its rules: only an initiative's leaders list, send
and cancel its invitations and answer its requests to join (403 for everyone else, 404 for an
unknown initiative); a signed-in person asks to join. Writes go through
``community.services.joining`` (the same functions as the pages) inside ``service_errors()``.
An invitation's token and its hash are never returned.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from community.models import Invitation, JoinRequest
from community.rest.initiatives import (
    TAG_MEMBERS,
    InitiativeAPIView,
    responses,
)
from community.rest.serializers.initiatives import (
    InvitationCreateSerializer,
    InvitationSerializer,
    JoinRequestCreateSerializer,
    JoinRequestSerializer,
)
from community.selectors.initiatives import (
    invitation_pending_list,
    join_request_pending_list,
)
from community.services.joining import (
    invitation_create,
    invitation_revoke,
    join_request_accept,
    join_request_create,
    join_request_refuse,
)
from config.http import signed_in_user
from config.rest import service_errors, validated


@extend_schema_view(
    get=extend_schema(
        summary="List the invitations waiting for an answer",
        description="Leaders only.",
        tags=[TAG_MEMBERS],
    ),
    post=extend_schema(
        summary="Invite someone by email",
        description=(
            "Leaders only. Someone with an account gets a notification and answers on the "
            "initiative's page; anyone else gets an email with a single-use link that expires, "
            "to create their account. Inviting the same address again cancels the previous link."
        ),
        tags=[TAG_MEMBERS],
        request=InvitationCreateSerializer,
        responses=responses(201, InvitationSerializer),
    ),
)
class InvitationList(InitiativeAPIView, generics.ListAPIView[Invitation]):
    serializer_class = InvitationSerializer

    def get_queryset(self) -> QuerySet[Invitation]:
        if self.fake():
            return Invitation.objects.none()
        return invitation_pending_list(initiative=self.led_initiative(), viewer=self.request.user)

    def post(self, request: Request, slug: str) -> Response:
        initiative = self.led_initiative()
        values = validated(InvitationCreateSerializer, request)
        with service_errors():
            invitation = invitation_create(
                initiative=initiative, by=signed_in_user(request), **values
            )
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    delete=extend_schema(
        summary="Cancel an invitation",
        description="Leaders only. Its link stops working.",
        tags=[TAG_MEMBERS],
        responses=responses(204),
    ),
)
class InvitationDetail(InitiativeAPIView):
    serializer_class = InvitationSerializer

    def delete(self, request: Request, slug: str, pk: int) -> Response:
        invitation = get_object_or_404(Invitation, pk=pk, initiative=self.led_initiative())
        with service_errors():
            invitation_revoke(invitation=invitation, by=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        summary="List the requests to join waiting for an answer",
        description="Leaders only.",
        tags=[TAG_MEMBERS],
    ),
    post=extend_schema(
        summary="Ask to join an initiative",
        description=(
            "For a signed-in person who is not a member and whose email address is confirmed. "
            "The leaders are notified."
        ),
        tags=[TAG_MEMBERS],
        request=JoinRequestCreateSerializer,
        responses=responses(201, JoinRequestSerializer),
    ),
)
class JoinRequestList(InitiativeAPIView, generics.ListAPIView[JoinRequest]):
    serializer_class = JoinRequestSerializer

    def get_queryset(self) -> QuerySet[JoinRequest]:
        if self.fake():
            return JoinRequest.objects.none()
        return join_request_pending_list(
            initiative=self.led_initiative(), viewer=self.request.user
        ).select_related("initiative")

    def post(self, request: Request, slug: str) -> Response:
        values = validated(JoinRequestCreateSerializer, request)
        with service_errors():
            join_request = join_request_create(
                initiative=self.initiative(),
                user=signed_in_user(request),
                message=values["message"],
            )
        return Response(self.get_serializer(join_request).data, status=status.HTTP_201_CREATED)


class JoinRequestAnswer(InitiativeAPIView):
    serializer_class = JoinRequestSerializer

    def join_request(self, pk: int) -> JoinRequest:
        return get_object_or_404(
            JoinRequest.objects.select_related("user", "initiative"),
            pk=pk,
            initiative=self.led_initiative(),
        )

    def answered(self, join_request: JoinRequest) -> Response:
        join_request.refresh_from_db(fields=["status", "decided_at"])
        return Response(self.get_serializer(join_request).data)


@extend_schema(
    summary="Accept a request to join",
    description="Leaders only. The person becomes a member and is notified.",
    tags=[TAG_MEMBERS],
    request=None,
    responses=responses(200, JoinRequestSerializer),
)
class JoinRequestAccept(JoinRequestAnswer):
    def post(self, request: Request, slug: str, pk: int) -> Response:
        join_request = self.join_request(pk)
        with service_errors():
            join_request_accept(join_request=join_request, by=signed_in_user(request))
        return self.answered(join_request)


@extend_schema(
    summary="Refuse a request to join",
    description="Leaders only.",
    tags=[TAG_MEMBERS],
    request=None,
    responses=responses(200, JoinRequestSerializer),
)
class JoinRequestRefuse(JoinRequestAnswer):
    def post(self, request: Request, slug: str, pk: int) -> Response:
        join_request = self.join_request(pk)
        with service_errors():
            join_request_refuse(join_request=join_request, by=signed_in_user(request))
        return self.answered(join_request)
