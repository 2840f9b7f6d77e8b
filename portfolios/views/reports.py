"""The annual territorial report (stewards and staff only: 403 for everyone else, login for
visitors): ask for a year's PDF, made in the background, download it; choose the quotes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.api import User
from community.api import indicator_years
from config.forms import add_service_errors
from config.http import or_404, signed_in_user
from config.runs import run_resume
from portfolios.forms.reports import QuoteForm, ReportRequestForm
from portfolios.models import ReportQuote, ReportStatus, TerritorialReport
from portfolios.services.reports import quote_add, quote_delete, report_request


def _steward(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not user.can_curate_framework:
        raise PermissionDenied
    return user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    user = _steward(request)
    years = indicator_years()
    form = ReportRequestForm(years=years)
    quote_form = QuoteForm(years=years)
    if request.method == "POST":
        if "add_quote" in request.POST:
            quote_form = QuoteForm(request.POST, years=years)
            if quote_form.is_valid():
                try:
                    quote_add(user=user, **quote_form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(quote_form, error)
                else:
                    messages.success(request, _("The quote was added."))
                    return redirect("portfolios:report_list")
        else:
            form = ReportRequestForm(request.POST, years=years)
            if form.is_valid():
                report_request(user=user, year=form.cleaned_data["year"])
                messages.success(
                    request, _("The report is being made: this page shows it when it is ready.")
                )
                return redirect("portfolios:report_list")
    reports = list(TerritorialReport.objects.order_by("-created_at")[:20])
    for report in reports:
        if not report.is_finished and run_resume(report):
            report.refresh_from_db()
    return render(
        request,
        "portfolios/reports/list.html",
        {
            "form": form,
            "quote_form": quote_form,
            "years": years,
            "reports": reports,
            "quotes": list(ReportQuote.objects.order_by("-year", "created_at")),
        },
    )


@login_required
@require_safe
def report_pdf(request: HttpRequest, uuid: str) -> FileResponse:
    _steward(request)
    report = or_404(TerritorialReport.objects.filter(uuid=uuid).first())
    if report.status != ReportStatus.READY or not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        content_type="application/pdf",
        filename=f"rapport-territorial-{report.year}.pdf",
    )


@login_required
@require_POST
def quote_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _steward(request)
    quote_delete(user=user, quote_id=pk)
    messages.success(request, _("The quote was removed."))
    return redirect("portfolios:report_list")
