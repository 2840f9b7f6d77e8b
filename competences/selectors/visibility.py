"""What a viewer may read of the framework, as querysets (used by the API).

Published and retired versions, and everything in them, are public. Drafts
are visible to stewards and staff only. Querysets come with what their
serializers read, so that lists cost a fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from competences.models import (
    Competence,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
    Status,
)
from competences.models.base import LOCKED_STATUSES
from competences.selectors.frameworks import can_curate, competences_with_details


def _version_filter(viewer: object, path: str = "") -> Q:
    """Rows whose version ``viewer`` may read (``path`` leads from the row to the version)."""
    if can_curate(viewer):
        return Q()
    return Q(**{f"{path}status__in": LOCKED_STATUSES})


def framework_visible_queryset(*, viewer: object) -> QuerySet[Framework]:
    """Frameworks with a public version (stewards: all), with their published version."""
    frameworks = Framework.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=FrameworkVersion.objects.filter(status=Status.PUBLISHED),
            to_attr="published_versions",
        )
    ).order_by("slug")
    if can_curate(viewer):
        return frameworks
    return frameworks.filter(pk__in=FrameworkVersion.objects.public().values("framework_id"))


def version_visible_queryset(*, viewer: object) -> QuerySet[FrameworkVersion]:
    return (
        FrameworkVersion.objects.filter(_version_filter(viewer))
        .select_related("framework", "based_on")
        .order_by("framework__slug", "-created_at", "pk")
    )


def domain_visible_queryset(*, viewer: object) -> QuerySet[Domain]:
    return (
        Domain.objects.filter(_version_filter(viewer, "version__"))
        .select_related("version")
        .order_by("version_id", "order", "code")
    )


def competence_visible_queryset(*, viewer: object) -> QuerySet[Competence]:
    """With keywords, alignments and level texts (3 prefetch queries)."""
    return (
        competences_with_details()
        .filter(_version_filter(viewer, "version__"))
        .select_related("version", "domain", "replaces")
        .order_by("version_id", "domain__order", "order", "code")
    )


def level_visible_queryset(*, viewer: object) -> QuerySet[ProficiencyLevel]:
    return (
        ProficiencyLevel.objects.filter(_version_filter(viewer, "version__"))
        .select_related("version")
        .order_by("version_id", "number")
    )


def alignment_visible_queryset(*, viewer: object) -> QuerySet[ExternalAlignment]:
    return (
        ExternalAlignment.objects.filter(_version_filter(viewer, "competence__version__"))
        .select_related("competence")
        .order_by("pk")
    )
