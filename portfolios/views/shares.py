"""Share pages: the owner's links and access log (each open link with Copy / Share buttons
and a full-screen QR code page), the shared read-only view behind a link (/s/<token>/,
with its PDF and CLR downloads), and the advisor workspace.

The shared pages answer 404 for an unknown token and 410 with a plain explanation for a
withdrawn or expired link; they are never indexed, send no referrer and are not cached.
Every access is logged for the owner: the page, the PDF, the CLR, a wrong access code,
an attempt on a closed link.

Advisors reach the portfolios shared with their verified email address through their
workspace (/advisor/portfolios/<share uuid>/), without the link's token. There the
access code is not asked: signing in as the named recipient proves more than the code
does (the code protects a link that could be forwarded; the workspace opens only for
the recipient's own account). The share form tells the owner so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.api import User
from config.forms import add_service_errors
from config.http import or_404, posted, signed_in_user
from portfolios.forms.shares import (
    AccessCodeForm,
    ShareLinkForm,
    WorkspaceFilterForm,
    workspace_filters,
)
from portfolios.models.portfolios import AccessWhat, ShareLink
from portfolios.pdf.graphics import qr_svg
from portfolios.selectors import orientations as orientation_selectors
from portfolios.selectors import shares as selectors
from portfolios.selectors.orientations import Pathway
from portfolios.selectors.portfolios import portfolio_content
from portfolios.selectors.rome import rome_reading
from portfolios.services import shares as services
from portfolios.services.releases import portfolio_release_current
from portfolios.views._common import portfolio_owned_or_404
from portfolios.views.releases import clr_response, pdf_response

LOG_PER_PAGE = 50
SESSION_NEW_LINK = "portfolios_share_new_link"  # the new link and its code, shown once
SESSION_CODES = "portfolios_share_codes"  # links opened with their access code


def no_store(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    return response


def shared_headers(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Shared pages are not indexed, send no referrer and are not kept in any cache."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return no_store(response)

    return wrapper


def _viewer(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


# --- The owner's page ----------------------------------------------------------------


@login_required
def share_list(request: HttpRequest, uuid: str) -> HttpResponseBase:
    """The portfolio's links, the form to create one, and the access log."""
    user = signed_in_user(request)
    portfolio = portfolio_owned_or_404(request, uuid)
    form = ShareLinkForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            share, token = services.share_link_create(
                portfolio=portfolio, by=user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_NEW_LINK] = {
                "share": str(share.uuid),
                "token": token,
                # Shown once, in large characters, then forgotten (only its hash is kept).
                "code": form.cleaned_data.get("access_code", "").strip(),
            }
            messages.success(request, _("Your share link is ready. Send it, or show its QR code."))
            return redirect("portfolios:share_list", uuid=portfolio.uuid)
    rows = selectors.share_rows(portfolio=portfolio)
    urls = services.share_urls_for_owner(
        portfolio=portfolio, shares=[row.share for row in rows], by=user
    )
    rows = [replace(row, url=urls.get(row.share.pk)) for row in rows]
    new_link = None
    remembered = request.session.pop(SESSION_NEW_LINK, None) if request.method == "GET" else None
    if remembered:
        created = next((r.share for r in rows if str(r.share.uuid) == remembered["share"]), None)
        if created is not None:
            new_link = {
                "share": created,
                "url": services.share_url(remembered["token"]),
                "code": remembered.get("code", ""),
            }
    log = Paginator(selectors.share_access_log(portfolio=portfolio), LOG_PER_PAGE).get_page(
        request.GET.get("page")
    )
    response = render(
        request,
        "portfolios/shares/share_list.html",
        {"portfolio": portfolio, "rows": rows, "form": form, "new_link": new_link, "log": log},
    )
    return no_store(response)


@login_required
@require_POST
def share_revoke(request: HttpRequest, uuid: str) -> HttpResponse:
    user = signed_in_user(request)
    share = or_404(selectors.share_get_for_owner(uuid=uuid, user=user))
    services.share_link_revoke(share=share, by=user)
    messages.success(request, _("The link is withdrawn: it no longer opens your portfolio."))
    return redirect("portfolios:share_list", uuid=share.portfolio.uuid)


@login_required
def share_qr(request: HttpRequest, uuid: str) -> HttpResponseBase:
    """The QR code of one of the owner's open links, full screen, to show face to face.

    Only the owner reaches it (404 for anyone else); a closed link answers 410."""
    user = signed_in_user(request)
    share = or_404(selectors.share_get_for_owner(uuid=uuid, user=user))
    url = services.share_urls_for_owner(portfolio=share.portfolio, shares=[share], by=user).get(
        share.pk
    )
    context: dict[str, Any] = {"share": share, "portfolio": share.portfolio, "url": url}
    if url is not None:
        context["qr"] = qr_svg(url, title=_("QR code of the link to your portfolio"))
    response = render(
        request, "portfolios/shares/qr.html", context, status=200 if url is not None else 410
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return no_store(response)


# --- The shared view -----------------------------------------------------------------


def _gone(request: HttpRequest, share: ShareLink, *, viewer: User | None) -> HttpResponse:
    services.share_access_record(share=share, what=AccessWhat.CLOSED, viewer=viewer)
    return render(request, "portfolios/shares/gone.html", {"share": share}, status=410)


def _code_remembered(request: HttpRequest, share: ShareLink) -> bool:
    return not share.has_access_code or str(share.uuid) in request.session.get(SESSION_CODES, [])


def _remember_code(request: HttpRequest, share: ShareLink) -> None:
    opened = [*request.session.get(SESSION_CODES, []), str(share.uuid)]
    request.session[SESSION_CODES] = opened[-50:]


def _code_page(request: HttpRequest, share: ShareLink, viewer: User | None) -> HttpResponse:
    """Ask for the access code; the right one is remembered in the session for this link."""
    form = AccessCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if services.share_access_code_check(
            share=share, code=form.cleaned_data["code"], viewer=viewer
        ):
            request.session.cycle_key()
            _remember_code(request, share)
            return redirect(request.path)
        locked_until = services.share_code_locked_until(share=share)
        if locked_until is not None:
            form.add_error(
                "code",
                _("Too many wrong codes: this link refuses codes until %(time)s.")
                % {"time": _local_time(locked_until)},
            )
        else:
            form.add_error("code", _("This code is not right. Check it with the person."))
    return render(request, "portfolios/shares/code.html", {"form": form})


def _local_time(moment: Any) -> str:
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def _portfolio_page(
    request: HttpRequest,
    share: ShareLink,
    *,
    pdf_url: str,
    clr_url: str,
    workspace: bool,
    pathways: list[Pathway] | None = None,
) -> HttpResponse:
    content = portfolio_content(portfolio=share.portfolio)
    return render(
        request,
        "portfolios/shares/shared.html",
        {
            "share": share,
            "content": content,
            "rome": rome_reading(content=content),
            "rome_url": (
                reverse("portfolios:advisor_rome", kwargs={"uuid": share.uuid}) if workspace else ""
            ),
            "show_private_actions": False,
            "pdf_url": pdf_url,
            "clr_url": clr_url,
            "workspace": workspace,
            "pathways": pathways or [],
        },
    )


def _open_share(request: HttpRequest, token: str) -> tuple[ShareLink | None, HttpResponse | None]:
    """The link if it may be read now, else the response to give instead."""
    share = selectors.share_get_by_token(token=token)
    if share is None:
        return None, render(request, "portfolios/shares/unknown.html", status=404)
    if not share.is_open():
        return None, _gone(request, share, viewer=_viewer(request))
    return share, None


@csrf_exempt
@shared_headers
def shared_view(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only portfolio behind a link, after its access code if it has one.

    Exempt from the CSRF check: with ``Referrer-Policy: no-referrer`` browsers post the
    access code with ``Origin: null``, which the check refuses. A forged post gains
    nothing: it needs the link's token and its code (whoever has both can open the link
    directly), and wrong codes lock the link whoever sends them.
    """
    share, refusal = _open_share(request, token)
    if refusal is not None:
        return refusal
    assert share is not None
    viewer = _viewer(request)
    if not _code_remembered(request, share):
        return _code_page(request, share, viewer)
    services.share_access_record(share=share, what=AccessWhat.PAGE, viewer=viewer)
    return _portfolio_page(
        request,
        share,
        pdf_url=reverse("portfolios:shared_pdf", kwargs={"token": token}),
        clr_url=reverse("portfolios:shared_clr", kwargs={"token": token}),
        workspace=False,
    )


def _download(
    request: HttpRequest, share: ShareLink, what: str, viewer: User | None, *, page_url: str
) -> HttpResponseBase:
    """The current release's PDF or CLR (generated again if the portfolio changed since)."""
    try:
        release = portfolio_release_current(portfolio=share.portfolio)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(page_url)
    services.share_access_record(share=share, what=what, viewer=viewer)
    if what == AccessWhat.PDF:
        return pdf_response(release)
    return clr_response(release)


def _shared_download(request: HttpRequest, token: str, what: str) -> HttpResponseBase:
    share, refusal = _open_share(request, token)
    if refusal is not None:
        return refusal
    assert share is not None
    if not _code_remembered(request, share):
        return redirect("portfolios:shared_view", token=token)
    page_url = reverse("portfolios:shared_view", kwargs={"token": token})
    return _download(request, share, what, _viewer(request), page_url=page_url)


@shared_headers
def shared_pdf(request: HttpRequest, token: str) -> HttpResponseBase:
    return _shared_download(request, token, AccessWhat.PDF)


@shared_headers
def shared_clr(request: HttpRequest, token: str) -> HttpResponseBase:
    return _shared_download(request, token, AccessWhat.CLR)


# --- The advisor workspace -----------------------------------------------------------

WORKSPACE_PER_PAGE = 20


def _advisor(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not (user.is_active and user.is_advisor):
        raise PermissionDenied
    return user


@login_required
def advisor_workspace(request: HttpRequest) -> HttpResponseBase:
    """The portfolios shared with the advisor's verified email address, newest first."""
    advisor = _advisor(request)
    workspace = selectors.advisor_workspace(
        advisor=advisor,
        page_number=request.GET.get("page"),
        per_page=WORKSPACE_PER_PAGE,
        **workspace_filters(request.GET),
    )
    query = request.GET.copy()
    query.pop("page", None)
    form = WorkspaceFilterForm(
        request.GET or None,
        competences=workspace.competence_choices,
        domains=workspace.domain_choices,
    )
    response = render(
        request,
        "portfolios/advisor/workspace.html",
        {
            "workspace": workspace,
            "page": workspace.page,
            "query": query.urlencode(),
            "form": form,
            "filtered": any(workspace_filters(request.GET).values()),
            "email_verified": advisor.email_verified,
        },
    )
    # Not indexed nor cached; the referrer is kept: the page has the site's forms (log out).
    response["X-Robots-Tag"] = "noindex, nofollow"
    return no_store(response)


def _advisor_share(request: HttpRequest, uuid: str) -> tuple[User, ShareLink]:
    advisor = _advisor(request)
    share = or_404(selectors.advisor_share_get(uuid=uuid, advisor=advisor))
    return advisor, share


@shared_headers
@login_required
def advisor_portfolio(request: HttpRequest, uuid: str) -> HttpResponse:
    """A portfolio shared with the advisor, opened from the workspace (no access code)."""
    advisor, share = _advisor_share(request, uuid)
    if not share.is_open():
        return _gone(request, share, viewer=advisor)
    services.share_access_record(share=share, what=AccessWhat.PAGE, viewer=advisor)
    return _portfolio_page(
        request,
        share,
        pdf_url=reverse("portfolios:advisor_portfolio_pdf", kwargs={"uuid": share.uuid}),
        clr_url=reverse("portfolios:advisor_portfolio_clr", kwargs={"uuid": share.uuid}),
        workspace=True,
        pathways=orientation_selectors.pathways(
            orientation_selectors.orientation_list_for_advisor_share(share=share, advisor=advisor)
        ),
    )


def _advisor_download(request: HttpRequest, uuid: str, what: str) -> HttpResponseBase:
    advisor, share = _advisor_share(request, uuid)
    if not share.is_open():
        return _gone(request, share, viewer=advisor)
    page_url = reverse("portfolios:advisor_portfolio", kwargs={"uuid": share.uuid})
    return _download(request, share, what, advisor, page_url=page_url)


@shared_headers
@login_required
def advisor_portfolio_pdf(request: HttpRequest, uuid: str) -> HttpResponseBase:
    return _advisor_download(request, uuid, AccessWhat.PDF)


@shared_headers
@login_required
def advisor_portfolio_clr(request: HttpRequest, uuid: str) -> HttpResponseBase:
    return _advisor_download(request, uuid, AccessWhat.CLR)
