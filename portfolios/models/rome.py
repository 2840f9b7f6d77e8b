"""Target jobs of a portfolio: ROME 4.0 job titles its owner (or an advisor it is shared
with) chose, to see the gap to them (docs/rome.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competences.api import RomeJobTitle
from portfolios.models.portfolios import Portfolio

#: The most target jobs a portfolio keeps.
MAX_TARGET_JOBS = 5


class PortfolioTargetJob(models.Model):
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    portfolio = models.ForeignKey(
        Portfolio,
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="target_jobs",
    )
    job_title = models.ForeignKey(
        RomeJobTitle, verbose_name=_("job title"), on_delete=models.CASCADE, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("target job")
        verbose_name_plural = _("target jobs")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "job_title"],
                name="portfolios_target_job_unique",
                violation_error_message=_("This job is already a target of this portfolio."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio_id} → {self.job_title_id}"
