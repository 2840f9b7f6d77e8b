"""The annual territorial report: a PDF a steward generates for a year, in the background,
and the quotes the stewards chose for it (docs/indicators.md#the-annual-report)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.runs import LeasedRun

QUOTE_MAX_LENGTH = 600


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class TerritorialReport(LeasedRun):
    """One generation of the annual report of a year."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = models.FileField(_("file"), max_length=300, blank=True)
    # What stopped it, for operators: the error's class, never personal data.
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("territorial report")
        verbose_name_plural = _("territorial reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.READY, ReportStatus.FAILED)


REPORT_PENDING = Q(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING])


class ReportQuote(models.Model):
    """A few words about an initiative, chosen by a steward for a year's report, with its
    author's agreement to be quoted (noted by the steward: endorsements' comments carry no
    such consent, so they are never taken from there)."""

    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("quote"), max_length=QUOTE_MAX_LENGTH)
    author = models.CharField(
        _("author, as they agreed to be named"),
        max_length=150,
        help_text=_("For example: Marc, volunteer at the fablab."),
    )
    author_agreed = models.BooleanField(_("the author agreed to be quoted in the report"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("quote for the report")
        verbose_name_plural = _("quotes for the report")
        ordering = ["year", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author_agreed=True),
                name="portfolios_quote_author_agreed",
                violation_error_message=_("A quote needs its author’s agreement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.author}"
