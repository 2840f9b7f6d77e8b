"""API views of a version's content: domains, competences (level texts), levels, alignments.

Lists are nested under their version (``/versions/<uuid>/domains/``…) or
competence (``/competences/<uuid>/alignments/``); single objects are addressed
by UUID (``/domains/<uuid>/``…). Writes call the services, which lock the draft
and refuse published and retired versions (409).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from competences.models import (
    Competence,
    Domain,
    ExternalAlignment,
    ProficiencyLevel,
)
from competences.rest.base import FrameworkAPIView, merged, with_blanks, write_responses
from competences.rest.errors import service_errors
from competences.rest.serializers.content import (
    AlignmentSerializer,
    AlignmentWriteSerializer,
    CompetenceSerializer,
    CompetenceWriteSerializer,
    DomainSerializer,
    DomainWriteSerializer,
    LevelSerializer,
    LevelTextsWriteSerializer,
    LevelWriteSerializer,
)
from competences.selectors.visibility import (
    alignment_visible_queryset,
    competence_visible_queryset,
    domain_visible_queryset,
    level_visible_queryset,
)
from competences.services.content import (
    alignment_create,
    alignment_delete,
    alignment_update,
    competence_create,
    competence_delete,
    competence_set_level_texts,
    competence_update,
    domain_create,
    domain_delete,
    domain_update,
    level_create,
    level_delete,
    level_update,
)
from config.rest import validated

TEXTS = ("title_fr", "title_en", "description_fr", "description_en")


def _list_and_create(tag: str, noun: str, write: Any, read: Any) -> Any:
    return extend_schema_view(
        get=extend_schema(summary=f"List the {noun}s of a version", tags=[tag]),
        post=extend_schema(
            summary=f"Add a {noun} to a draft",
            tags=[tag],
            request=write,
            responses=write_responses(201, read),
        ),
    )


def _read_change_delete(tag: str, noun: str, write: Any, read: Any) -> Any:
    return extend_schema_view(
        get=extend_schema(summary=f"Read a {noun}", tags=[tag]),
        patch=extend_schema(
            summary=f"Change a {noun} of a draft",
            tags=[tag],
            request=write,
            responses=write_responses(200, read),
        ),
        delete=extend_schema(
            summary=f"Delete a {noun} from a draft", tags=[tag], responses=write_responses(204)
        ),
    )


def _created(view: generics.GenericAPIView[Any], pk: int) -> Response:
    instance = view.get_queryset().get(pk=pk)
    return Response(view.get_serializer(instance).data, status=status.HTTP_201_CREATED)


# --- Domains -----------------------------------------------------------------------


@_list_and_create("domains", "domain", DomainWriteSerializer, DomainSerializer)
class VersionDomainList(FrameworkAPIView[Domain], generics.ListAPIView[Domain]):
    serializer_class = DomainSerializer

    def get_queryset(self) -> QuerySet[Domain]:
        if self.fake():
            return Domain.objects.none()
        return domain_visible_queryset(viewer=self.request.user).filter(
            version=self.visible_version()
        )

    def post(self, request: Request, uuid: str) -> Response:
        version = self.visible_version()
        values = with_blanks(validated(DomainWriteSerializer, request), *TEXTS)
        with service_errors():
            domain = domain_create(version=version, **values)
        return _created(self, domain.pk)


@_read_change_delete("domains", "domain", DomainWriteSerializer, DomainSerializer)
class DomainDetail(FrameworkAPIView[Domain], generics.RetrieveAPIView[Domain]):
    serializer_class = DomainSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Domain]:
        return domain_visible_queryset(viewer=self.request.user)

    def patch(self, request: Request, uuid: str) -> Response:
        domain = self.get_object()
        values = merged(domain, DomainWriteSerializer, request)
        with service_errors():
            domain_update(domain=domain, **values)
        return Response(self.get_serializer(self.get_object()).data)

    def delete(self, request: Request, uuid: str) -> Response:
        domain = self.get_object()
        with service_errors():
            domain_delete(domain=domain)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Competences -------------------------------------------------------------------


@_list_and_create("competences", "competence", CompetenceWriteSerializer, CompetenceSerializer)
class VersionCompetenceList(FrameworkAPIView[Competence], generics.ListAPIView[Competence]):
    serializer_class = CompetenceSerializer

    def get_queryset(self) -> QuerySet[Competence]:
        if self.fake():
            return Competence.objects.none()
        return competence_visible_queryset(viewer=self.request.user).filter(
            version=self.visible_version()
        )

    def post(self, request: Request, uuid: str) -> Response:
        version = self.visible_version()
        values = with_blanks(validated(CompetenceWriteSerializer, request, version=version), *TEXTS)
        with service_errors():
            competence = competence_create(**values)
        return _created(self, competence.pk)


def _competence_values(competence: Competence, request: Request) -> dict[str, Any]:
    values = merged(competence, CompetenceWriteSerializer, request, version=competence.version)
    if "keywords" not in request.data:
        values["keywords"] = [tag.name for tag in competence.keywords.all()]
    return values


@_read_change_delete("competences", "competence", CompetenceWriteSerializer, CompetenceSerializer)
class CompetenceDetail(FrameworkAPIView[Competence], generics.RetrieveAPIView[Competence]):
    serializer_class = CompetenceSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Competence]:
        return competence_visible_queryset(viewer=self.request.user)

    def patch(self, request: Request, uuid: str) -> Response:
        competence = self.get_object()
        values = _competence_values(competence, request)
        with service_errors():
            competence_update(competence=competence, **values)
        return Response(self.get_serializer(self.get_object()).data)

    def delete(self, request: Request, uuid: str) -> Response:
        competence = self.get_object()
        with service_errors():
            competence_delete(competence=competence)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    summary="Set what each level looks like for a competence of a draft",
    description=(
        "Levels left out keep their text; a level whose two texts are empty falls back to "
        "the scale's general descriptor."
    ),
    tags=["competences"],
    request=LevelTextsWriteSerializer,
    responses=write_responses(200, CompetenceSerializer),
)
class CompetenceLevelTexts(FrameworkAPIView[Competence]):
    serializer_class = CompetenceSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Competence]:
        return competence_visible_queryset(viewer=self.request.user)

    def put(self, request: Request, uuid: str) -> Response:
        competence = self.get_object()
        numbers = list(
            ProficiencyLevel.objects.filter(version_id=competence.version_id).values_list(
                "number", flat=True
            )
        )
        values = validated(LevelTextsWriteSerializer, request, levels=numbers)
        texts = {
            item["level"]: (item["descriptor_fr"], item["descriptor_en"])
            for item in values["level_texts"]
        }
        with service_errors():
            competence_set_level_texts(competence=competence, texts=texts)
        return Response(self.get_serializer(self.get_object()).data)


# --- Levels ------------------------------------------------------------------------


@_list_and_create("levels", "level", LevelWriteSerializer, LevelSerializer)
class VersionLevelList(FrameworkAPIView[ProficiencyLevel], generics.ListAPIView[ProficiencyLevel]):
    serializer_class = LevelSerializer

    def get_queryset(self) -> QuerySet[ProficiencyLevel]:
        if self.fake():
            return ProficiencyLevel.objects.none()
        return level_visible_queryset(viewer=self.request.user).filter(
            version=self.visible_version()
        )

    def post(self, request: Request, uuid: str) -> Response:
        version = self.visible_version()
        values = with_blanks(
            validated(LevelWriteSerializer, request),
            "name_fr",
            "name_en",
            "descriptor_fr",
            "descriptor_en",
        )
        with service_errors():
            level = level_create(version=version, **values)
        return _created(self, level.pk)


@_read_change_delete("levels", "level", LevelWriteSerializer, LevelSerializer)
class LevelDetail(FrameworkAPIView[ProficiencyLevel], generics.RetrieveAPIView[ProficiencyLevel]):
    serializer_class = LevelSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[ProficiencyLevel]:
        return level_visible_queryset(viewer=self.request.user)

    def patch(self, request: Request, uuid: str) -> Response:
        level = self.get_object()
        values = merged(level, LevelWriteSerializer, request)
        with service_errors():
            level_update(level=level, **values)
        return Response(self.get_serializer(self.get_object()).data)

    def delete(self, request: Request, uuid: str) -> Response:
        level = self.get_object()
        with service_errors():
            level_delete(level=level)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Alignments --------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="List the alignments of a competence", tags=["alignments"]),
    post=extend_schema(
        summary="Align a competence of a draft to another framework (e.g. ESCO)",
        tags=["alignments"],
        request=AlignmentWriteSerializer,
        responses=write_responses(201, AlignmentSerializer),
    ),
)
class CompetenceAlignmentList(
    FrameworkAPIView[ExternalAlignment], generics.ListAPIView[ExternalAlignment]
):
    serializer_class = AlignmentSerializer

    def competence(self) -> Competence:
        cached: Competence | None = getattr(self, "_competence", None)
        if cached is None:
            cached = get_object_or_404(
                competence_visible_queryset(viewer=self.request.user).prefetch_related(None),
                uuid=self.kwargs["uuid"],
            )
            self._competence = cached
        return cached

    def get_queryset(self) -> QuerySet[ExternalAlignment]:
        if self.fake():
            return ExternalAlignment.objects.none()
        return alignment_visible_queryset(viewer=self.request.user).filter(
            competence=self.competence()
        )

    def post(self, request: Request, uuid: str) -> Response:
        competence = self.competence()
        values = with_blanks(
            validated(AlignmentWriteSerializer, request),
            "label_fr",
            "label_en",
            "target_code",
            "note_fr",
            "note_en",
        )
        with service_errors():
            alignment = alignment_create(competence=competence, **values)
        return _created(self, alignment.pk)


@_read_change_delete("alignments", "alignment", AlignmentWriteSerializer, AlignmentSerializer)
class AlignmentDetail(
    FrameworkAPIView[ExternalAlignment], generics.RetrieveAPIView[ExternalAlignment]
):
    serializer_class = AlignmentSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[ExternalAlignment]:
        return alignment_visible_queryset(viewer=self.request.user)

    def patch(self, request: Request, uuid: str) -> Response:
        alignment = self.get_object()
        values = merged(alignment, AlignmentWriteSerializer, request)
        with service_errors():
            alignment_update(alignment=alignment, **values)
        return Response(self.get_serializer(self.get_object()).data)

    def delete(self, request: Request, uuid: str) -> Response:
        alignment = self.get_object()
        with service_errors():
            alignment_delete(alignment=alignment)
        return Response(status=status.HTTP_204_NO_CONTENT)
