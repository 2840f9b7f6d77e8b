"""The protected figures of each year, computed in the background and stored
(docs/indicators.md#when-the-figures-are-computed).

One row per year. A background task (``community.tasks.indicators_publish_task``) or
``manage.py indicators_publish`` computes the year's publication and replaces the row's
``payload`` in one UPDATE; every page, file and API answer reads it and never computes. The
row is a long run (``config/runs.py``): it is queued at most once, and resumed if its worker
dies.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.runs import LeasedRun


class PublicationState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being computed")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class IndicatorPublication(LeasedRun):
    """A year's protected figures (``payload``: the serialized ``Publication``, JSON), kept
    while the next computation runs."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PublicationState.choices, default=PublicationState.QUEUED
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    seconds = models.FloatField(_("computation time (s)"), null=True, blank=True)
    # SHA-256 of the payload: readers compare it with the copy they hold (in-process).
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    threshold = models.PositiveSmallIntegerField(_("threshold"), null=True, blank=True)
    payload = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    # What stopped the last computation, for operators: the error's class, never personal data.
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("indicators publication")
        verbose_name_plural = _("indicators publications")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.state})"


PUBLICATION_PENDING = Q(state__in=[PublicationState.QUEUED, PublicationState.RUNNING])
