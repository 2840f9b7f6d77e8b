"""A framework and its versions.

A version is a draft until a steward publishes it. Published and retired
versions are immutable: the services refuse to change them, and these models
refuse it again in ``clean()``, ``save()``, ``delete()`` and in bulk
``QuerySet.update()``/``delete()``, as a last line of defence.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competences.models.base import (
    LOCKED_STATUSES,
    Status,
    default_languages,
    label_validator,
    localized,
    require_one_language,
    validate_languages,
    version_locked_error,
)

# Path segments under /frameworks/ that cannot be framework slugs.
RESERVED_SLUGS = frozenset({"competences", "new", "search"})


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        if FrameworkVersion.objects.filter(framework__in=self, status__in=LOCKED_STATUSES).exists():
            raise ValidationError(
                _("A framework with published or retired versions cannot be deleted."),
                code="framework_has_versions",
            )
        return super().delete()


class Framework(models.Model):
    """A competence framework: what stays the same from one version to the next."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=80,
        unique=True,
        help_text=_("Lowercase letters, digits and dashes. It appears in the page address."),
    )
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    publisher = models.CharField(_("publisher"), max_length=200)
    licence = models.CharField(
        _("licence"), max_length=100, blank=True, help_text=_("For example: CC BY 4.0.")
    )
    licence_url = models.URLField(_("licence address"), max_length=500, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=default_languages,
        validators=[validate_languages],
        help_text=_("Languages in which every title must be written before publishing."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    objects: ClassVar[FrameworkQuerySet] = FrameworkQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("competence framework")
        verbose_name_plural = _("competence frameworks")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("competences:framework_detail", kwargs={"slug": self.slug})

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.pk and self.versions.filter(status__in=LOCKED_STATUSES).exists():
            raise ValidationError(
                _("A framework with published or retired versions cannot be deleted."),
                code="framework_has_versions",
            )
        return super().delete(*args, **kwargs)

    @property
    def name(self) -> str:
        return localized(self, "name")[0]

    @property
    def description(self) -> str:
        return localized(self, "description")[0]

    def clean(self) -> None:
        super().clean()
        require_one_language(self, "name", _("name"))
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": ValidationError(_("This short name is reserved."), code="reserved")}
            )


class FrameworkVersionQuerySet(models.QuerySet["FrameworkVersion"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_locked()
        return super().delete()

    def public(self) -> FrameworkVersionQuerySet:
        """Versions anyone may read: published and retired ones."""
        return self.filter(status__in=LOCKED_STATUSES)

    def _refuse_locked(self) -> None:
        locked = self.filter(status__in=LOCKED_STATUSES).values_list("label", flat=True).first()
        if locked is not None:
            raise version_locked_error(locked)

    def update(self, **kwargs: Any) -> int:
        self._refuse_locked()
        return super().update(**kwargs)


class FrameworkVersion(models.Model):
    """One version of a framework: a CASE CFDocument (``uuid`` is its identifier)."""

    # Fields that never change once a version is published.
    FROZEN_FIELDS: ClassVar[tuple[str, ...]] = (
        "framework_id",
        "uuid",
        "label",
        "notes_fr",
        "notes_en",
        "based_on_id",
        "published_at",
        "created_at",
    )

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="versions"
    )
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(
        _("version number"),
        max_length=30,
        validators=[label_validator],
        help_text=_("For example 1.1 or 2026. It appears in the page address."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_versions",
    )
    notes_fr = models.TextField(_("what changed (French)"), blank=True)
    notes_en = models.TextField(_("what changed (English)"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    last_changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    objects: ClassVar[FrameworkVersionQuerySet] = FrameworkVersionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "label"],
                name="competences_version_label_unique",
                violation_error_message=_("This framework already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(status=Status.DRAFT),
                name="competences_version_one_draft",
                violation_error_message=_("This framework already has a draft."),
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(status=Status.PUBLISHED),
                name="competences_version_one_published",
                violation_error_message=_("This framework already has a published version."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(published_at__isnull=False),
                name="competences_version_published_has_date",
                violation_error_message=_("A published version needs a publication date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETIRED) | Q(retired_at__isnull=False),
                name="competences_version_retired_has_date",
                violation_error_message=_("A retired version needs a retirement date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_transition()
        super().save(*args, **kwargs)
        self._remember_saved_state()

    def get_absolute_url(self) -> str:
        return reverse(
            "competences:version_detail",
            kwargs={"slug": self.framework.slug, "label": self.label},
        )

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        state = self._saved_state_or_fetch()
        current = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if self.status != Status.DRAFT or current in LOCKED_STATUSES:
            raise version_locked_error(str(state["label"] if state else self.label))
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Self:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._remember_saved_state()
        return instance

    def _remember_saved_state(self) -> None:
        self._saved_state = {
            name: self.__dict__.get(name) for name in (*self.FROZEN_FIELDS, "status")
        }

    def _saved_state_or_fetch(self) -> dict[str, Any] | None:
        state: dict[str, Any] | None = getattr(self, "_saved_state", None)
        if state is None and self.pk is not None:
            state = (
                type(self)
                .objects.filter(pk=self.pk)
                .values(*(name for name in self.FROZEN_FIELDS), "status")
                .first()
            )
        return state

    @property
    def notes(self) -> str:
        return localized(self, "notes")[0]

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_retired(self) -> bool:
        return self.status == Status.RETIRED

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    def check_transition(self) -> None:
        """Refuse any change to a version that was published or retired.

        Allowed: anything on a draft, draft → published, published → retired.
        """
        state = None if self._state.adding else self._saved_state_or_fetch()
        if state is None:
            return
        was = state["status"]
        if was == Status.DRAFT:
            if self.status == Status.RETIRED:
                raise ValidationError(
                    _("A draft cannot be retired: publish it or delete it."),
                    code="invalid_transition",
                )
            return
        frozen_changed = any(self.__dict__.get(name) != state[name] for name in self.FROZEN_FIELDS)
        allowed = {Status.PUBLISHED: {Status.PUBLISHED, Status.RETIRED}}.get(was, {Status.RETIRED})
        if frozen_changed or self.status not in allowed:
            raise version_locked_error(str(state["label"]))

    def clean(self) -> None:
        super().clean()
        self.check_transition()

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._remember_saved_state()
