"""Bulk awards: a CSV file of recipients, awarded by a background task.

The file is parsed and checked when it is uploaded (``rows`` keeps the rows to award,
``errors`` the rows refused, each with its line number and a message); the task then
awards row after row and counts its progress, which the progress page shows.
Idempotence: a row whose email already holds a valid award of the badge class is
skipped, so the same file run twice awards nothing the second time. A run survives its
worker's death: the worker holds it under a lease (``LeasedRun``), and a run whose lease
expired is resumed from the rows already processed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models.badge_classes import BadgeClass
from config.runs import LeasedRun


class BulkStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("in progress")
    DONE = "done", _("finished")
    FAILED = "failed", _("stopped by an error")


class BulkAward(LeasedRun):
    """One CSV upload of recipients for a badge class, and how far its task went (a run held
    under a lease by its worker: ``config/runs.py``)."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        BadgeClass,
        verbose_name=_("badge class"),
        on_delete=models.CASCADE,
        related_name="bulk_awards",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BulkStatus.choices, default=BulkStatus.QUEUED
    )
    rows = models.JSONField(_("rows to award"), default=list, blank=True)
    total = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    awarded = models.PositiveIntegerField(_("badges awarded"), default=0)
    skipped = models.PositiveIntegerField(_("rows already awarded"), default=0)
    errors = models.JSONField(_("rows refused"), default=list, blank=True)

    class Meta:
        verbose_name = _("bulk award")
        verbose_name_plural = _("bulk awards")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.badge_class_id}: {self.file_name} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("badges:bulk_award_detail", kwargs={"uuid": self.uuid})

    @property
    def is_finished(self) -> bool:
        return self.status in {BulkStatus.DONE, BulkStatus.FAILED}


# The runs that still have rows to award (``config.runs.run_kind_register``).
BULK_PENDING = models.Q(status__in=[BulkStatus.QUEUED, BulkStatus.RUNNING])
