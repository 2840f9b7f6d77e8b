"""API of initiatives and memberships (DRF); invitations and requests to join are in
``community.rest.joining``, under the same rules.

The same rules as the pages (``community/views/initiatives.py``):

- initiatives are public: anyone reads the list and each initiative; a
  signed-in person whose email address is confirmed creates one and becomes
  its leader; its leaders change it; stewards and staff mark it verified;
- the members of an initiative are listed for its members only (403 for
  everyone else, 404 for an unknown initiative); its leaders change roles,
  remove members, invite by email, cancel invitations and answer requests to
  join (403 for everyone else); a member leaves; an initiative always keeps a
  leader (400 with the reason).

Anonymous callers read public data only; every write answers them 403
(session authentication). Serializers only validate the body; reads go through
``community.selectors.initiatives``, writes through ``community.services.initiatives`` (the same
functions as the pages), inside ``service_errors()``. People are named by the
name they chose, never by their address, except for leaders, who see the
addresses of their members, invitees and people asking to join, as on the
page. An invitation's token and its hash are never returned.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from community.models import (
    Initiative,
    InitiativeKind,
    Membership,
    Sphere,
)
from community.rest.serializers.initiatives import (
    FilterSerializer,
    InitiativeSerializer,
    InitiativeUpdateSerializer,
    InitiativeWriteSerializer,
    MemberSerializer,
    RoleSerializer,
    VerifySerializer,
)
from community.selectors.initiatives import (
    initiative_details_attach,
    initiative_get,
    initiative_list,
    member_list,
    membership_get,
    membership_roles,
    user_can_create_initiative,
    user_can_verify_initiatives,
)
from community.services.initiatives import (
    initiative_create,
    initiative_set_verified,
    initiative_update,
    membership_change_role,
    membership_leave,
    membership_remove,
)
from config.http import or_404, signed_in_user
from config.rest import (
    UPLOAD_PARSERS,
    Pagination,
    api_responses,
    service_errors,
    validated,
)

TAG_INITIATIVES = "initiatives"


TAG_MEMBERS = "members"


NOT_LEADER = _("Only the leaders of this initiative can do this.")


NOT_MEMBER = _("Only the members of this initiative can do this.")


NOT_STEWARD = _("Only the stewards of the territory can mark an initiative as verified.")


NOT_CONFIRMED = _(
    "Please confirm your email address first: open the link we sent you when you signed up."
)


ERRORS = {
    400: OpenApiResponse(description="The body is not valid, or a rule refuses it (by field)."),
    403: OpenApiResponse(description="Not signed in, or not the person who may do this."),
    404: OpenApiResponse(description="Not found, or not something you may see."),
}


responses = partial(api_responses, errors=ERRORS)


class InitiativeAPIView(generics.GenericAPIView[Any]):
    """Views under /initiatives/<slug>/: finds the initiative and checks who is calling."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    _initiative: Initiative | None = None
    _membership: Membership | None = None

    def fake(self) -> bool:
        """True while drf-spectacular inspects the view (no real request)."""
        return bool(getattr(self, "swagger_fake_view", False))

    def initiative(self) -> Initiative:
        """The initiative named in the address (404 when there is none)."""
        if self._initiative is None:
            found = or_404(initiative_get(slug=self.kwargs["slug"]))
            self._initiative = found
        return self._initiative

    def membership(self) -> Membership:
        """The caller's membership of the initiative (403 when they are not a member)."""
        if self._membership is None:
            found = membership_get(initiative=self.initiative(), user=self.request.user)
            if found is None:
                raise PermissionDenied(NOT_MEMBER)
            self._membership = found
        return self._membership

    def led_initiative(self) -> Initiative:
        """The initiative, if the caller leads it (404 when there is none, else 403)."""
        if not self.membership().is_leader:
            raise PermissionDenied(NOT_LEADER)
        return self.initiative()

    def read_initiative(self, slug: str, code: int = status.HTTP_200_OK) -> Response:
        initiative = initiative_get(slug=slug)
        assert initiative is not None
        membership = membership_get(initiative=initiative, user=self.request.user)
        roles = {initiative.pk: membership.role} if membership else {}
        context = {**self.get_serializer_context(), "roles": roles}
        return Response(InitiativeSerializer(initiative, context=context).data, status=code)


KIND = OpenApiParameter("kind", str, enum=InitiativeKind.values, description="Only this kind.")


SPHERE = OpenApiParameter("sphere", str, enum=Sphere.values, description="Only this sphere.")


INITIATIVE_BODY = {
    "multipart/form-data": InitiativeWriteSerializer,
    "application/json": InitiativeWriteSerializer,
}


@extend_schema_view(
    get=extend_schema(
        summary="List initiatives",
        description="Every initiative is public. Filter by `kind` and `sphere`.",
        tags=[TAG_INITIATIVES],
        parameters=[KIND, SPHERE],
    ),
    post=extend_schema(
        summary="Create an initiative",
        description=(
            "For a signed-in person whose email address is confirmed; they become its leader. "
            "A logo needs a multipart body."
        ),
        tags=[TAG_INITIATIVES],
        request=INITIATIVE_BODY,
        responses=responses(201, InitiativeSerializer),
    ),
)
class InitiativeList(InitiativeAPIView, generics.ListAPIView[Initiative]):
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = InitiativeSerializer
    parser_classes = UPLOAD_PARSERS

    def get_queryset(self) -> QuerySet[Initiative]:
        if self.fake():
            return Initiative.objects.none()
        filters = FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return initiative_list(
            kind=filters.validated_data.get("kind", ""),
            sphere=filters.validated_data.get("sphere", ""),
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        if page is not None:
            initiative_details_attach(page)  # counts only the page's members
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if not self.fake():
            context["roles"] = membership_roles(user=self.request.user)
        return context

    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        if not user_can_create_initiative(user):
            raise PermissionDenied(NOT_CONFIRMED)
        values = validated(InitiativeWriteSerializer, request)
        with service_errors():
            initiative = initiative_create(by=user, **values)
        return self.read_initiative(initiative.slug, status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="Read an initiative",
        description="Public. `my_role` says whether you are a leader or a member.",
        tags=[TAG_INITIATIVES],
        responses=responses(200, InitiativeSerializer),
    ),
    patch=extend_schema(
        summary="Change an initiative",
        description=(
            "Its leaders only. What the body leaves out keeps its value. A new name takes "
            "the verified mark away until a steward checks it again. A new logo needs a "
            "multipart body; `remove_logo: true` removes the current one."
        ),
        tags=[TAG_INITIATIVES],
        request={
            "multipart/form-data": InitiativeUpdateSerializer,
            "application/json": InitiativeUpdateSerializer,
        },
        responses=responses(200, InitiativeSerializer),
    ),
)
class InitiativeDetail(InitiativeAPIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = InitiativeSerializer
    parser_classes = UPLOAD_PARSERS

    def get(self, request: Request, slug: str) -> Response:
        return self.read_initiative(self.initiative().slug)

    def patch(self, request: Request, slug: str) -> Response:
        initiative = self.led_initiative()
        body = InitiativeUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        current = {
            "name": initiative.name,
            "kind": initiative.kind,
            "spheres": initiative.sphere_values,
            "description": initiative.description,
            "commune": initiative.commune,
            "postcode": initiative.postcode,
            "website": initiative.website,
            # Where it is stays, unless the body types another town or postcode: the
            # API does not choose a commune of the reference data (the page does).
            "place": None
            if {"commune", "postcode"} & set(body.validated_data)
            else initiative.place,
            "latitude": initiative.latitude,
            "longitude": initiative.longitude,
        }
        with service_errors():
            initiative_update(
                initiative=initiative,
                by=signed_in_user(request),
                **{**current, **body.validated_data},
            )
        return self.read_initiative(initiative.slug)


@extend_schema(
    summary="Mark an initiative as verified, or take the mark back",
    description='Stewards of the territory and staff only. A JSON body: `{"verified": true}`.',
    tags=[TAG_INITIATIVES],
    request=VerifySerializer,
    responses=responses(200, InitiativeSerializer),
)
class InitiativeVerify(InitiativeAPIView):
    serializer_class = InitiativeSerializer
    # JSON only: a form without the field would read as false.
    parser_classes = [JSONParser]

    def post(self, request: Request, slug: str) -> Response:
        initiative = self.initiative()
        if not user_can_verify_initiatives(request.user):
            raise PermissionDenied(NOT_STEWARD)
        values = validated(VerifySerializer, request)
        with service_errors():
            initiative_set_verified(
                initiative=initiative, by=signed_in_user(request), verified=values["verified"]
            )
        return self.read_initiative(initiative.slug)


@extend_schema(
    summary="Leave an initiative",
    description="For its members. The last leader cannot leave: they make another member a "
    "leader first (400).",
    tags=[TAG_MEMBERS],
    request=None,
    responses=responses(204),
)
class InitiativeLeave(InitiativeAPIView):
    def post(self, request: Request, slug: str) -> Response:
        self.membership()
        with service_errors():
            membership_leave(initiative=self.initiative(), user=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        summary="List the members of an initiative",
        description=(
            "For its members only (403 for everyone else). Leaders also see each member's "
            "email address."
        ),
        tags=[TAG_MEMBERS],
    ),
)
class MemberList(InitiativeAPIView, generics.ListAPIView[Membership]):
    serializer_class = MemberSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        if self.fake():
            return Membership.objects.none()
        self.membership()
        return member_list(initiative=self.initiative(), viewer=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if not self.fake():
            context["leader"] = self.membership().is_leader
        return context


@extend_schema_view(
    patch=extend_schema(
        summary="Change a member's role",
        description="Leaders only. The last leader stays a leader (400).",
        tags=[TAG_MEMBERS],
        request=RoleSerializer,
        responses=responses(200, MemberSerializer),
    ),
    delete=extend_schema(
        summary="Remove a member",
        description="Leaders only. The last leader cannot be removed (400).",
        tags=[TAG_MEMBERS],
        responses=responses(204),
    ),
)
class MemberDetail(InitiativeAPIView):
    serializer_class = MemberSerializer

    def member(self, pk: int) -> Membership:
        return get_object_or_404(
            Membership.objects.select_related("user", "initiative"),
            pk=pk,
            initiative=self.led_initiative(),
        )

    def patch(self, request: Request, slug: str, pk: int) -> Response:
        membership = self.member(pk)
        values = validated(RoleSerializer, request)
        with service_errors():
            membership_change_role(
                membership=membership, by=signed_in_user(request), role=values["role"]
            )
        context = {**self.get_serializer_context(), "leader": True}
        return Response(MemberSerializer(membership, context=context).data)

    def delete(self, request: Request, slug: str, pk: int) -> Response:
        membership = self.member(pk)
        with service_errors():
            membership_remove(membership=membership, by=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
