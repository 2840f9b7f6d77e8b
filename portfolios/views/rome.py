"""A portfolio read in the ROME 4.0's words: savoir-être, target jobs and their gap, and the
jobs that ask for what the person already has (docs/rome.md).

The owner reaches these pages from her portfolio; an advisor from a portfolio shared with
them, only while the share is open (after, 410 like the portfolio itself). Anyone else
gets 404 (owner's pages) or 403 (not an advisor). Thin: selectors read, services write.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.api import User
from config.http import or_404, signed_in_user
from portfolios.forms.rome import JobsFilterForm, JobTitleSearchForm, TargetJobAddForm
from portfolios.models import AccessWhat, Portfolio, PortfolioTargetJob, ShareLink
from portfolios.selectors import rome as selectors
from portfolios.selectors.portfolios import portfolio_content
from portfolios.selectors.shares import advisor_share_get
from portfolios.services import rome as services
from portfolios.services.shares import share_access_record
from portfolios.views._common import portfolio_owned_or_404


@dataclass(frozen=True)
class _Reader:
    """Whose portfolio, read by whom: the owner (``share`` None) or an advisor."""

    portfolio: Portfolio
    viewer: User
    share: ShareLink | None

    def url(self, name: str, **kwargs: object) -> str:
        prefix = "advisor_rome" if self.share else "portfolio_rome"
        key = self.share.uuid if self.share else self.portfolio.uuid
        return reverse(f"portfolios:{prefix}{name}", kwargs={"uuid": key, **kwargs})

    @property
    def back_url(self) -> str:
        if self.share:
            return reverse("portfolios:advisor_portfolio", kwargs={"uuid": self.share.uuid})
        return self.portfolio.get_absolute_url()


def _owner(request: HttpRequest, uuid: UUID) -> _Reader:
    portfolio = portfolio_owned_or_404(request, uuid)
    return _Reader(portfolio=portfolio, viewer=signed_in_user(request), share=None)


def _advisor(request: HttpRequest, uuid: UUID) -> _Reader | HttpResponse:
    """The advisor's reader, or the 410 page when the share is no longer open."""
    user = signed_in_user(request)
    if not (user.is_active and user.is_advisor):
        raise PermissionDenied
    share = or_404(advisor_share_get(uuid=uuid, advisor=user))
    if not share.is_open():
        share_access_record(share=share, what=AccessWhat.CLOSED, viewer=user)
        return render(request, "portfolios/shares/gone.html", {"share": share}, status=410)
    return _Reader(portfolio=share.portfolio, viewer=user, share=share)


def _reading_page(request: HttpRequest, reader: _Reader) -> HttpResponse:
    content = portfolio_content(portfolio=reader.portfolio)
    reading = selectors.rome_reading(content=content)
    search = JobTitleSearchForm(request.GET or None)
    results = []
    if search.is_valid() and search.cleaned_data["q"]:
        results = selectors.job_title_search(query=search.cleaned_data["q"])
    if reader.share:
        share_access_record(share=reader.share, what=AccessWhat.PAGE, viewer=reader.viewer)
    return render(
        request,
        "portfolios/rome/reading.html",
        {
            "reader": reader,
            "share": reader.share,
            "content": content,
            "reading": reading,
            "gaps": selectors.target_job_gaps(portfolio=reader.portfolio, reading=reading),
            "search": search,
            "results": results,
            "searched": search.is_bound and search.is_valid() and bool(search.cleaned_data["q"]),
            "add_url": reader.url("_target_add"),
            "jobs_url": reader.url("_jobs"),
        },
    )


def _jobs_page(request: HttpRequest, reader: _Reader) -> HttpResponse:
    content = portfolio_content(portfolio=reader.portfolio)
    reading = selectors.rome_reading(content=content)
    form = JobsFilterForm(request.GET or None)
    domain, page = "", 1
    if form.is_valid():
        domain = form.cleaned_data["domain"] or ""
        page = form.cleaned_data["page"] or 1
    jobs, total = selectors.jobs_ranked(reading=reading, grand_domain=domain, page=page)
    paginator = Paginator(range(total), selectors.JOBS_PER_PAGE, allow_empty_first_page=True)
    if reader.share:
        share_access_record(share=reader.share, what=AccessWhat.PAGE, viewer=reader.viewer)
    return render(
        request,
        "portfolios/rome/jobs.html",
        {
            "reader": reader,
            "content": content,
            "reading": reading,
            "form": form,
            "jobs": jobs,
            "total": total,
            "page": paginator.get_page(page),
            "domain": domain,
            "reading_url": reader.url(""),
        },
    )


def _target_add(request: HttpRequest, reader: _Reader) -> HttpResponse:
    form = TargetJobAddForm(request.POST)
    if form.is_valid():
        try:
            target = services.portfolio_target_job_add(
                portfolio=reader.portfolio,
                job_title_code=form.cleaned_data["code"],
                by=reader.viewer,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("“%(title)s” is now a target job.") % {"title": target.job_title.label},
            )
    else:
        messages.error(request, _("Choose a job title of the list."))
    return redirect(reader.url("") + "#targets")


def _target_remove(request: HttpRequest, reader: _Reader, target: UUID) -> HttpResponse:
    row = or_404(
        PortfolioTargetJob.objects.filter(portfolio=reader.portfolio, uuid=target)
        .select_related("job_title")
        .first()
    )
    services.portfolio_target_job_remove(target=row, by=reader.viewer)
    messages.success(
        request, _("“%(title)s” is no longer a target job.") % {"title": row.job_title.label}
    )
    return redirect(reader.url("") + "#targets")


# --- The owner's pages -------------------------------------------------------------------


@login_required
def portfolio_rome(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _reading_page(request, _owner(request, uuid))


@login_required
def portfolio_rome_jobs(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _jobs_page(request, _owner(request, uuid))


@login_required
@require_POST
def portfolio_rome_target_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _target_add(request, _owner(request, uuid))


@login_required
@require_POST
def portfolio_rome_target_remove(request: HttpRequest, uuid: UUID, target: UUID) -> HttpResponse:
    return _target_remove(request, _owner(request, uuid), target)


# --- The advisor's pages (a portfolio shared with them) -------------------------------------


@login_required
def advisor_rome(request: HttpRequest, uuid: UUID) -> HttpResponse:
    reader = _advisor(request, uuid)
    return reader if isinstance(reader, HttpResponse) else _reading_page(request, reader)


@login_required
def advisor_rome_jobs(request: HttpRequest, uuid: UUID) -> HttpResponse:
    reader = _advisor(request, uuid)
    return reader if isinstance(reader, HttpResponse) else _jobs_page(request, reader)


@login_required
@require_POST
def advisor_rome_target_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    reader = _advisor(request, uuid)
    return reader if isinstance(reader, HttpResponse) else _target_add(request, reader)


@login_required
@require_POST
def advisor_rome_target_remove(request: HttpRequest, uuid: UUID, target: UUID) -> HttpResponse:
    reader = _advisor(request, uuid)
    return reader if isinstance(reader, HttpResponse) else _target_remove(request, reader, target)
