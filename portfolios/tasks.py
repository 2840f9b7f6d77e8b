"""Background tasks of portfolios: the annual territorial report (a long run)."""

from __future__ import annotations

from django_tasks import task

from config.runs import run_kind_register
from portfolios.models import REPORT_PENDING, TerritorialReport
from portfolios.services.reports import report_run


@task()
def territorial_report_task(report_uuid: str) -> str:
    """Make one annual report's PDF (safe to run again)."""
    return report_run(report_uuid=report_uuid)


def _arguments(report: TerritorialReport) -> dict[str, str]:
    return {"report_uuid": str(report.uuid)}


def report_runs_register() -> None:
    """Reports are long runs (``config/runs.py``). Called by ``PortfoliosConfig.ready``."""
    run_kind_register(
        model=TerritorialReport,
        task=territorial_report_task,
        pending=REPORT_PENDING,
        arguments=_arguments,
    )
