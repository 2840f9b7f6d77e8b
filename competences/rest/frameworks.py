"""API views: frameworks, versions and their life cycle.

Thin: reads go through the selectors (``competences.selectors``), already filtered by what
the viewer may see; writes validate the body with a write serializer, then call a service
inside ``service_errors()``. The content of a version (domains, competences, levels,
alignments) is in ``content.py``, the search in ``search.py``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from competences.models import Framework, FrameworkVersion
from competences.rest.base import FrameworkAPIView, merged, with_blanks, write_responses
from competences.rest.errors import service_errors
from competences.rest.serializers.frameworks import (
    DraftCreateSerializer,
    FrameworkSerializer,
    FrameworkUpdateSerializer,
    FrameworkWriteSerializer,
    VersionSerializer,
    VersionWriteSerializer,
)
from competences.selectors.visibility import (
    framework_visible_queryset,
    version_visible_queryset,
)
from competences.services.versions import (
    framework_create,
    framework_update,
    version_create_draft,
    version_delete_draft,
    version_publish,
    version_retire,
    version_update_draft,
)
from config.http import signed_in_user
from config.rest import validated

FRAMEWORK_TEXTS = ("name_fr", "name_en", "description_fr", "description_en", "licence")


@extend_schema_view(
    get=extend_schema(summary="List frameworks", tags=["frameworks"]),
    post=extend_schema(
        summary="Create a framework (with an empty draft 1.0)",
        tags=["frameworks"],
        request=FrameworkWriteSerializer,
        responses=write_responses(201, FrameworkSerializer),
    ),
)
class FrameworkList(FrameworkAPIView[Framework], generics.ListAPIView[Framework]):
    serializer_class = FrameworkSerializer

    def get_queryset(self) -> QuerySet[Framework]:
        return framework_visible_queryset(viewer=self.request.user)

    def post(self, request: Request) -> Response:
        values = with_blanks(
            validated(FrameworkWriteSerializer, request), *FRAMEWORK_TEXTS, "licence_url"
        )
        with service_errors():
            framework = framework_create(created_by=signed_in_user(request), **values)
        framework = self.get_queryset().get(pk=framework.pk)
        return Response(self.get_serializer(framework).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="Read a framework", tags=["frameworks"]),
    patch=extend_schema(
        summary="Describe a framework",
        tags=["frameworks"],
        request=FrameworkUpdateSerializer,
        responses=write_responses(200, FrameworkSerializer),
    ),
)
class FrameworkDetail(FrameworkAPIView[Framework], generics.RetrieveAPIView[Framework]):
    serializer_class = FrameworkSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Framework]:
        return framework_visible_queryset(viewer=self.request.user)

    def patch(self, request: Request, slug: str) -> Response:
        framework = self.get_object()
        values = merged(framework, FrameworkUpdateSerializer, request)
        with service_errors():
            framework_update(framework=framework, **values)
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema_view(
    get=extend_schema(
        summary="List a framework's versions",
        description="Published and retired versions; stewards also see the draft.",
        tags=["versions"],
    ),
    post=extend_schema(
        summary="Start a draft",
        description=(
            "A copy of the latest published or retired version (an empty draft if there is "
            "none). 409 when the framework already has a draft."
        ),
        tags=["versions"],
        request=DraftCreateSerializer,
        responses=write_responses(201, VersionSerializer),
    ),
)
class FrameworkVersionList(
    FrameworkAPIView[FrameworkVersion], generics.ListAPIView[FrameworkVersion]
):
    serializer_class = VersionSerializer

    def framework(self) -> Framework:
        cached: Framework | None = getattr(self, "_framework", None)
        if cached is None:
            cached = get_object_or_404(
                framework_visible_queryset(viewer=self.request.user).prefetch_related(None),
                slug=self.kwargs["slug"],
            )
            self._framework = cached
        return cached

    def get_queryset(self) -> QuerySet[FrameworkVersion]:
        if self.fake():
            return FrameworkVersion.objects.none()
        return version_visible_queryset(viewer=self.request.user).filter(framework=self.framework())

    def post(self, request: Request, slug: str) -> Response:
        framework = self.framework()
        values = validated(DraftCreateSerializer, request)
        with service_errors():
            draft = version_create_draft(
                framework=framework,
                label=values.get("label", ""),
                created_by=signed_in_user(request),
            )
        return Response(
            self.get_serializer(
                version_visible_queryset(viewer=request.user).get(pk=draft.pk)
            ).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    get=extend_schema(summary="Read a version", tags=["versions"]),
    patch=extend_schema(
        summary="Change a draft's number or notes",
        tags=["versions"],
        request=VersionWriteSerializer,
        responses=write_responses(200, VersionSerializer),
    ),
    delete=extend_schema(
        summary="Delete a draft",
        tags=["versions"],
        responses=write_responses(204),
    ),
)
class VersionDetail(FrameworkAPIView[FrameworkVersion], generics.RetrieveAPIView[FrameworkVersion]):
    serializer_class = VersionSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[FrameworkVersion]:
        return version_visible_queryset(viewer=self.request.user)

    def patch(self, request: Request, uuid: str) -> Response:
        version = self.get_object()
        values = merged(version, VersionWriteSerializer, request)
        with service_errors():
            version_update_draft(version=version, **values)
        return Response(self.get_serializer(self.get_object()).data)

    def delete(self, request: Request, uuid: str) -> Response:
        version = self.get_object()
        with service_errors():
            version_delete_draft(version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    summary="Publish a draft",
    description=(
        "The version published until now is retired. 400 lists every problem when the draft "
        "is not ready (no domain, empty domain, missing titles…); 409 when it is not a draft."
    ),
    tags=["versions"],
    request=None,
    responses=write_responses(200, VersionSerializer),
)
class VersionPublish(FrameworkAPIView[FrameworkVersion]):
    serializer_class = VersionSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[FrameworkVersion]:
        return version_visible_queryset(viewer=self.request.user)

    def post(self, request: Request, uuid: str) -> Response:
        version = self.get_object()
        with service_errors():
            version_publish(version=version, published_by=signed_in_user(request))
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema(
    summary="Retire the published version",
    description="It stays readable. 409 when the version is not the published one.",
    tags=["versions"],
    request=None,
    responses=write_responses(200, VersionSerializer),
)
class VersionRetire(FrameworkAPIView[FrameworkVersion]):
    serializer_class = VersionSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[FrameworkVersion]:
        return version_visible_queryset(viewer=self.request.user)

    def post(self, request: Request, uuid: str) -> Response:
        version = self.get_object()
        with service_errors():
            version_retire(version=version)
        return Response(self.get_serializer(self.get_object()).data)
