"""Exports of a person's data ("Mes données"): one ZIP of everything Jalons holds about them.

A ``DataExport`` is asked for by its owner (a page or the API) and prepared by a background
task (``accounts.tasks.data_export_task``), which may run again: each run builds the ZIP from
scratch and replaces the stored file (``accounts.services.export_run.data_export_run``).
It is a long run (``config.runs.LeasedRun``): the worker that prepares it holds it under a
lease, renewed between the sections of the ZIP; an export whose worker died is resumed (its
progress page, ``manage.py db_worker``) and prepared again from the start.

The ZIP is stored in Django's default storage under a random name, never under a public
address: its owner downloads it through ``accounts:data_export_download``, until
``expires_at`` (``settings.RETENTION_DAYS["exports"]`` days after it was ready); then the
retention rule ``exports`` deletes the file and the row.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.runs import LeasedRun


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("stopped by an error")


class DataExport(LeasedRun):
    """One export of a person's data, and how far its preparation went."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A random name in the default storage (``data-exports/<random>.zip``): never public.
    file = models.FileField(_("file"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    # What stopped it, for operators: the error's class, never personal data.
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_export_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("accounts:data_export_detail", kwargs={"uuid": self.uuid})

    @property
    def download_path(self) -> str:
        return reverse("accounts:data_export_download", kwargs={"uuid": self.uuid})

    @property
    def is_finished(self) -> bool:
        return self.status in {ExportStatus.READY, ExportStatus.FAILED}

    @property
    def is_in_progress(self) -> bool:
        return self.status in {ExportStatus.QUEUED, ExportStatus.RUNNING}

    def is_expired(self, *, at: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    def is_downloadable(self, *, at: datetime | None = None) -> bool:
        return self.status == ExportStatus.READY and bool(self.file) and not self.is_expired(at=at)

    def state(self, *, at: datetime | None = None) -> str:
        """``queued``, ``running``, ``ready``, ``failed`` or ``expired`` (a ready one past
        its date): what the pages and the API say."""
        if self.status == ExportStatus.READY and self.is_expired(at=at):
            return "expired"
        return str(self.status)


# The exports still to prepare (``config.runs.run_kind_register``).
EXPORT_PENDING = Q(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
