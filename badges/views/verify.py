"""The public "verify a badge" page (anonymous visitors welcome; nothing is stored).

GET shows the form (``?url=`` prefills the address: the award page links here); POST
checks the uploaded file or the address and shows the report, or the form again with a
clear error and what was typed. Checks are limited per address (``verify_address``): past
the limit, the form again with the wait, 429 and ``Retry-After``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from badges.forms.verify import URL_MAX_LENGTH, VerifyForm
from badges.verifier import VerificationReport, VerifierInputError, verify_bytes, verify_url
from badges.verifier.inputs import MAX_UPLOAD_BYTES
from config.headers import csp_allow_images
from config.http import client_address
from config.ratelimit import rate_hit, too_many


def _report(form: VerifyForm) -> VerificationReport | None:
    """The report of the form's badge, or None with the error added to the form."""
    email = form.cleaned_data["email"]
    upload = form.cleaned_data["file"]
    try:
        if upload:
            return verify_bytes(upload.read(MAX_UPLOAD_BYTES + 1), email=email)
        return verify_url(form.cleaned_data["url"], email=email)
    except VerifierInputError as error:
        form.add_error("file" if upload else "url", error.message)
    return None


@require_http_methods(["GET", "HEAD", "POST"])
@csp_allow_images("https:")  # the badge's picture, from its issuer's site (no referrer)
def verify(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        # Each check may fetch another site and canonicalize documents: limited per address.
        limited = rate_hit("verify_address", client_address(request))
        if limited is not None:
            form.is_valid()
            form.add_error(None, limited.message)
            return too_many(render(request, "badges/verify/form.html", {"form": form}), limited)
        report = _report(form) if form.is_valid() else None
        if report is not None:
            return render(request, "badges/verify/result.html", {"report": report})
    else:
        form = VerifyForm(initial={"url": request.GET.get("url", "")[:URL_MAX_LENGTH]})
    return render(request, "badges/verify/form.html", {"form": form})
