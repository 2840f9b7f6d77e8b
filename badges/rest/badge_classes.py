"""API views of badge classes: public reads, writes for the issuer's staff.

Badge classes are public (verifiers read them). Creating and changing them goes
through ``badges.services.badge_classes`` (the same functions as the pages), for the
issuer's staff: 403 for everyone else, before the body is read.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from badges.models import BadgeClass, BadgeRule, Issuer
from badges.rest.errors import service_errors
from badges.rest.permissions import IsIssuerStaffOrReadOnly
from badges.rest.serializers.badge_classes import (
    BadgeClassDetailSerializer,
    BadgeClassSerializer,
    BadgeClassUpdateSerializer,
    BadgeClassWriteSerializer,
)
from badges.selectors.badge_classes import badge_class_get
from badges.selectors.issuers import issuer_get
from badges.services.badge_classes import RuleSpec, badge_class_create, badge_class_update
from config.http import or_404, signed_in_user
from config.rest import UPLOAD_PARSERS, Pagination, api_responses

TAG = "badge classes"
ERRORS = {
    400: OpenApiResponse(description="The body is not valid: errors by field."),
    403: OpenApiResponse(description="Not signed in, or not someone who manages this issuer."),
    404: OpenApiResponse(description="No issuer or badge class with this identifier."),
}

responses = partial(api_responses, errors=ERRORS)


def _issuer(uuid: Any) -> Issuer:
    return or_404(issuer_get(uuid=uuid))


def _badge_class(uuid: Any) -> BadgeClass:
    return or_404(badge_class_get(uuid=uuid))


def _current_rules(badge_class: BadgeClass) -> list[RuleSpec]:
    return [
        RuleSpec(
            competence=rule.competence,
            min_level=rule.min_level,
            min_endorsers=rule.min_endorsers,
            min_leaders=rule.min_leaders,
        )
        for rule in badge_class.rules.all()
    ]


class BadgeClassAPIView(generics.GenericAPIView[BadgeClass]):
    permission_classes = [IsAuthenticatedOrReadOnly, IsIssuerStaffOrReadOnly]
    serializer_class = BadgeClassSerializer
    parser_classes = UPLOAD_PARSERS
    pagination_class = Pagination

    def answer(self, badge_class: BadgeClass, code: int = status.HTTP_200_OK) -> Response:
        fresh = _badge_class(badge_class.uuid)
        return Response(BadgeClassDetailSerializer(fresh).data, status=code)


@extend_schema_view(
    get=extend_schema(
        summary="List an issuer's badge classes",
        description="Public, by name, each with its rules (paginated).",
        tags=[TAG],
    ),
    post=extend_schema(
        summary="Create a badge class",
        description=(
            "For the people who manage the issuer. JSON, or multipart to send an image "
            "(then `rules` is one field holding the list as JSON)."
        ),
        tags=[TAG],
        request={
            "application/json": BadgeClassWriteSerializer,
            "multipart/form-data": BadgeClassWriteSerializer,
        },
        responses=responses(201, BadgeClassDetailSerializer),
    ),
)
class BadgeClassList(BadgeClassAPIView, generics.ListAPIView[BadgeClass]):
    def get_queryset(self) -> QuerySet[BadgeClass]:
        if getattr(self, "swagger_fake_view", False):
            return BadgeClass.objects.none()
        rules = BadgeRule.objects.select_related("competence").order_by("pk")
        return (
            BadgeClass.objects.filter(issuer=_issuer(self.kwargs["uuid"]))
            .select_related("issuer")
            .prefetch_related("tags", Prefetch("rules", queryset=rules))  # type: ignore[misc]
            .order_by("name", "pk")
        )

    def post(self, request: Request, uuid: str) -> Response:
        issuer = _issuer(uuid)
        self.check_object_permissions(request, issuer)
        body = BadgeClassWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            badge_class = badge_class_create(
                issuer=issuer, by=signed_in_user(request), **body.validated_data
            )
        return self.answer(badge_class, status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="Read a badge class",
        description=(
            "Public: its rules, and its OB 3.0 alignments (each rule's competence, then "
            "the competence's external alignments such as ESCO skills)."
        ),
        tags=[TAG],
        responses=responses(200, BadgeClassDetailSerializer),
    ),
    patch=extend_schema(
        summary="Change a badge class",
        description=(
            "For the people who manage its issuer; partial: what the body leaves out keeps "
            "its value, `rules` replaces every rule. Badges already awarded are signed and "
            "never change; `rules_changed_at` records when the rules last changed. JSON, "
            "or multipart to send an image."
        ),
        tags=[TAG],
        request={
            "application/json": BadgeClassUpdateSerializer,
            "multipart/form-data": BadgeClassUpdateSerializer,
        },
        responses=responses(200, BadgeClassDetailSerializer),
    ),
)
class BadgeClassDetail(BadgeClassAPIView, generics.RetrieveAPIView[BadgeClass]):
    serializer_class = BadgeClassDetailSerializer

    def get_object(self) -> BadgeClass:
        badge_class = _badge_class(self.kwargs["uuid"])
        self.check_object_permissions(self.request, badge_class)
        return badge_class

    def patch(self, request: Request, uuid: str) -> Response:
        badge_class = self.get_object()
        body = BadgeClassUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        values: dict[str, Any] = {
            "name": badge_class.name,
            "description": badge_class.description,
            "criteria_narrative": badge_class.criteria_narrative,
            "achievement_type": badge_class.achievement_type,
            "tags": [tag.name for tag in badge_class.tags.all()],
            "validity_days": badge_class.validity_days,
            "auto_award": badge_class.auto_award,
            "rules": _current_rules(badge_class),
            **body.validated_data,
        }
        with service_errors():
            badge_class_update(badge_class=badge_class, by=signed_in_user(request), **values)
        return self.answer(badge_class)
