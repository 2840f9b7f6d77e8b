"""Writes of the ROME reading of a portfolio: its target jobs (docs/rome.md).

Who may do it (the owner, or an advisor while the portfolio is shared with them) is
checked by the views and the API before they call these.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.api import User
from portfolios.models import MAX_TARGET_JOBS, Portfolio, PortfolioTargetJob
from portfolios.selectors.rome import job_title_get


@transaction.atomic
def portfolio_target_job_add(
    *, portfolio: Portfolio, job_title_code: str, by: User
) -> PortfolioTargetJob:
    """Add a ROME job title to the portfolio's target jobs (nothing new if it is there)."""
    Portfolio.objects.select_for_update().filter(pk=portfolio.pk).first()
    title = job_title_get(code=job_title_code.strip())
    if title is None:
        raise ValidationError(
            _("This job title is not in the ROME 4.0. Search again and choose one of the list."),
            code="unknown_job_title",
        )
    existing = PortfolioTargetJob.objects.filter(portfolio=portfolio, job_title=title).first()
    if existing is not None:
        return existing
    if PortfolioTargetJob.objects.filter(portfolio=portfolio).count() >= MAX_TARGET_JOBS:
        raise ValidationError(
            _("A portfolio keeps at most %(max)d target jobs: remove one first."),
            code="too_many_target_jobs",
            params={"max": MAX_TARGET_JOBS},
        )
    return PortfolioTargetJob.objects.create(portfolio=portfolio, job_title=title, added_by=by)


@transaction.atomic
def portfolio_target_job_remove(*, target: PortfolioTargetJob, by: User) -> None:
    target.delete()
