"""Downloads of a portfolio (PDF, CLR) and the public check of a portfolio version.

- ``portfolio_pdf`` / ``portfolio_clr``: the owner downloads the current version
  (``portfolio_release_current``: made again only when the content changed). Anyone else
  gets 404, whether or not the portfolio exists; anonymous visitors are sent to log in.
- ``release_verify``: PUBLIC, the address printed in the PDF's footer. It says whether this
  version is authentic and unchanged, when it was made and for whom (name only), whether a
  newer version exists, and the state of each badge in it; and whether a file someone gives
  (POST, never kept) is exactly this version's PDF or record — which is all it can say once
  the owner closed their account. ``noindex``, no referrer.
- ``release_clr``: PUBLIC, the release's signed CLR (its ``id`` is this address, so that a
  verifier can dereference it). It holds what the PDF shows in machine-readable form, with
  the owner's email only hashed. It is reachable only by whoever has the release's UUID:
  random (122 bits), printed only in that PDF, never listed nor indexed — the same model as
  a badge's public credential. Sharing the PDF is sharing this record. A version its
  owner withdrew is still served, unchanged: its ``credentialStatus`` is what tells a
  verifier that it was withdrawn (a holder may have the record offline anyway).
- ``release_withdraw``: the owner withdraws a version (GET: what it does, POST: done);
  anyone else gets 404.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from config.http import client_address, or_404, signed_in_user
from config.ratelimit import rate_hit, too_many
from portfolios.clr import clr_json
from portfolios.forms.releases import ReleaseFileForm
from portfolios.models import PortfolioRelease
from portfolios.selectors.releases import (
    release_check,
    release_get,
    release_get_for_owner,
    release_statuses,
)
from portfolios.services.releases import portfolio_release_current, portfolio_release_withdraw
from portfolios.views._common import portfolio_owned_or_404

JSON_LD = "application/ld+json"


def download_name(release: PortfolioRelease, extension: str) -> str:
    """``portfolio-<title>-<date>.<extension>``, ASCII (readable in any mail client)."""
    title = release.portfolio.title if release.portfolio is not None else ""
    title = slugify(title)[:60].strip("-") or "jalons"
    return f"portfolio-{title}-{release.created_at:%Y-%m-%d}.{extension}"


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_response(release: PortfolioRelease) -> FileResponse:
    """The stored PDF of a release, as a download (for views that checked who asks)."""
    response = FileResponse(
        release.pdf.open("rb"),
        as_attachment=True,
        filename=download_name(release, "pdf"),
        content_type="application/pdf",
    )
    _private(response)
    return response


def clr_response(release: PortfolioRelease, *, attachment: bool = True) -> HttpResponse:
    """The signed CLR of a release, byte for byte the text attached to its PDF."""
    response = HttpResponse(clr_json(release.clr), content_type=f"{JSON_LD}; charset=utf-8")
    if attachment:
        response["Content-Disposition"] = (
            f'attachment; filename="{download_name(release, "clr.json")}"'
        )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _current(request: HttpRequest, uuid: UUID) -> PortfolioRelease | HttpResponse:
    portfolio = portfolio_owned_or_404(request, uuid)
    try:
        return portfolio_release_current(portfolio=portfolio)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(portfolio.get_absolute_url())


@login_required
@require_safe
def portfolio_pdf(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    release = _current(request, uuid)
    if isinstance(release, HttpResponse):
        return release
    return pdf_response(release)


@login_required
@require_safe
def portfolio_clr(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    release = _current(request, uuid)
    if isinstance(release, HttpResponse):
        return release
    return _private(clr_response(release))


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def release_verify(request: HttpRequest, uuid: UUID) -> HttpResponse:
    release = or_404(release_get(uuid=uuid))
    form = ReleaseFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        # Public and reading uploads: limited per address, like /verify/.
        limited = rate_hit("verify_address", client_address(request))
        if limited is not None:
            form.is_valid()
            form.add_error(None, limited.message)
            context = {"check": release_check(release=release), "form": form}
            page = render(request, "portfolios/releases/verify.html", context)
            return too_many(_public(page), limited)
    file_sha256 = form.sha256() if request.method == "POST" and form.is_valid() else None
    check = release_check(release=release, file_sha256=file_sha256)
    response = render(
        request,
        "portfolios/releases/verify.html",
        {"check": check, "form": ReleaseFileForm() if file_sha256 else form},
    )
    response["Cache-Control"] = "no-cache"
    return _public(response)


@require_safe
def release_clr(request: HttpRequest, uuid: UUID) -> HttpResponse:
    release = or_404(release_get(uuid=uuid))
    if release.owner_left_at is not None:
        gone = HttpResponse(
            _("Its owner closed their account: this record is no longer kept here."),
            content_type="text/plain; charset=utf-8",
            status=410,
        )
        return _public(gone)
    response = clr_response(release, attachment=False)
    response["Access-Control-Allow-Origin"] = "*"
    return _public(response)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def release_withdraw(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = signed_in_user(request)
    release = or_404(release_get_for_owner(uuid=uuid, user=user))
    portfolio = release.portfolio
    assert portfolio is not None  # owned: its portfolio exists
    back = f"{portfolio.get_absolute_url()}#versions"
    if request.method == "POST":
        try:
            portfolio_release_withdraw(release=release, by=user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "The version is withdrawn: its verification page and verifiers now say "
                    "so. The next PDF you download is a new version."
                ),
            )
        return redirect(back)
    status = release_statuses([release]).get(release.status_reference)
    return render(
        request,
        "portfolios/releases/withdraw.html",
        {
            "release": release,
            "portfolio": portfolio,
            "has_status": status is not None,
            "withdrawn_at": status.revoked_at if status is not None else None,
        },
    )
