"""Writes on frameworks and on the life cycle of their versions.

A framework has at most one draft and at most one published version.
Editing always happens in the draft, which starts as a copy of the latest
published (or retired) version. Publishing the draft retires the version that
was published until then: it stays readable, so that claims and badges made
against it keep their meaning, and every copied competence points at its
predecessor through ``replaces``.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.api import User
from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
    Status,
    TaggedCompetence,
)
from competences.selectors.frameworks import version_latest, version_publication_problems
from competences.services._common import lock_draft, save_validated
from competences.services.search import search_index_refresh


@transaction.atomic
def framework_create(
    *,
    slug: str,
    name_fr: str,
    name_en: str,
    publisher: str,
    description_fr: str = "",
    description_en: str = "",
    licence: str = "",
    licence_url: str = "",
    languages: list[str] | None = None,
    created_by: User | None = None,
) -> Framework:
    """Create a framework with an empty draft, version 1.0."""
    framework = Framework(
        slug=slug,
        name_fr=name_fr.strip(),
        name_en=name_en.strip(),
        description_fr=description_fr.strip(),
        description_en=description_en.strip(),
        publisher=publisher.strip(),
        licence=licence.strip(),
        licence_url=licence_url.strip(),
    )
    if languages is not None:
        framework.languages = languages
    save_validated(framework)
    save_validated(FrameworkVersion(framework=framework, label="1.0", created_by=created_by))
    return framework


@transaction.atomic
def framework_update(
    *,
    framework: Framework,
    name_fr: str,
    name_en: str,
    publisher: str,
    description_fr: str = "",
    description_en: str = "",
    licence: str = "",
    licence_url: str = "",
    languages: list[str] | None = None,
) -> Framework:
    """Change what describes a framework as a whole (not its versions' content)."""
    framework.name_fr = name_fr.strip()
    framework.name_en = name_en.strip()
    framework.description_fr = description_fr.strip()
    framework.description_en = description_en.strip()
    framework.publisher = publisher.strip()
    framework.licence = licence.strip()
    framework.licence_url = licence_url.strip()
    if languages is not None:
        framework.languages = languages
    return save_validated(framework)


def version_suggest_label(*, framework: Framework) -> str:
    """A label for the next draft: 1.0 → 1.1, 2 → 3, anything else → <label>-2."""
    latest = version_latest(framework=framework)
    if latest is None:
        return "1.0"
    taken = set(framework.versions.values_list("label", flat=True))
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?", latest.label)
    if match and match.group(2) is not None:
        major, minor = int(match.group(1)), int(match.group(2))
        candidates = (f"{major}.{minor + n}" for n in range(1, 1000))
    elif match:
        candidates = (str(int(match.group(1)) + n) for n in range(1, 1000))
    else:
        candidates = (f"{latest.label}-{n}" for n in range(2, 1000))
    return next(label for label in candidates if label not in taken)


@transaction.atomic
def version_create_draft(
    *, framework: Framework, label: str = "", created_by: User | None = None
) -> FrameworkVersion:
    """Start a draft as a copy of the latest published or retired version.

    Everything is copied: domains, competences (with their keywords), levels,
    level texts and alignments. Copies get new identifiers (each version is its
    own CASE document); competences keep their code and point at the
    competence they copy through ``replaces``.
    """
    Framework.objects.select_for_update().filter(pk=framework.pk).first()
    if FrameworkVersion.objects.filter(framework=framework, status=Status.DRAFT).exists():
        raise ValidationError(
            _("This framework already has a draft: edit it, or delete it first."),
            code="draft_exists",
        )
    source = version_latest(framework=framework)
    draft = save_validated(
        FrameworkVersion(
            framework=framework,
            label=label.strip() or version_suggest_label(framework=framework),
            based_on=source,
            created_by=created_by,
        )
    )
    if source is not None:
        _copy_content(source=source, target=draft)
    return draft


def _copy_content(*, source: FrameworkVersion, target: FrameworkVersion) -> None:
    """Bulk-copy a version's content into an empty draft (about a dozen queries)."""
    now = timezone.now()
    levels = {
        level.pk: ProficiencyLevel(
            version=target,
            number=level.number,
            name_fr=level.name_fr,
            name_en=level.name_en,
            descriptor_fr=level.descriptor_fr,
            descriptor_en=level.descriptor_en,
            last_changed_at=now,
        )
        for level in ProficiencyLevel.objects.filter(version=source)
    }
    ProficiencyLevel.objects.bulk_create(levels.values())
    domains = {
        domain.pk: Domain(
            version=target,
            code=domain.code,
            title_fr=domain.title_fr,
            title_en=domain.title_en,
            description_fr=domain.description_fr,
            description_en=domain.description_en,
            order=domain.order,
            last_changed_at=now,
        )
        for domain in Domain.objects.filter(version=source)
    }
    Domain.objects.bulk_create(domains.values())
    competences = {
        competence.pk: Competence(
            version=target,
            domain=domains[competence.domain_id],
            code=competence.code,
            title_fr=competence.title_fr,
            title_en=competence.title_en,
            description_fr=competence.description_fr,
            description_en=competence.description_en,
            order=competence.order,
            replaces_id=competence.pk,
            last_changed_at=now,
            search_title=competence.search_title,
            search_terms=competence.search_terms,
            search_text=competence.search_text,
        )
        for competence in Competence.objects.filter(version=source)
    }
    Competence.objects.bulk_create(competences.values())
    TaggedCompetence.objects.bulk_create(
        TaggedCompetence(content_object=competences[item.content_object_id], tag_id=item.tag_id)
        for item in TaggedCompetence.objects.filter(content_object__version=source)
    )
    CompetenceLevelDescriptor.objects.bulk_create(
        CompetenceLevelDescriptor(
            competence=competences[item.competence_id],
            level=levels[item.level_id],
            descriptor_fr=item.descriptor_fr,
            descriptor_en=item.descriptor_en,
            last_changed_at=now,
        )
        for item in CompetenceLevelDescriptor.objects.filter(competence__version=source)
    )
    ExternalAlignment.objects.bulk_create(
        ExternalAlignment(
            competence=competences[item.competence_id],
            target_url=item.target_url,
            target_framework=item.target_framework,
            target_code=item.target_code,
            label_fr=item.label_fr,
            label_en=item.label_en,
            relation=item.relation,
            note_fr=item.note_fr,
            note_en=item.note_en,
            last_changed_at=now,
        )
        for item in ExternalAlignment.objects.filter(competence__version=source).order_by("pk")
    )


@transaction.atomic
def version_update_draft(
    *, version: FrameworkVersion, label: str, notes_fr: str = "", notes_en: str = ""
) -> FrameworkVersion:
    lock_draft(version.pk)
    version.label = label.strip()
    version.notes_fr = notes_fr.strip()
    version.notes_en = notes_en.strip()
    return save_validated(version)


@transaction.atomic
def version_delete_draft(*, version: FrameworkVersion) -> None:
    """Throw a draft away, with everything in it."""
    lock_draft(version.pk)
    version.delete()


@transaction.atomic
def version_publish(
    *, version: FrameworkVersion, published_by: User | None = None
) -> FrameworkVersion:
    """Publish a draft; the version published until now is retired.

    Raises a ValidationError listing every problem when the draft is not ready.
    """
    draft = lock_draft(version.pk)
    problems = version_publication_problems(version=draft)
    if problems:
        raise ValidationError([ValidationError(problem, code="not_ready") for problem in problems])
    # However the draft was filled, the published version is fully searchable.
    search_index_refresh(version=draft)
    now = timezone.now()
    current = (
        FrameworkVersion.objects.select_for_update()
        .filter(framework_id=draft.framework_id, status=Status.PUBLISHED)
        .first()
    )
    if current is not None:
        current.status = Status.RETIRED
        current.retired_at = now
        current.last_changed_at = now
        current.save()
    draft.status = Status.PUBLISHED
    draft.published_at = now
    draft.published_by = published_by
    draft.last_changed_at = now
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def version_retire(*, version: FrameworkVersion) -> FrameworkVersion:
    """Withdraw the published version. It stays readable, marked as retired."""
    current = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if current.status != Status.PUBLISHED:
        raise ValidationError(_("Only the published version can be retired."), code="not_published")
    now = timezone.now()
    current.status = Status.RETIRED
    current.retired_at = now
    current.last_changed_at = now
    current.save()
    return current
