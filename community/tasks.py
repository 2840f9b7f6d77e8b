"""Background tasks of community: computing a year's territorial indicators (a long run)."""

from __future__ import annotations

from django_tasks import task

from community.models import PUBLICATION_PENDING, IndicatorPublication
from community.services.indicators import publication_refresh
from config.runs import run_kind_register


@task()
def indicators_publish_task(year: int) -> str:
    """Compute and store one year's protected figures (safe to run again)."""
    return publication_refresh(year=year).status


def _arguments(row: IndicatorPublication) -> dict[str, int]:
    return {"year": row.year}


def indicator_runs_register() -> None:
    """Publications are long runs (``config/runs.py``): resumed if their worker dies.
    Called by ``CommunityConfig.ready``."""
    run_kind_register(
        model=IndicatorPublication,
        task=indicators_publish_task,
        pending=PUBLICATION_PENDING,
        arguments=_arguments,
    )
