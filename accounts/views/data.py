"""The "Mes données" page: what Jalons holds about the signed-in person, and its export.

- ``my_data``: the page, one group per app (``accounts.selectors.personal_data``), with the
  export button and the person's recent exports.
- ``data_export_create`` (POST): ask for an export (one at a time, ``RATE_LIMITS
  ["data_export"]`` a day), prepared in the background; then its progress page.
- ``data_export_detail``: the progress page, refreshed by ``<meta http-equiv="refresh">``
  while the file is being prepared (no JavaScript); each visit resumes an export whose
  worker died (``data_export_resume``).
- ``data_export_download``: the ZIP, for its owner only (404 for anyone else), as an
  attachment never stored by a cache; ``410 Gone`` once the link expired. On an S3 storage the
  owner is sent to a signed address valid 5 minutes (``config.files.signed_url``): the ZIP
  does not go through the app server; on the local folder the view streams it.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import DataExport, User
from accounts.selectors.exports import (
    data_export_get_for_owner,
    data_export_in_progress,
    data_export_list,
)
from accounts.selectors.personal_data import personal_data_summary
from accounts.services.export_run import data_export_resume
from accounts.services.exports import data_export_request
from config.files import signed_url
from config.http import or_404, signed_in_user
from config.ratelimit import Limited, rate_hit, too_many, wait_text

RECENT_EXPORTS = 5
REFRESH_SECONDS = 3


def _page(request: HttpRequest, user: User) -> HttpResponse:
    return render(
        request,
        "accounts/data/my_data.html",
        {
            "groups": personal_data_summary(user=user),
            "exports": list(data_export_list(user=user)[:RECENT_EXPORTS]),
            "in_progress": data_export_in_progress(user=user),
            "export_days": settings.RETENTION_DAYS["exports"],
        },
    )


@login_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    return _page(request, signed_in_user(request))


@login_required
@require_POST
def data_export_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    running = data_export_in_progress(user=user)
    if running is not None:
        messages.info(request, _("Your data is already being prepared: here is where it is."))
        return redirect(running)
    limited = rate_hit("data_export", str(user.pk))
    if limited is not None:
        messages.error(request, _limited_message(limited))
        return too_many(_page(request, user), limited)
    try:
        export = data_export_request(user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:my_data")
    return redirect(export)


def _limited_message(limited: Limited) -> str:
    return _("You have already asked for several exports today. You can ask again in %(wait)s.") % {
        "wait": wait_text(limited.retry_after)
    }


def _own_export(request: HttpRequest, uuid: UUID) -> DataExport:
    return or_404(data_export_get_for_owner(uuid=uuid, user=signed_in_user(request)))


@login_required
@require_safe
def data_export_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """How far the export went: a page that refreshes itself until the file is ready.

    Each visit resumes an export whose worker died (its lease expired): with the development
    task backend, the server that prepared it may have stopped.
    """
    export = _own_export(request, uuid)
    if data_export_resume(export=export):
        export.refresh_from_db()
    return render(
        request,
        "accounts/data/export_detail.html",
        {"export": export, "state": export.state(), "refresh": REFRESH_SECONDS},
    )


def _gone(request: HttpRequest, export: DataExport) -> HttpResponse:
    return render(request, "accounts/data/export_gone.html", {"export": export}, status=410)


@login_required
@require_safe
def data_export_download(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    export = _own_export(request, uuid)
    if export.state() == "expired":
        return _gone(request, export)
    if not export.is_downloadable():
        return redirect(export)
    ready_at = export.finished_at or export.created_at
    filename = f"jalons-my-data-{timezone.localdate(ready_at):%Y-%m-%d}.zip"
    url = signed_url(export.file, filename=filename, content_type="application/zip")
    if url is not None:
        if not export.file.storage.exists(export.file.name or ""):
            return _gone(request, export)
        response: HttpResponseBase = redirect(url)
    else:
        try:
            file = export.file.open("rb")
        except FileNotFoundError:
            return _gone(request, export)
        response = FileResponse(
            file, as_attachment=True, filename=filename, content_type="application/zip"
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
