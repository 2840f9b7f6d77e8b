"""API views: issuers and their signing keys.

Reads are public (an issuer's profile and public keys are what verifiers
read). Writes go through ``badges.services`` and are for the issuer's staff;
creating the territory's issuer is for stewards and staff. The responses never
contain a private key: serializers only read public fields.
"""

from __future__ import annotations

from functools import partial

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from badges.models import Issuer
from badges.rest.permissions import IsIssuerStaffOrReadOnly
from badges.rest.serializers.issuers import (
    IssuerCreateSerializer,
    IssuerSerializer,
    IssuerUpdateSerializer,
)
from badges.selectors.issuers import issuer_get, issuer_list
from badges.services.issuers import issuer_create, issuer_key_rotate, issuer_update
from community.api import initiative_get
from config.http import or_404, signed_in_user
from config.rest import UPLOAD_PARSERS, api_responses, service_errors

TAG = "issuers"
ERRORS = {
    400: OpenApiResponse(description="The body is not valid: errors by field."),
    403: OpenApiResponse(description="Not signed in, or not someone who manages this issuer."),
    404: OpenApiResponse(description="No issuer with this identifier."),
}


responses = partial(api_responses, errors=ERRORS)


class IssuerAPIView(generics.GenericAPIView[Issuer]):
    permission_classes = [IsAuthenticatedOrReadOnly, IsIssuerStaffOrReadOnly]
    serializer_class = IssuerSerializer
    parser_classes = UPLOAD_PARSERS

    def get_queryset(self) -> QuerySet[Issuer]:
        return issuer_list()

    def issuer(self) -> Issuer:
        """The issuer in the address (404), checked against the permissions (403)."""
        issuer = or_404(issuer_get(uuid=self.kwargs["uuid"]))
        self.check_object_permissions(self.request, issuer)
        return issuer

    def answer(self, issuer: Issuer, code: int = status.HTTP_200_OK) -> Response:
        fresh = issuer_get(uuid=issuer.uuid)
        return Response(self.get_serializer(fresh).data, status=code)


@extend_schema_view(
    get=extend_schema(
        summary="List the issuers",
        description="Every issuer, the territory first: public profiles and public keys.",
        tags=[TAG],
    ),
    post=extend_schema(
        summary="Create an issuer",
        description=(
            "`initiative`: the slug of an initiative you lead; leave it out (or null) to "
            "create the territory's issuer (stewards and staff). The first signing key is "
            "created at once. JSON, or multipart to send an image."
        ),
        tags=[TAG],
        request=IssuerCreateSerializer,
        responses=responses(201, IssuerSerializer),
    ),
)
class IssuerList(IssuerAPIView, generics.ListAPIView[Issuer]):
    def post(self, request: Request) -> Response:
        body = IssuerCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        slug = values.pop("initiative", None)
        initiative = None
        if slug:
            initiative = initiative_get(slug=slug)
            if initiative is None:
                raise ValidationError({"initiative": [_("There is no initiative with this name.")]})
        with service_errors():
            issuer = issuer_create(by=signed_in_user(request), initiative=initiative, **values)
        return self.answer(issuer, status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="Read an issuer",
        description="Its public profile and every public key, retired ones included.",
        tags=[TAG],
    ),
    patch=extend_schema(
        summary="Change an issuer",
        description="For the people who manage it. JSON, or multipart to send an image.",
        tags=[TAG],
        request=IssuerUpdateSerializer,
        responses=responses(200, IssuerSerializer),
    ),
)
class IssuerDetail(IssuerAPIView, generics.RetrieveAPIView[Issuer]):
    def get_object(self) -> Issuer:
        return self.issuer()

    def patch(self, request: Request, uuid: str) -> Response:
        issuer = self.issuer()
        body = IssuerUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        values = {
            "name": issuer.name,
            "email": issuer.email,
            "url": issuer.url,
            "description": issuer.description,
            **body.validated_data,
        }
        with service_errors():
            issuer_update(issuer=issuer, by=signed_in_user(request), **values)
        return self.answer(issuer)


@extend_schema(
    summary="Rotate the signing key",
    description=(
        "Retires the active key and creates a new one. Retired keys stay published, so "
        "the badges they signed still verify. For the people who manage the issuer."
    ),
    tags=[TAG],
    request=None,
    responses=responses(200, IssuerSerializer),
)
class IssuerKeyRotate(IssuerAPIView):
    def post(self, request: Request, uuid: str) -> Response:
        issuer = self.issuer()
        with service_errors():
            issuer_key_rotate(issuer=issuer, by=signed_in_user(request))
        return self.answer(issuer)
