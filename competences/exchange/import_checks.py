"""The checks of an import, before anything is saved: against the models and the database.

Every problem is collected with the place of the file it comes from
(:meth:`Part.locate <competences.exchange.document.Part.locate>`); nothing
stops at the first one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.api import User
from competences.exchange.document import CompetenceData, FrameworkDocument, Part
from competences.exchange.errors import Problem
from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
)
from competences.models.base import LOCKED_STATUSES, require_one_language
from competences.selectors.frameworks import version_draft, version_latest
from competences.services.versions import version_suggest_label

KEYWORD_MAX_LENGTH = 100


def level_text_uuid(competence_uuid: uuid.UUID, number: int) -> uuid.UUID:
    """The identifier of a level text the file does not identify (as in the default framework)."""
    return uuid.uuid5(competence_uuid, f"level:{number}")


def alignment_uuid(competence_uuid: uuid.UUID, target_url: str) -> uuid.UUID:
    """The identifier of an alignment the file does not identify (as in the default framework)."""
    return uuid.uuid5(competence_uuid, f"alignment:{target_url}")


class ImportChecks:
    """Checks a document; :class:`~competences.exchange.importer.ImportPlan` then saves it."""

    def __init__(
        self,
        *,
        document: FrameworkDocument,
        framework: Framework | None,
        slug: str,
        publish: bool,
        imported_by: User | None,
    ) -> None:
        self.document = document
        self.target = framework
        self.slug = slug
        self.publish = publish
        self.imported_by = imported_by
        self.problems: list[Problem] = []
        self.notices: list[str] = list(document.notices)
        self.now = timezone.now()
        self.framework: Framework | None = None
        self.label = ""
        self.based_on: FrameworkVersion | None = None
        #: final identifiers, by model and by the object's id() in the document
        self.identifiers: dict[int, uuid.UUID] = {}
        self.replaces: dict[int, int] = {}

    # --- Checks --------------------------------------------------------------------

    def problem(self, message: str, part: Part | None = None, field_name: str = "") -> None:
        location = part.locate(field_name) if part is not None else None
        self.problems.append(Problem(message, location))

    def field_problems(
        self, instance: models.Model, part: Part, exclude: Iterable[str] = ()
    ) -> None:
        """Run the model's field validators and report each error at its cell or path."""
        try:
            instance.clean_fields(exclude=list(exclude))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problem(message, part, name)

    def one_language(
        self, instance: models.Model, part: Part, field_name: str, verbose: str
    ) -> None:
        try:
            require_one_language(instance, field_name, verbose)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problem(message, part, name)

    def check(self) -> None:
        self.check_framework()
        self.check_version()
        self.check_identifiers()
        self.check_content()
        self.check_replaces()

    def check_framework(self) -> None:
        data = self.document.framework
        if self.target is not None:
            # As in version_create_draft: one import or new draft at a time per framework.
            Framework.objects.select_for_update().filter(pk=self.target.pk).first()
            if version_draft(framework=self.target) is not None:
                self.problem(
                    _(
                        "This framework already has a draft. Publish it or delete it "
                        "before importing a new version."
                    )
                )
            self.framework = self.target
            self.based_on = version_latest(framework=self.target)
            return
        slug = self.slug or data.slug
        if not slug:
            base = slugify(data.name.get("fr") or data.name.get("en") or "")[:70] or "framework"
            slug, n = base, 1
            while Framework.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
        framework = Framework(
            slug=slug,
            name_fr=data.name["fr"],
            name_en=data.name["en"],
            description_fr=data.description["fr"],
            description_en=data.description["en"],
            publisher=data.publisher,
            licence=data.licence,
            licence_url=data.licence_url,
            languages=data.languages,
            created_at=self.now,
            last_changed_at=self.now,
        )
        if data.uuid is not None:
            if Framework.objects.filter(uuid=data.uuid).exists():
                self.notices.append(
                    _(
                        "A framework with the identifier of the file already exists: the new "
                        "framework gets a new identifier."
                    )
                )
            else:
                framework.uuid = data.uuid
        try:
            framework.full_clean(exclude=["uuid"])
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                part = None if name == "slug" and self.slug else data
                for item in errors:
                    if name == "slug" and item.code == "unique":
                        message = _(
                            "A framework with the short name “%(slug)s” already exists. Choose "
                            "another short name, or import the file as a new version of it."
                        ) % {"slug": slug}
                    else:
                        message = " ".join(item.messages)
                    self.problem(message, part, name)
        self.framework = framework

    def check_version(self) -> None:
        data = self.document.version
        label = data.label
        if self.target is not None:
            taken = set(self.target.versions.values_list("label", flat=True))
            if not label or label in taken:
                suggested = version_suggest_label(framework=self.target)
                if label:
                    self.notices.append(
                        _("Version %(label)s already exists: the imported version is %(new)s.")
                        % {"label": label, "new": suggested}
                    )
                label = suggested
        self.label = label or "1.0"
        version = FrameworkVersion(
            label=self.label, notes_fr=data.notes["fr"], notes_en=data.notes["en"]
        )
        self.field_problems(
            version, data, exclude=["framework", "based_on", "created_by", "published_by", "uuid"]
        )

    def check_identifiers(self) -> None:
        """Identifiers must be unique in the file; those already used here are replaced."""
        document = self.document
        top: list[tuple[type[models.Model], Part, uuid.UUID | None]] = [
            (FrameworkVersion, document.version, document.version.uuid),
            *((ProficiencyLevel, level, level.uuid) for level in document.levels),
            *((Domain, domain, domain.uuid) for domain in document.domains),
            *((Competence, competence, competence.uuid) for competence in document.competences),
        ]
        explicit = [
            *top,
            *(
                (CompetenceLevelDescriptor, text, text.uuid)
                for competence in document.competences
                for text in competence.level_texts
            ),
            *(
                (ExternalAlignment, alignment, alignment.uuid)
                for competence in document.competences
                for alignment in competence.alignments
            ),
        ]
        seen: dict[uuid.UUID, Part] = {}
        for _model, part, identifier in explicit:
            if identifier is None:
                continue
            if identifier in seen:
                self.problem(
                    _("This identifier is already used higher up in the file (%(place)s).")
                    % {"place": seen[identifier].locate("uuid")},
                    part,
                    "uuid",
                )
            else:
                seen[identifier] = part
        replaced = self.free_identifiers(top)
        # Level texts and alignments the file does not identify derive their
        # identifiers from their competence's final one.
        children: list[tuple[type[models.Model], Part, uuid.UUID | None]] = []
        for competence in document.competences:
            base = self.identifiers[id(competence)]
            children += [
                (CompetenceLevelDescriptor, text, text.uuid or level_text_uuid(base, text.number))
                for text in competence.level_texts
            ]
            children += [
                (ExternalAlignment, item, item.uuid or alignment_uuid(base, item.target_url))
                for item in competence.alignments
            ]
        replaced += self.free_identifiers(children)
        if replaced:
            self.notices.append(
                ngettext(
                    "%(count)s identifier of the file is already used in Jalons: "
                    "a new one was given.",
                    "%(count)s identifiers of the file are already used in Jalons: "
                    "new ones were given.",
                    replaced,
                )
                % {"count": replaced}
            )

    def free_identifiers(
        self, parts: Sequence[tuple[type[models.Model], Part, uuid.UUID | None]]
    ) -> int:
        """Give each part its identifier, or a new one when it is missing or taken here.

        Returns how many identifiers of the file were taken.
        """
        wanted: dict[type[models.Model], set[uuid.UUID]] = {}
        for model, _part, identifier in parts:
            if identifier is not None:
                wanted.setdefault(model, set()).add(identifier)
        taken: set[uuid.UUID] = set()
        for model, identifiers in wanted.items():
            taken.update(
                model._default_manager.filter(uuid__in=identifiers).values_list("uuid", flat=True)
            )
        replaced = 0
        for _model, part, identifier in parts:
            if identifier is None or identifier in taken:
                replaced += identifier is not None
                self.identifiers[id(part)] = uuid.uuid4()
            else:
                self.identifiers[id(part)] = identifier
        return replaced

    def check_content(self) -> None:
        document = self.document
        numbers: dict[int, Part] = {}
        for level in document.levels:
            if level.number in numbers:
                self.problem(
                    _("Two levels have the number %(number)s.") % {"number": level.number}, level
                )
            numbers[level.number] = level
            instance = ProficiencyLevel(
                number=level.number,
                name_fr=level.name["fr"],
                name_en=level.name["en"],
                descriptor_fr=level.descriptor["fr"],
                descriptor_en=level.descriptor["en"],
            )
            self.field_problems(instance, level, exclude=["version", "uuid"])
            self.one_language(instance, level, "name", _("name"))
        domain_codes: dict[str, Part] = {}
        competence_codes: dict[str, Part] = {}
        for domain in document.domains:
            if domain.code in domain_codes:
                self.problem(
                    _("Another domain has this code (%(place)s).")
                    % {"place": domain_codes[domain.code].locate("code")},
                    domain,
                    "code",
                )
            domain_codes.setdefault(domain.code, domain)
            domain_instance = Domain(
                code=domain.code,
                title_fr=domain.title["fr"],
                title_en=domain.title["en"],
                description_fr=domain.description["fr"],
                description_en=domain.description["en"],
                order=domain.order,
            )
            self.field_problems(domain_instance, domain, exclude=["version", "uuid"])
            self.one_language(domain_instance, domain, "title", _("title"))
            for competence in domain.competences:
                if competence.code in competence_codes:
                    self.problem(
                        _("Another competence has this code (%(place)s).")
                        % {"place": competence_codes[competence.code].locate("code")},
                        competence,
                        "code",
                    )
                competence_codes.setdefault(competence.code, competence)
                self.check_competence(competence, numbers)

    def check_competence(self, competence: CompetenceData, levels: dict[int, Part]) -> None:
        instance = Competence(
            code=competence.code,
            title_fr=competence.title["fr"],
            title_en=competence.title["en"],
            description_fr=competence.description["fr"],
            description_en=competence.description["en"],
            order=competence.order,
        )
        self.field_problems(instance, competence, exclude=["version", "domain", "replaces", "uuid"])
        self.one_language(instance, competence, "title", _("title"))
        for keyword in competence.keywords:
            if len(keyword) > KEYWORD_MAX_LENGTH or "|" in keyword:
                self.problem(
                    _("The keyword “%(keyword)s” is too long or contains “|”.")
                    % {"keyword": keyword[:40]},
                    competence,
                    "keywords",
                )
        seen_numbers: set[int] = set()
        for text in competence.level_texts:
            if text.number not in levels:
                self.problem(
                    _("There is no level %(number)s in the scale of levels.")
                    % {"number": text.number},
                    text,
                    "descriptor_fr",
                )
            elif text.number in seen_numbers:
                self.problem(
                    _("This competence has two texts for level %(number)s.")
                    % {"number": text.number},
                    text,
                    "descriptor_fr",
                )
            seen_numbers.add(text.number)
        urls: set[str] = set()
        for alignment in competence.alignments:
            instance_alignment = ExternalAlignment(
                target_url=alignment.target_url,
                target_framework=alignment.target_framework,
                target_code=alignment.target_code,
                label_fr=alignment.label["fr"],
                label_en=alignment.label["en"],
                relation=alignment.relation,
                note_fr=alignment.note["fr"],
                note_en=alignment.note["en"],
            )
            self.field_problems(instance_alignment, alignment, exclude=["competence", "uuid"])
            self.one_language(instance_alignment, alignment, "label", _("label"))
            if alignment.target_url in urls:
                self.problem(
                    _("This competence is already aligned to this address."),
                    alignment,
                    "target_url",
                )
            urls.add(alignment.target_url)

    def check_replaces(self) -> None:
        """In a new version of a framework, link each competence to the one it replaces.

        The same identifier in an earlier version, else the CASE ``replacedBy``
        link of the file, else the same code in the latest version.
        """
        competences = self.document.competences
        wanted = [competence.replaces for competence in competences if competence.replaces]
        if self.target is None:
            if wanted:
                self.notices.append(
                    _(
                        "The file links some competences to earlier versions that are not in "
                        "Jalons: these links were left out."
                    )
                )
            return
        earlier = {
            row["uuid"]: row["pk"]
            for row in Competence.objects.filter(
                version__framework=self.target,
                version__status__in=LOCKED_STATUSES,
                uuid__in=[
                    *wanted,
                    *(competence.uuid for competence in competences if competence.uuid),
                ],
            ).values("uuid", "pk")
        }
        by_code = (
            dict(Competence.objects.filter(version=self.based_on).values_list("code", "pk"))
            if self.based_on is not None
            else {}
        )
        used: set[int] = set()
        left_out = 0
        for competence in competences:
            candidates = [
                earlier.get(competence.uuid) if competence.uuid else None,
                earlier.get(competence.replaces) if competence.replaces else None,
                by_code.get(competence.code),
            ]
            if competence.replaces and competence.replaces not in earlier:
                left_out += 1
            pk = next((pk for pk in candidates if pk is not None and pk not in used), None)
            if pk is not None:
                used.add(pk)
                self.replaces[id(competence)] = pk
        if left_out:
            self.notices.append(
                _(
                    "The file links some competences to earlier versions that are not in "
                    "Jalons: these links were left out."
                )
            )
