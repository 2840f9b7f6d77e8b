"""API views: contributions, their evidence and their competence claims.

The same rules as the pages: reads go through the selectors of
``community.selectors.contributions`` (404 for what the viewer may not see),
writes through ``community.services.contributions`` and are for the owner
only (403 for others who may see the contribution). Sign-in is required.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from community.models import CompetenceClaim, Contribution, Evidence, Initiative
from community.rest.permissions import IsContributionOwnerOrReadOnly
from community.rest.serializers.contributions import (
    ClaimSerializer,
    ClaimUpdateSerializer,
    ClaimWriteSerializer,
    ContributionSerializer,
    ContributionWriteSerializer,
    EvidenceSerializer,
    EvidenceWriteSerializer,
)
from community.selectors import contributions as selectors
from community.services import contributions as services
from config.http import or_404, signed_in_user
from config.rest import UPLOAD_PARSERS, TimeCursorPagination, api_responses, service_errors

TAG = "contributions"
NOT_MEMBER = _("You can only record a contribution in an initiative you are a member of.")
ERRORS = {
    400: OpenApiResponse(description="The body is not valid: errors by field."),
    403: OpenApiResponse(description="Not signed in, or not the owner of the contribution."),
    404: OpenApiResponse(description="Not found, or not something you may see."),
}


responses = partial(api_responses, errors=ERRORS)


def _claims() -> Prefetch:
    return Prefetch(
        "claims",
        queryset=CompetenceClaim.objects.select_related("competence__version__framework"),
    )


class ContributionAPIView(generics.GenericAPIView[Any]):
    permission_classes = [IsAuthenticated, IsContributionOwnerOrReadOnly]
    _contribution: Contribution | None = None

    def fake(self) -> bool:
        """True while drf-spectacular inspects the view (no real request)."""
        return bool(getattr(self, "swagger_fake_view", False))

    def contribution(self) -> Contribution:
        """The contribution named in the address, if the viewer may see it (else 404)."""
        cached = self._contribution
        if cached is None:
            cached = or_404(
                selectors.contribution_get_for_viewer(
                    uuid=self.kwargs["uuid"], viewer=self.request.user
                )
            )
            self._contribution = cached
        return cached

    def owned_contribution(self) -> Contribution:
        contribution = self.contribution()
        self.check_object_permissions(self.request, contribution)
        return contribution

    def initiative(self, slug: str | None, current: Initiative | None = None) -> Initiative | None:
        if not slug:
            return None
        allowed = selectors.contribution_initiative_choices(
            owner=signed_in_user(self.request), current=current
        )
        initiative = allowed.filter(slug=slug).first()
        if initiative is None:
            raise ValidationError({"initiative": [NOT_MEMBER]})
        return initiative


def _contribution_values(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if key != "initiative"}


# --- Contributions ------------------------------------------------------------------


class ContributionCursor(TimeCursorPagination):
    """Newest first, by the date of the contribution (then when it was noted)."""

    ordering = ("-started_on", "-created_at", "-pk")


@extend_schema_view(
    get=extend_schema(
        summary="List my contributions",
        description=(
            "Your own contributions, drafts included, newest first. Paginated by cursor: "
            "follow `next` (and `previous`); a page stays the same when contributions are "
            "added. `page_size` from 1 to 200 (default 50)."
        ),
        tags=[TAG],
    ),
    post=extend_schema(
        summary="Record a contribution",
        description="Recorded unless `status` is `draft`. Add files through the evidence endpoint.",
        tags=[TAG],
        request=ContributionWriteSerializer,
        responses=responses(201, ContributionSerializer),
    ),
)
class ContributionList(ContributionAPIView, generics.ListAPIView[Contribution]):
    serializer_class = ContributionSerializer
    pagination_class = ContributionCursor

    def get_queryset(self) -> QuerySet[Contribution]:
        if self.fake():
            return Contribution.objects.none()
        return selectors.contribution_list_for_owner(
            owner=signed_in_user(self.request)
        ).select_related("owner")

    def post(self, request: Request) -> Response:
        body = ContributionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        initiative = self.initiative(values.get("initiative"))
        with service_errors():
            contribution = services.contribution_create(
                owner=signed_in_user(request), initiative=initiative, **_contribution_values(values)
            )
        return Response(
            self.get_serializer(self._read(contribution)).data, status=status.HTTP_201_CREATED
        )

    def _read(self, contribution: Contribution) -> Contribution:
        return self.get_queryset().get(pk=contribution.pk)


@extend_schema_view(
    get=extend_schema(
        summary="Read a contribution",
        description=(
            "For its owner; once recorded, also for the leaders of its initiative and the "
            "people asked to endorse it. 404 for everyone else."
        ),
        tags=[TAG],
    ),
    patch=extend_schema(
        summary="Change a contribution",
        description="Owner only. A draft can be recorded (`status`), never the other way.",
        tags=[TAG],
        request=ContributionWriteSerializer,
        responses=responses(200, ContributionSerializer),
    ),
    delete=extend_schema(
        summary="Delete a contribution",
        description="Owner only. Its evidence, claims and endorsements are deleted too.",
        tags=[TAG],
        responses=responses(204),
    ),
)
class ContributionDetail(ContributionAPIView, generics.RetrieveAPIView[Contribution]):
    serializer_class = ContributionSerializer

    def get_object(self) -> Contribution:
        contribution = self.contribution()
        self.check_object_permissions(self.request, contribution)
        return contribution

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        contribution = self.get_object()
        prefetch_related_objects([contribution], _claims())
        return Response(self.get_serializer(contribution).data)

    def patch(self, request: Request, uuid: str) -> Response:
        contribution = self.owned_contribution()
        body = ContributionWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        current = {
            "personal_project": contribution.personal_project,
            "title": contribution.title,
            "narrative": contribution.narrative,
            "role": contribution.role,
            "started_on": contribution.started_on,
            "ended_on": contribution.ended_on,
            "hours": contribution.hours,
            "tags": [tag.name for tag in contribution.tags.all()],
        }
        if "initiative" in values:
            initiative = self.initiative(values["initiative"], current=contribution.initiative)
        else:
            initiative = contribution.initiative
        with service_errors():
            services.contribution_update(
                contribution=contribution,
                by=signed_in_user(request),
                initiative=initiative,
                **{**current, **_contribution_values(values)},
            )
        self._contribution = None
        return self.retrieve(request)

    def delete(self, request: Request, uuid: str) -> Response:
        contribution = self.owned_contribution()
        services.contribution_delete(contribution=contribution, by=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Evidence -----------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List a contribution's evidence",
        description=(
            "All of it for the owner; for the others who may read the contribution, the "
            "evidence shown to endorsers (never the private one)."
        ),
        tags=[TAG],
    ),
    post=extend_schema(
        summary="Add evidence to a contribution",
        description=(
            "Owner only. A file (multipart: JPEG, PNG, GIF, WebP or PDF, 10 MB at most, "
            "checked by its content; images are re-encoded without metadata), a link or a text."
        ),
        tags=[TAG],
        request={
            "multipart/form-data": EvidenceWriteSerializer,
            "application/json": EvidenceWriteSerializer,
        },
        responses=responses(201, EvidenceSerializer),
    ),
)
class EvidenceList(ContributionAPIView, generics.ListAPIView[Evidence]):
    serializer_class = EvidenceSerializer
    pagination_class = None
    parser_classes = UPLOAD_PARSERS

    def get_queryset(self) -> QuerySet[Evidence]:
        if self.fake():
            return Evidence.objects.none()
        return selectors.evidence_visible(
            contribution=self.contribution(), viewer=self.request.user
        )

    def post(self, request: Request, uuid: str) -> Response:
        contribution = self.owned_contribution()
        body = EvidenceWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        with service_errors():
            evidence = services.evidence_add(
                contribution=contribution,
                by=signed_in_user(request),
                kind=values["kind"],
                title=values.get("title", ""),
                visibility=values["visibility"],
                file=values.get("file"),
                url=values.get("url", ""),
                text=values.get("text", ""),
            )
        return Response(self.get_serializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="Read a piece of evidence", tags=[TAG]),
    delete=extend_schema(
        summary="Delete a piece of evidence", tags=[TAG], responses=responses(204)
    ),
)
class EvidenceDetail(ContributionAPIView, generics.RetrieveAPIView[Evidence]):
    serializer_class = EvidenceSerializer

    def get_object(self) -> Evidence:
        evidence = or_404(
            selectors.evidence_visible(contribution=self.contribution(), viewer=self.request.user)
            .filter(uuid=self.kwargs["evidence"])
            .first()
        )
        self.check_object_permissions(self.request, evidence)
        return evidence

    def delete(self, request: Request, uuid: str, evidence: str) -> Response:
        item = self.get_object()
        services.evidence_delete(evidence=item, by=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Competence claims ----------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="List a contribution's competence claims", tags=[TAG]),
    post=extend_schema(
        summary="Claim a competence on a contribution",
        description=(
            "Owner only. The competence must belong to a published framework version; "
            "`self_level` must be one of that version's levels."
        ),
        tags=[TAG],
        request=ClaimWriteSerializer,
        responses=responses(201, ClaimSerializer),
    ),
)
class ClaimList(ContributionAPIView, generics.ListAPIView[CompetenceClaim]):
    serializer_class = ClaimSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[CompetenceClaim]:
        if self.fake():
            return CompetenceClaim.objects.none()
        return selectors.claim_list(contribution=self.contribution()).select_related("contribution")

    def post(self, request: Request, uuid: str) -> Response:
        contribution = self.owned_contribution()
        body = ClaimWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        competence = selectors.claimable_competence_get(uuid=values.pop("competence"))
        if competence is None:
            raise ValidationError(
                {"competence": [_("Choose a competence of a published framework.")]}
            )
        with service_errors():
            claim = services.claim_create(
                contribution=contribution,
                by=signed_in_user(request),
                competence=competence,
                **values,
            )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=claim.pk)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    get=extend_schema(summary="Read a competence claim", tags=[TAG]),
    patch=extend_schema(
        summary="Change the level or the sentence of a claim",
        tags=[TAG],
        request=ClaimUpdateSerializer,
        responses=responses(200, ClaimSerializer),
    ),
    delete=extend_schema(
        summary="Delete a competence claim",
        description="Owner only. The endorsements it received are deleted too.",
        tags=[TAG],
        responses=responses(204),
    ),
)
class ClaimDetail(ContributionAPIView, generics.RetrieveAPIView[CompetenceClaim]):
    serializer_class = ClaimSerializer

    def get_object(self) -> CompetenceClaim:
        claim = or_404(
            selectors.claim_list(contribution=self.contribution())
            .select_related("contribution")
            .filter(uuid=self.kwargs["claim"])
            .first()
        )
        self.check_object_permissions(self.request, claim)
        return claim

    def patch(self, request: Request, uuid: str, claim: str) -> Response:
        item = self.get_object()
        body = ClaimUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        with service_errors():
            services.claim_update(
                claim=item,
                by=signed_in_user(request),
                self_level=values.get("self_level", item.self_level),
                statement=values.get("statement", item.statement),
            )
        return Response(self.get_serializer(self.get_object()).data)

    def delete(self, request: Request, uuid: str, claim: str) -> Response:
        item = self.get_object()
        services.claim_delete(claim=item, by=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
