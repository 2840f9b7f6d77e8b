"""The annual territorial report: asked by a steward, made by a background task (a long run:
``config/runs.py``), and the quotes chosen for it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.api import User
from community.api import indicator_publication_ensure
from config.runs import run_claim, run_enqueue, run_release, run_renew
from portfolios.models import ReportQuote, ReportStatus, TerritorialReport
from portfolios.pdf import render_report_pdf
from portfolios.report_content import report_content_build


def _steward(user: User) -> None:
    if not user.can_curate_framework:
        raise PermissionDenied


@transaction.atomic
def report_request(*, user: User, year: int) -> TerritorialReport:
    """Ask for the report of a year: made in the background."""
    _steward(user)
    report = TerritorialReport.objects.create(year=year, requested_by=user)
    run_enqueue(report)
    return report


def report_run(*, report_uuid: str) -> str:
    """Make the PDF (safe to run again: it is made from the start each time)."""
    report = TerritorialReport.objects.get(uuid=report_uuid)
    if report.is_finished:
        return str(report.status)
    token = run_claim(report)
    if token is None:
        return "busy"
    run_renew(report, token=token, status=ReportStatus.RUNNING)
    try:
        quotes = list(ReportQuote.objects.filter(year=report.year).values_list("text", "author"))
        content = report_content_build(
            publication=indicator_publication_ensure(year=report.year),
            quotes=quotes,
            language=settings.LANGUAGE_CODE,
            generated_at=timezone.now(),
        )
        pdf = render_report_pdf(content)
    except Exception as error:
        run_release(
            report,
            token=token,
            status=ReportStatus.FAILED,
            error=type(error).__name__,
            finished_at=timezone.now(),
        )
        raise
    name = report.file.field.generate_filename(report, f"reports/report-{report.year}.pdf")
    stored = report.file.storage.save(name, ContentFile(pdf))
    if not run_release(
        report,
        token=token,
        status=ReportStatus.READY,
        file=stored,
        finished_at=timezone.now(),
    ):
        report.file.storage.delete(stored)
        return "overtaken"
    return "ready"


@transaction.atomic
def quote_add(*, user: User, year: int, text: str, author: str, author_agreed: bool) -> ReportQuote:
    _steward(user)
    quote = ReportQuote(
        year=year, text=text, author=author, author_agreed=author_agreed, added_by=user
    )
    quote.full_clean()
    quote.save()
    return quote


@transaction.atomic
def quote_delete(*, user: User, quote_id: int) -> None:
    _steward(user)
    ReportQuote.objects.filter(pk=quote_id).delete()
