"""Reads for the CASE 1.1 provider: which public version holds a CASE identifier.

Jalons stores the identifiers of versions, domains, competences, levels, level texts and
alignments; the others (``isChildOf`` and ``replacedBy`` associations, the rubric and its
criteria, the criterion levels that repeat the scale, the licence) are UUID v5 derived
from stored ones (``competences/exchange/case_common.py``). A derived identifier is found
by deriving it again for every public row of the kind that could have made it: a fixed
number of queries (one or two per kind, of identifiers only), whatever the size of the
frameworks. Only published and retired versions are looked at.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from competences.exchange.case_common import (
    child_association_uuid,
    criterion_uuid,
    general_level_uuid,
    licence_uuid,
    replaced_by_uuid,
    rubric_uuid,
    scale_criterion_uuid,
)
from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    FrameworkVersion,
    ProficiencyLevel,
)
from competences.models.base import LOCKED_STATUSES
from competences.selectors.frameworks import version_public_queryset


def _version(version_id: int | None) -> FrameworkVersion | None:
    if version_id is None:
        return None
    return version_public_queryset().filter(pk=version_id).first()


def _derived(
    rows: Iterable[tuple[uuid.UUID, int]],
    identifier: uuid.UUID,
    derive: Callable[[uuid.UUID], uuid.UUID],
) -> int | None:
    """The version of the first row whose derived identifier is ``identifier``."""
    return next((version for value, version in rows if derive(value) == identifier), None)


def _public_competences() -> list[tuple[uuid.UUID, int, int | None]]:
    return list(
        Competence.objects.filter(version__status__in=LOCKED_STATUSES).values_list(
            "uuid", "version_id", "replaces_id"
        )
    )


def case_version_of_association(*, identifier: uuid.UUID) -> FrameworkVersion | None:
    """The public version whose package holds this CFAssociation (4 queries at most)."""
    version_id = (
        ExternalAlignment.objects.filter(
            uuid=identifier, competence__version__status__in=LOCKED_STATUSES
        )
        .values_list("competence__version_id", flat=True)
        .first()
    )
    if version_id is None:
        competences = _public_competences()
        version_id = _derived(
            ((value, version) for value, version, _ in competences),
            identifier,
            child_association_uuid,
        ) or _derived(
            ((value, version) for value, version, replaces in competences if replaces),
            identifier,
            replaced_by_uuid,
        )
    if version_id is None:
        domains = Domain.objects.filter(version__status__in=LOCKED_STATUSES).values_list(
            "uuid", "version_id"
        )
        version_id = _derived(domains, identifier, child_association_uuid)
    return _version(version_id)


def case_version_of_rubric(*, identifier: uuid.UUID) -> FrameworkVersion | None:
    """The public version whose CFRubric has this identifier (one query)."""
    for version in version_public_queryset():
        if rubric_uuid(version.uuid) == identifier:
            return version
    return None


def case_version_of_criterion(*, identifier: uuid.UUID) -> FrameworkVersion | None:
    """The public version of a CFRubricCriterion: its scale, or a competence's (3 queries)."""
    for version in version_public_queryset():
        if scale_criterion_uuid(version.uuid) == identifier:
            return version
    rows = ((value, version) for value, version, _ in _public_competences())
    return _version(_derived(rows, identifier, criterion_uuid))


def case_version_of_criterion_level(*, identifier: uuid.UUID) -> FrameworkVersion | None:
    """The public version of a CFRubricCriterionLevel: a level of the scale, a competence's
    own text for a level, or the scale's text repeated for a competence (5 queries at most)."""
    version_id = (
        ProficiencyLevel.objects.filter(uuid=identifier, version__status__in=LOCKED_STATUSES)
        .values_list("version_id", flat=True)
        .first()
    ) or (
        CompetenceLevelDescriptor.objects.filter(
            uuid=identifier, competence__version__status__in=LOCKED_STATUSES
        )
        .values_list("competence__version_id", flat=True)
        .first()
    )
    if version_id is None:
        levels: dict[int, list[uuid.UUID]] = {}
        for level, version in ProficiencyLevel.objects.filter(
            version__status__in=LOCKED_STATUSES
        ).values_list("uuid", "version_id"):
            levels.setdefault(version, []).append(level)
        version_id = next(
            (
                version
                for competence, version, _ in _public_competences()
                for level in levels.get(version, [])
                if general_level_uuid(competence, level) == identifier
            ),
            None,
        )
    return _version(version_id)


def case_version_of_licence(*, identifier: uuid.UUID) -> FrameworkVersion | None:
    """The latest changed public version whose framework has this licence (one query)."""
    for version in version_public_queryset().order_by("-last_changed_at", "-pk"):
        licence_url = version.framework.licence_url
        if licence_url and licence_uuid(licence_url) == identifier:
            return version
    return None


def case_latest_public_version() -> FrameworkVersion | None:
    """The last changed public version (the date of the item types, the same everywhere)."""
    return version_public_queryset().order_by("-last_changed_at", "-pk").first()


def case_replacements(*, competence: Competence) -> list[Competence]:
    """The public competences of later versions that replace ``competence`` (one query)."""
    return list(
        Competence.objects.filter(
            replaces=competence, version__status__in=LOCKED_STATUSES
        ).select_related("version__framework")
    )
