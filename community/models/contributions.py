"""Contributions (what a volunteer did), their evidence, and the competences they claim."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from competences.models import MAX_LEVEL

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


class ContributionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    RECORDED = "recorded", _("recorded")


class Contribution(models.Model):
    """Something a person did, in an initiative or in a personal project.

    A draft is seen by its owner only. A recorded contribution is seen by its owner,
    by the people asked to endorse it, and by the leaders of its initiative.
    ``ended_on`` empty means the contribution is still going on.
    """

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    initiative = models.ForeignKey(
        "community.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
        help_text=_("Leave empty for a personal project."),
    )
    personal_project = models.CharField(
        _("personal project"),
        max_length=150,
        blank=True,
        help_text=_("When it was not in an initiative: the name of the project, if it has one."),
    )
    title = models.CharField(_("title"), max_length=200)
    narrative = models.TextField(_("what I did"), max_length=5000, blank=True)
    role = models.CharField(
        _("role"), max_length=150, blank=True, help_text=_("For example: volunteer at the desk.")
    )
    started_on = models.DateField(_("start date"), default=timezone.localdate)
    ended_on = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty if it is still going on.")
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10000)],
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ContributionStatus.choices,
        default=ContributionStatus.RECORDED,
    )
    tags = TaggableManager(_("tags"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-started_on", "-created_at"]
        indexes = [
            models.Index(fields=["owner", "status"], name="contribution_owner_status"),
            # Someone's contributions, newest first, page after page (the API's cursor).
            models.Index(
                fields=["owner", "-started_on", "-created_at", "-id"],
                name="contribution_owner_recent",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="contribution_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="contribution_hours_positive",
                violation_error_message=_("Hours cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:contribution_detail", kwargs={"uuid": self.uuid})

    @property
    def is_draft(self) -> bool:
        return self.status == ContributionStatus.DRAFT

    @property
    def is_ongoing(self) -> bool:
        return self.ended_on is None

    @property
    def context_name(self) -> str:
        """Where it happened: the initiative, or the personal project."""
        if self.initiative_id is not None and self.initiative is not None:
            return self.initiative.name
        return self.personal_project or str(_("Personal project"))


class EvidenceKind(models.TextChoices):
    FILE = "file", _("file")
    LINK = "link", _("link")
    TEXT = "text", _("text")


class Visibility(models.TextChoices):
    """Who may see a piece of evidence, besides its owner."""

    PRIVATE = "private", _("only me")
    ENDORSERS = "endorsers", _("me and the people I ask to endorse")
    PUBLIC = "public", _("everyone I share my portfolio with")


class Evidence(models.Model):
    """A proof attached to a contribution: a checked file, a link or a text."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", blank=True, max_length=300)
    content_type = models.CharField(_("file type"), max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True, editable=False)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    visibility = models.CharField(
        _("who can see it"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.ENDORSERS,
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=EvidenceKind.FILE, file__gt="")
                    | Q(kind=EvidenceKind.LINK, url__gt="")
                    | Q(kind=EvidenceKind.TEXT, text__gt="")
                ),
                name="evidence_has_content_of_its_kind",
                violation_error_message=_("Add the file, the link or the text of this evidence."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name or self.url or self.text[:60]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class CompetenceClaim(models.Model):
    """A competence that a contribution shows, with the volunteer's own level.

    ``self_level`` is the number of a level of the competence's framework
    version (1 to 4 in the default framework).
    """

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    self_level = models.PositiveSmallIntegerField(
        _("my level"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )
    statement = models.CharField(
        _("what shows it"),
        max_length=300,
        blank=True,
        help_text=_("One sentence, for example: I welcomed and guided 30 visitors."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("competence claim")
        verbose_name_plural = _("competence claims")
        ordering = ["contribution", "competence__domain__order", "competence__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "competence"],
                name="claim_once_per_contribution",
                violation_error_message=_(
                    "This competence is already claimed on this contribution."
                ),
            ),
            models.CheckConstraint(
                condition=Q(self_level__gte=1) & Q(self_level__lte=MAX_LEVEL),
                name="claim_level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence} ({self.self_level})"
