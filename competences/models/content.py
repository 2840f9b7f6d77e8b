"""What a framework version contains: domains, competences, levels, descriptors, alignments.

Every row belongs to exactly one version. When a version is no longer a draft,
its rows are frozen: :class:`VersionContent` refuses ``save()``/``delete()``
and ``clean()`` reports the same error to forms; the querysets refuse bulk
``update()``/``delete()``.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any, ClassVar, Self, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from competences.models.base import (
    LOCKED_STATUSES,
    Relation,
    code_validator,
    localized,
    require_one_language,
    version_locked_error,
)
from competences.models.framework import FrameworkVersion

_M = TypeVar("_M", bound=models.Model)


class VersionContentQuerySet(models.QuerySet[_M]):
    #: Lookup path from the model to its FrameworkVersion.
    version_path: ClassVar[str] = "version"

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_locked()
        return super().delete()

    def _refuse_locked(self) -> None:
        label = (
            self.filter(**{f"{self.version_path}__status__in": LOCKED_STATUSES})
            .values_list(f"{self.version_path}__label", flat=True)
            .first()
        )
        if label is not None:
            raise version_locked_error(label)

    def update(self, **kwargs: Any) -> int:
        self._refuse_locked()
        return super().update(**kwargs)


class VersionContent(models.Model):
    """Rows that belong to a framework version and freeze with it."""

    #: (foreign key attribute, lookup from FrameworkVersion to that row's target)
    version_links: ClassVar[tuple[tuple[str, str], ...]] = (("version_id", "pk"),)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.assert_editable()
        super().save(*args, **kwargs)
        self._remember_links()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.assert_editable()
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Self:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._remember_links()
        return instance

    def _remember_links(self) -> None:
        self._saved_links = {attr: self.__dict__.get(attr) for attr, _ in self.version_links}

    def locked_version_label(self) -> str | None:
        """The label of a published or retired version this row belongs (or belonged) to."""
        condition = Q()
        saved = getattr(self, "_saved_links", {})
        for attr, lookup in self.version_links:
            ids = {getattr(self, attr), saved.get(attr)} - {None}
            if ids:
                condition |= Q(**{f"{lookup}__in": ids})
        if not condition:
            return None
        return (
            FrameworkVersion.objects.filter(condition, status__in=LOCKED_STATUSES)
            .values_list("label", flat=True)
            .first()
        )

    def assert_editable(self) -> None:
        label = self.locked_version_label()
        if label is not None:
            raise version_locked_error(label)

    def clean(self) -> None:
        super().clean()
        self.assert_editable()


class DomainQuerySet(VersionContentQuerySet["Domain"]):
    pass


class Domain(VersionContent):
    """A group of competences (a CASE CFItem of type "Domain")."""

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[code_validator],
        help_text=_("A short code that stays the same from one version to the next, e.g. ORG."),
    )
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    last_changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    objects: ClassVar[DomainQuerySet] = DomainQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="competences_domain_code_unique",
                violation_error_message=_("Another domain of this version has this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")[0]

    @property
    def description(self) -> str:
        return localized(self, "description")[0]

    def clean(self) -> None:
        super().clean()
        require_one_language(self, "title", _("title"))


class CompetenceQuerySet(VersionContentQuerySet["Competence"]):
    pass


class TaggedCompetenceQuerySet(VersionContentQuerySet["TaggedCompetence"]):
    version_path = "content_object__version"


class TaggedCompetence(VersionContent, TaggedItemBase):
    """A keyword on a competence (django-taggit through model, frozen with its version)."""

    version_links = (("content_object_id", "competences__pk"),)

    content_object = models.ForeignKey(
        "Competence", on_delete=models.CASCADE, related_name="tagged_keywords"
    )

    objects: ClassVar[TaggedCompetenceQuerySet] = TaggedCompetenceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("competence keyword")
        verbose_name_plural = _("competence keywords")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="competences_keyword_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_object_id}: {self.tag_id}"


class Competence(VersionContent):
    """A competence (a CASE CFItem of type "Competence").

    ``code`` stays the same from one version to the next; ``uuid`` is new in
    every version, and ``replaces`` points at the same competence in the
    version this one was copied from.
    """

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="competences",
    )
    domain = models.ForeignKey(
        Domain, verbose_name=_("domain"), on_delete=models.CASCADE, related_name="competences"
    )
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[code_validator],
        help_text=_("A short code that stays the same from one version to the next, e.g. ORG.2."),
    )
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    keywords = TaggableManager(
        verbose_name=_("keywords"),
        through=TaggedCompetence,
        blank=True,
        help_text=_("Words in French or English that help people find this competence."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text=_("The same competence in an earlier version."),
    )
    last_changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)
    # Search columns: normalised words (see competences/search_text.py), derived
    # from the texts above, the keywords and the alignments' labels. The services
    # keep them up to date in drafts and recompute them all when publishing.
    search_title = models.TextField(editable=False, blank=True, default="")
    search_terms = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    objects: ClassVar[CompetenceQuerySet] = CompetenceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="competences_competence_code_unique",
                violation_error_message=_("Another competence of this version has this code."),
            ),
            models.UniqueConstraint(
                fields=["version", "replaces"],
                name="competences_competence_replaces_unique",
                violation_error_message=_(
                    "Another competence of this version already replaces that competence."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("competences:competence_detail", kwargs={"uuid": self.uuid})

    @property
    def title(self) -> str:
        return localized(self, "title")[0]

    @property
    def description(self) -> str:
        return localized(self, "description")[0]

    def clean(self) -> None:
        super().clean()
        require_one_language(self, "title", _("title"))
        if self.domain_id and self.version_id and self.domain.version_id != self.version_id:
            raise ValidationError(
                {"domain": ValidationError(_("Choose a domain of this version."), code="domain")}
            )
        if self.replaces_id and self.version_id:
            replaced = self.replaces
            assert replaced is not None
            if (
                replaced.version_id == self.version_id
                or replaced.version.framework_id != self.version.framework_id
                or replaced.version.status not in LOCKED_STATUSES
            ):
                raise ValidationError(
                    {
                        "replaces": ValidationError(
                            _("Choose a competence of an earlier version of this framework."),
                            code="replaces",
                        )
                    }
                )


# The highest level number a claim, an endorsement or a badge rule may name: the default scale
# has 4 levels; a framework may define a few more.
MAX_LEVEL = 10


class ProficiencyLevelQuerySet(VersionContentQuerySet["ProficiencyLevel"]):
    pass


class ProficiencyLevel(VersionContent):
    """A level of the version's proficiency scale (a CASE CFRubricCriterionLevel)."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="levels"
    )
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    descriptor_fr = models.TextField(_("descriptor (French)"), blank=True)
    descriptor_en = models.TextField(_("descriptor (English)"), blank=True)
    last_changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    objects: ClassVar[ProficiencyLevelQuerySet] = ProficiencyLevelQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"],
                name="competences_level_number_unique",
                violation_error_message=_("This version already has a level with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="competences_level_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name")[0]

    @property
    def descriptor(self) -> str:
        return localized(self, "descriptor")[0]

    def clean(self) -> None:
        super().clean()
        require_one_language(self, "name", _("name"))


class CompetenceLevelDescriptorQuerySet(VersionContentQuerySet["CompetenceLevelDescriptor"]):
    version_path = "competence__version"


class CompetenceLevelDescriptor(VersionContent):
    """What a level looks like for one competence (optional; the level's descriptor applies)."""

    version_links = (("competence_id", "competences__pk"), ("level_id", "levels__pk"))

    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        on_delete=models.CASCADE,
        related_name="level_descriptors",
    )
    level = models.ForeignKey(
        ProficiencyLevel,
        verbose_name=_("level"),
        on_delete=models.CASCADE,
        related_name="competence_descriptors",
    )
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    descriptor_fr = models.TextField(_("descriptor (French)"), blank=True)
    descriptor_en = models.TextField(_("descriptor (English)"), blank=True)
    last_changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    objects: ClassVar[CompetenceLevelDescriptorQuerySet] = (
        CompetenceLevelDescriptorQuerySet.as_manager()  # type: ignore[assignment]
    )

    class Meta:
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        ordering = ["level__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["competence", "level"],
                name="competences_descriptor_unique",
                violation_error_message=_("This competence already has a text for this level."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence_id}/{self.level_id}"

    @property
    def descriptor(self) -> str:
        return localized(self, "descriptor")[0]

    def clean(self) -> None:
        super().clean()
        require_one_language(self, "descriptor", _("descriptor"))
        if (
            self.competence_id
            and self.level_id
            and self.competence.version_id != self.level.version_id
        ):
            raise ValidationError(
                {"level": ValidationError(_("Choose a level of this version."), code="level")}
            )


class ExternalAlignmentQuerySet(VersionContentQuerySet["ExternalAlignment"]):
    version_path = "competence__version"


class ExternalAlignment(VersionContent):
    """A link from a competence to a concept of another framework, such as an ESCO skill.

    Exported to CASE as a CFAssociation (``exactMatchOf`` or ``isRelatedTo``).
    """

    version_links = (("competence_id", "competences__pk"),)

    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        on_delete=models.CASCADE,
        related_name="alignments",
    )
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    target_url = models.URLField(
        _("address of the target"),
        max_length=500,
        help_text=_("For an ESCO skill, its URI, e.g. http://data.europa.eu/esco/skill/…"),
    )
    target_framework = models.CharField(
        _("target framework"), max_length=100, help_text=_("For example: ESCO v1.1.1, ROME 4.0.")
    )
    target_code = models.CharField(_("target code"), max_length=60, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    relation = models.CharField(
        _("relation"), max_length=10, choices=Relation.choices, default=Relation.CLOSE
    )
    # Why the competence relates to the target, in a line (shown to stewards; the ROME crosswalk).
    note_fr = models.CharField(_("justification (French)"), max_length=300, blank=True)
    note_en = models.CharField(_("justification (English)"), max_length=300, blank=True)
    last_changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    objects: ClassVar[ExternalAlignmentQuerySet] = ExternalAlignmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("external alignment")
        verbose_name_plural = _("external alignments")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competence", "target_url"],
                name="competences_alignment_unique",
                violation_error_message=_("This competence is already aligned to this address."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_framework} {self.label or self.target_url}"

    @property
    def label(self) -> str:
        return localized(self, "label")[0]

    @property
    def note(self) -> str:
        return localized(self, "note")[0]

    def clean(self) -> None:
        super().clean()
        require_one_language(self, "label", _("label"))
