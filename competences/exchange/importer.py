"""Saving an imported framework version: every check first, then one transaction.

``framework_import`` receives what a reader made of a file (a
:class:`~competences.exchange.document.FrameworkDocument`, or nothing when the
file could not be read) and the problems the reader found. It checks the
document against the models (the same validators as the steward pages: codes,
lengths, addresses, a title in at least one language…) and against the
database (the framework's short name, its draft, identifiers already used),
adds those problems to the reader's, and raises
:class:`~competences.exchange.errors.ImportFailed` with all of them. Only a
file without any problem is saved, in one transaction.

Identifiers are kept: the version, its levels, domains, competences, level
texts and alignments get the identifiers written in the file, so that an
export imported into another Jalons gives the same CASE package. When an
identifier is already used in this database (the file was exported from here),
the object gets a new one, as a copy would; in a new version of an existing
framework, such a competence then *replaces* the one that had the identifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.api import User
from competences.exchange.document import CompetenceData, FrameworkDocument
from competences.exchange.errors import ImportFailed, Problem
from competences.exchange.import_checks import ImportChecks
from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
    Status,
)
from competences.selectors.frameworks import version_publication_problems
from competences.services.search import search_index_refresh


@dataclass
class ImportResult:
    framework: Framework
    version: FrameworkVersion
    framework_created: bool
    domain_count: int
    competence_count: int
    level_count: int
    #: what was changed or left out on the way, in plain words
    notices: list[str] = field(default_factory=list)


def framework_import(
    *,
    document: FrameworkDocument | None,
    problems: Sequence[Problem] = (),
    framework: Framework | None = None,
    slug: str = "",
    publish: bool = False,
    imported_by: User | None = None,
) -> ImportResult:
    """Save ``document`` as a new framework, or as a new version of ``framework``.

    The version stays a draft unless ``publish``: it is then published (or
    retired, when the file says so) with the dates written in the file, and the
    version published until then is retired. Raises ``ImportFailed`` with every
    problem, the reader's included; nothing is saved then.
    """
    if document is None:
        raise ImportFailed(problems or [Problem(_("Nothing could be read from this file."))])
    with transaction.atomic():
        plan = ImportPlan(
            document=document,
            framework=framework,
            slug=slug.strip(),
            publish=publish,
            imported_by=imported_by,
        )
        plan.check()
        if problems or plan.problems:
            raise ImportFailed([*problems, *plan.problems])
        try:
            return plan.save()
        except (ValidationError, IntegrityError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise ImportFailed([Problem(message) for message in messages]) from error


class ImportPlan(ImportChecks):
    """A checked document, saved in one go."""

    # --- Saving --------------------------------------------------------------------

    def stamp(self, value: datetime | None) -> datetime:
        return value or self.now

    def save(self) -> ImportResult:
        document = self.document
        framework = self.framework
        assert framework is not None
        created = framework.pk is None
        if created:
            framework.save()
        version = FrameworkVersion(
            framework=framework,
            uuid=self.identifiers[id(document.version)],
            label=self.label,
            based_on=self.based_on,
            notes_fr=document.version.notes["fr"],
            notes_en=document.version.notes["en"],
            created_at=self.now,
            created_by=self.imported_by,
            last_changed_at=self.now,
        )
        version.full_clean(exclude=["uuid"])
        version.save()
        levels = {
            level.number: ProficiencyLevel(
                version=version,
                uuid=self.identifiers[id(level)],
                number=level.number,
                name_fr=level.name["fr"],
                name_en=level.name["en"],
                descriptor_fr=level.descriptor["fr"],
                descriptor_en=level.descriptor["en"],
                last_changed_at=self.stamp(level.last_changed_at),
            )
            for level in document.levels
        }
        ProficiencyLevel.objects.bulk_create(levels.values())
        domains = [
            Domain(
                version=version,
                uuid=self.identifiers[id(domain)],
                code=domain.code,
                title_fr=domain.title["fr"],
                title_en=domain.title["en"],
                description_fr=domain.description["fr"],
                description_en=domain.description["en"],
                order=domain.order,
                last_changed_at=self.stamp(domain.last_changed_at),
            )
            for domain in document.domains
        ]
        Domain.objects.bulk_create(domains)
        competences: list[tuple[CompetenceData, Competence]] = [
            (
                data,
                Competence(
                    version=version,
                    domain=domain,
                    uuid=self.identifiers[id(data)],
                    code=data.code,
                    title_fr=data.title["fr"],
                    title_en=data.title["en"],
                    description_fr=data.description["fr"],
                    description_en=data.description["en"],
                    order=data.order,
                    replaces_id=self.replaces.get(id(data)),
                    last_changed_at=self.stamp(data.last_changed_at),
                ),
            )
            for domain, domain_data in zip(domains, document.domains, strict=True)
            for data in domain_data.competences
        ]
        Competence.objects.bulk_create(competence for _data, competence in competences)
        descriptors: list[CompetenceLevelDescriptor] = []
        alignments: list[ExternalAlignment] = []
        for data, competence in competences:
            if data.keywords:
                competence.keywords.add(*dict.fromkeys(data.keywords))
            descriptors += [
                CompetenceLevelDescriptor(
                    competence=competence,
                    level=levels[text.number],
                    uuid=self.identifiers[id(text)],
                    descriptor_fr=text.text["fr"],
                    descriptor_en=text.text["en"],
                    last_changed_at=self.stamp(text.last_changed_at),
                )
                for text in data.level_texts
            ]
            alignments += [
                ExternalAlignment(
                    competence=competence,
                    uuid=self.identifiers[id(item)],
                    target_url=item.target_url,
                    target_framework=item.target_framework,
                    target_code=item.target_code,
                    label_fr=item.label["fr"],
                    label_en=item.label["en"],
                    relation=item.relation,
                    note_fr=item.note["fr"],
                    note_en=item.note["en"],
                    last_changed_at=self.stamp(item.last_changed_at),
                )
                for item in data.alignments
            ]
        CompetenceLevelDescriptor.objects.bulk_create(descriptors)
        ExternalAlignment.objects.bulk_create(alignments)
        search_index_refresh(version=version)
        if self.publish:
            self.publish_version(version)
        return ImportResult(
            framework=framework,
            version=version,
            framework_created=created,
            domain_count=len(domains),
            competence_count=len(competences),
            level_count=len(levels),
            notices=self.notices,
        )

    def publish_version(self, version: FrameworkVersion) -> None:
        """Publish (or retire) the imported version with the dates of the file.

        Like ``services.version_publish``, but keeping the file's dates so that
        an exported version imported elsewhere exports the same again; a
        publication date earlier than the framework's latest version becomes now.
        """
        problems = version_publication_problems(version=version)
        if problems:
            raise ImportFailed(
                [
                    Problem(
                        _(
                            "The imported version cannot be published as it is. Import it "
                            "as a draft, complete it, then publish it."
                        )
                    ),
                    *(Problem(problem) for problem in problems),
                ]
            )
        data = self.document.version
        published_at = data.published_at or self.now
        latest = self.based_on
        if latest is not None and latest.published_at and published_at < latest.published_at:
            # Published before the framework's latest version: it is new here.
            published_at = self.now
        fields: dict[str, Any] = {
            "published_at": published_at,
            "published_by": self.imported_by,
            "last_changed_at": data.last_changed_at or self.now,
        }
        if data.status == Status.RETIRED:
            # A draft cannot become retired through save(): the transition is
            # written directly, as the file records it.
            FrameworkVersion.objects.filter(pk=version.pk).update(
                status=Status.RETIRED,
                retired_at=max(data.retired_at or self.now, published_at),
                **fields,
            )
            version.refresh_from_db()
            return
        current = (
            FrameworkVersion.objects.select_for_update()
            .filter(framework_id=version.framework_id, status=Status.PUBLISHED)
            .first()
        )
        if current is not None:
            current.status = Status.RETIRED
            current.retired_at = self.now
            current.last_changed_at = self.now
            current.save()
        version.status = Status.PUBLISHED
        for name, value in fields.items():
            setattr(version, name, value)
        version.full_clean()
        version.save()
