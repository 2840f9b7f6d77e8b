"""Writes on a draft's content: domains, competences, levels, level texts, alignments.

Every function locks the draft first and refuses published or retired
versions with a translated ValidationError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet

from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    FrameworkVersion,
    ProficiencyLevel,
    Relation,
)
from competences.services._common import (
    Direction,
    lock_draft,
    reorder,
    save_validated,
    touch_version,
)
from competences.services.search import SEARCH_FIELDS, search_index_refresh


def _next_order(queryset: QuerySet[Any]) -> int:
    aggregate = queryset.aggregate(top=Max("order"))
    return int(aggregate["top"] or 0) + 1


# --- Domains -----------------------------------------------------------------


@transaction.atomic
def domain_create(
    *,
    version: FrameworkVersion,
    code: str,
    title_fr: str,
    title_en: str,
    description_fr: str = "",
    description_en: str = "",
) -> Domain:
    lock_draft(version.pk)
    domain = Domain(
        version=version,
        code=code.strip(),
        title_fr=title_fr.strip(),
        title_en=title_en.strip(),
        description_fr=description_fr.strip(),
        description_en=description_en.strip(),
        order=_next_order(Domain.objects.filter(version=version)),
    )
    save_validated(domain)
    touch_version(version.pk)
    return domain


@transaction.atomic
def domain_update(
    *,
    domain: Domain,
    code: str,
    title_fr: str,
    title_en: str,
    description_fr: str = "",
    description_en: str = "",
) -> Domain:
    lock_draft(domain.version_id)
    domain.code = code.strip()
    domain.title_fr = title_fr.strip()
    domain.title_en = title_en.strip()
    domain.description_fr = description_fr.strip()
    domain.description_en = description_en.strip()
    save_validated(domain)
    touch_version(domain.version_id)
    return domain


@transaction.atomic
def domain_delete(*, domain: Domain) -> None:
    """Delete a domain and the competences in it."""
    lock_draft(domain.version_id)
    domain.delete()
    touch_version(domain.version_id)


@transaction.atomic
def domain_move(*, domain: Domain, direction: Direction) -> None:
    """Move a domain one place up or down."""
    lock_draft(domain.version_id)
    siblings = list(Domain.objects.filter(version_id=domain.version_id))
    Domain.objects.bulk_update(reorder(siblings, domain, direction), ["order"])
    touch_version(domain.version_id)


# --- Competences -------------------------------------------------------------


def _set_keywords(competence: Competence, keywords: Iterable[str]) -> None:
    names = sorted({name.strip() for name in keywords if name.strip()})
    competence.keywords.set(names)


def _reindex(competence: Competence) -> None:
    """Refresh the competence's search columns, in the database and on the instance."""
    search_index_refresh(version=competence.version, competence_ids=[competence.pk])
    competence.refresh_from_db(fields=SEARCH_FIELDS)


@transaction.atomic
def competence_create(
    *,
    domain: Domain,
    code: str,
    title_fr: str,
    title_en: str,
    description_fr: str = "",
    description_en: str = "",
    keywords: Iterable[str] = (),
    replaces: Competence | None = None,
) -> Competence:
    lock_draft(domain.version_id)
    competence = Competence(
        version_id=domain.version_id,
        domain=domain,
        code=code.strip(),
        title_fr=title_fr.strip(),
        title_en=title_en.strip(),
        description_fr=description_fr.strip(),
        description_en=description_en.strip(),
        replaces=replaces,
        order=_next_order(Competence.objects.filter(domain=domain)),
    )
    save_validated(competence)
    _set_keywords(competence, keywords)
    _reindex(competence)
    touch_version(domain.version_id)
    return competence


@transaction.atomic
def competence_update(
    *,
    competence: Competence,
    domain: Domain,
    code: str,
    title_fr: str,
    title_en: str,
    description_fr: str = "",
    description_en: str = "",
    keywords: Iterable[str] = (),
    replaces: Competence | None = None,
) -> Competence:
    lock_draft(competence.version_id)
    if domain.pk != competence.domain_id:
        competence.order = _next_order(Competence.objects.filter(domain=domain))
    competence.domain = domain
    competence.code = code.strip()
    competence.title_fr = title_fr.strip()
    competence.title_en = title_en.strip()
    competence.description_fr = description_fr.strip()
    competence.description_en = description_en.strip()
    competence.replaces = replaces
    save_validated(competence)
    _set_keywords(competence, keywords)
    _reindex(competence)
    touch_version(competence.version_id)
    return competence


@transaction.atomic
def competence_delete(*, competence: Competence) -> None:
    lock_draft(competence.version_id)
    competence.delete()
    touch_version(competence.version_id)


@transaction.atomic
def competence_move(*, competence: Competence, direction: Direction) -> None:
    """Move a competence one place up or down inside its domain."""
    lock_draft(competence.version_id)
    siblings = list(Competence.objects.filter(domain_id=competence.domain_id))
    Competence.objects.bulk_update(reorder(siblings, competence, direction), ["order"])
    touch_version(competence.version_id)


@transaction.atomic
def competence_set_level_texts(
    *, competence: Competence, texts: Mapping[int, tuple[str, str]]
) -> None:
    """Set what each level looks like for this competence.

    ``texts`` maps a level's number to its (French, English) text; a level
    whose two texts are empty falls back to the scale's general descriptor.
    """
    lock_draft(competence.version_id)
    levels = {
        level.number: level
        for level in ProficiencyLevel.objects.filter(version_id=competence.version_id)
    }
    existing = {
        item.level_id: item
        for item in CompetenceLevelDescriptor.objects.filter(competence=competence)
    }
    for number, (text_fr, text_en) in texts.items():
        level = levels[number]
        current = existing.get(level.pk)
        text_fr, text_en = text_fr.strip(), text_en.strip()
        if not (text_fr or text_en):
            if current is not None:
                current.delete()
            continue
        if current is not None and (current.descriptor_fr, current.descriptor_en) == (
            text_fr,
            text_en,
        ):
            continue
        descriptor = current or CompetenceLevelDescriptor(competence=competence, level=level)
        descriptor.descriptor_fr = text_fr
        descriptor.descriptor_en = text_en
        save_validated(descriptor)
    touch_version(competence.version_id)


# --- Levels ------------------------------------------------------------------


@transaction.atomic
def level_create(
    *,
    version: FrameworkVersion,
    name_fr: str,
    name_en: str,
    descriptor_fr: str = "",
    descriptor_en: str = "",
    number: int | None = None,
) -> ProficiencyLevel:
    """Add a level; without a number it goes at the top of the scale."""
    lock_draft(version.pk)
    if number is None:
        top = ProficiencyLevel.objects.filter(version=version).aggregate(top=Max("number"))
        number = int(top["top"] or 0) + 1
    level = ProficiencyLevel(
        version=version,
        number=number,
        name_fr=name_fr.strip(),
        name_en=name_en.strip(),
        descriptor_fr=descriptor_fr.strip(),
        descriptor_en=descriptor_en.strip(),
    )
    save_validated(level)
    touch_version(version.pk)
    return level


@transaction.atomic
def level_update(
    *,
    level: ProficiencyLevel,
    number: int,
    name_fr: str,
    name_en: str,
    descriptor_fr: str = "",
    descriptor_en: str = "",
) -> ProficiencyLevel:
    lock_draft(level.version_id)
    level.number = number
    level.name_fr = name_fr.strip()
    level.name_en = name_en.strip()
    level.descriptor_fr = descriptor_fr.strip()
    level.descriptor_en = descriptor_en.strip()
    save_validated(level)
    touch_version(level.version_id)
    return level


@transaction.atomic
def level_delete(*, level: ProficiencyLevel) -> None:
    """Delete a level (and its texts); the levels above it move down one number."""
    lock_draft(level.version_id)
    version_id = level.version_id
    level.delete()
    remaining = ProficiencyLevel.objects.filter(version_id=version_id).order_by("number")
    for number, item in enumerate(list(remaining), start=1):
        if item.number != number:
            ProficiencyLevel.objects.filter(pk=item.pk).update(number=number)
    touch_version(version_id)


# --- Alignments --------------------------------------------------------------


@transaction.atomic
def alignment_create(
    *,
    competence: Competence,
    target_url: str,
    target_framework: str,
    label_fr: str,
    label_en: str,
    relation: str = Relation.CLOSE,
    target_code: str = "",
    note_fr: str = "",
    note_en: str = "",
) -> ExternalAlignment:
    lock_draft(competence.version_id)
    alignment = ExternalAlignment(
        competence=competence,
        target_url=target_url.strip(),
        target_framework=target_framework.strip(),
        target_code=target_code.strip(),
        label_fr=label_fr.strip(),
        label_en=label_en.strip(),
        relation=relation,
        note_fr=note_fr.strip(),
        note_en=note_en.strip(),
    )
    save_validated(alignment)
    _reindex(competence)
    touch_version(competence.version_id)
    return alignment


@transaction.atomic
def alignment_update(
    *,
    alignment: ExternalAlignment,
    target_url: str,
    target_framework: str,
    label_fr: str,
    label_en: str,
    relation: str = Relation.CLOSE,
    target_code: str = "",
    note_fr: str = "",
    note_en: str = "",
) -> ExternalAlignment:
    version_id = alignment.competence.version_id
    lock_draft(version_id)
    alignment.target_url = target_url.strip()
    alignment.target_framework = target_framework.strip()
    alignment.target_code = target_code.strip()
    alignment.label_fr = label_fr.strip()
    alignment.label_en = label_en.strip()
    alignment.relation = relation
    alignment.note_fr = note_fr.strip()
    alignment.note_en = note_en.strip()
    save_validated(alignment)
    _reindex(alignment.competence)
    touch_version(version_id)
    return alignment


@transaction.atomic
def alignment_delete(*, alignment: ExternalAlignment) -> None:
    version_id = alignment.competence.version_id
    lock_draft(version_id)
    alignment.delete()
    _reindex(alignment.competence)
    touch_version(version_id)
