"""Thin views of "badges from elsewhere" (My badges), each for the badge's holder only.

- ``external_add``: the form (a badge file or its address); POST reads it
  (``badges.received``) and keeps it (``external_credential_add``), or shows the form again
  with a clear error and what was typed. Limited per person (``badges_elsewhere``): each one
  may fetch other sites.
- ``external_detail``: one badge, its status and every check of the verifier.
- ``external_recheck`` (POST): verify it again (limited like adding one).
- ``external_original`` and ``external_image``: the original and the baked image, byte for
  byte, as attachments.
- ``external_remove``: a confirmation page, then POST forgets it.

Anyone else's badge answers 404, as one that does not exist.
"""

from __future__ import annotations

import io
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.api import User
from badges.forms.external_credentials import ExternalBadgeForm
from badges.models import ExternalCredential
from badges.received import Received, received_from_bytes, received_from_url
from badges.selectors.external_credentials import external_badge, external_credential_get
from badges.services.external_credentials import (
    ExternalCredentialRefused,
    external_credential_add,
    external_credential_recheck,
    external_credential_remove,
)
from badges.verifier import VerifierInputError
from badges.verifier.inputs import MAX_UPLOAD_BYTES
from config.http import or_404, signed_in_user
from config.ratelimit import rate_hit, too_many

RATE = "badges_elsewhere"


def _held(request: HttpRequest, uuid: UUID) -> tuple[User, ExternalCredential]:
    user = signed_in_user(request)
    return user, or_404(external_credential_get(owner=user, uuid=uuid))


def _received(form: ExternalBadgeForm) -> Received | None:
    """The badge the form gives, read; None with the error added to the form."""
    upload = form.cleaned_data["file"]
    try:
        if upload:
            return received_from_bytes(upload.read(MAX_UPLOAD_BYTES + 1))
        return received_from_url(form.cleaned_data["url"])
    except VerifierInputError as error:
        form.add_error("file" if upload else "url", error.message)
    return None


def _add(form: ExternalBadgeForm, user: User) -> tuple[ExternalCredential, bool] | None:
    """(the badge kept, whether it is new), or None with the error added to the form."""
    received = _received(form)
    if received is None:
        return None
    try:
        return external_credential_add(owner=user, received=received)
    except ExternalCredentialRefused as error:
        form.add_error("file" if form.cleaned_data["file"] else "url", error.message)
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def external_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method != "POST":
        return render(request, "badges/elsewhere/add.html", {"form": ExternalBadgeForm()})
    form = ExternalBadgeForm(request.POST, request.FILES)
    limited = rate_hit(RATE, str(user.pk))
    if limited is not None:
        form.is_valid()
        form.add_error(None, limited.message)
        return too_many(render(request, "badges/elsewhere/add.html", {"form": form}), limited)
    added = _add(form, user) if form.is_valid() else None
    if added is None:
        return render(request, "badges/elsewhere/add.html", {"form": form})
    held, created = added
    if created:
        messages.success(request, _("The badge was added to your badges."))
    else:
        messages.success(
            request, _("You already had this badge: it was replaced by the one you gave.")
        )
    return redirect("badges:external_detail", uuid=held.uuid)


@login_required
@require_safe
def external_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _user, held = _held(request, uuid)
    return render(request, "badges/elsewhere/detail.html", {"badge": external_badge(held)})


@login_required
@require_POST
def external_recheck(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user, held = _held(request, uuid)
    limited = rate_hit(RATE, str(user.pk))
    if limited is not None:
        messages.error(request, limited.message)
        response = render(request, "badges/elsewhere/detail.html", {"badge": external_badge(held)})
        return too_many(response, limited)
    held = external_credential_recheck(credential=held)
    messages.success(
        request,
        _("The badge was checked again: %(status)s.")
        % {"status": held.get_verification_status_display()},
    )
    return redirect("badges:external_detail", uuid=held.uuid)


def _attachment(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def external_original(request: HttpRequest, uuid: UUID) -> FileResponse:
    _user, held = _held(request, uuid)
    response = FileResponse(
        io.BytesIO(held.original.encode("utf-8")),
        as_attachment=True,
        filename=f"badge-{held.uuid}.{held.original_suffix}",
        content_type=held.original_media_type,
    )
    return _attachment(response)


@login_required
@require_safe
def external_image(request: HttpRequest, uuid: UUID) -> FileResponse:
    _user, held = _held(request, uuid)
    if not held.image:
        raise Http404
    suffix = held.image_suffix
    response = FileResponse(
        held.image.open("rb"),
        as_attachment=True,
        filename=f"badge-{held.uuid}.{suffix}",
        content_type="image/svg+xml" if suffix == "svg" else "image/png",
    )
    return _attachment(response)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def external_remove(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _user, held = _held(request, uuid)
    if request.method != "POST":
        return render(request, "badges/elsewhere/remove.html", {"badge": external_badge(held)})
    name = held.display_name
    external_credential_remove(credential=held)
    messages.success(request, _("“%(name)s” was removed from your badges.") % {"name": name})
    return redirect("badges:my_badges")
