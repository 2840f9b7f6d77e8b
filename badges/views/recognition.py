"""The stewards' pages on the territory's recognition of issuers: the queue of issuers
waiting for a decision (with the recognised names they imitate), and the decision page of
one issuer (its standing, its history, grant / suspend / withdraw with a public note).

Stewards and platform staff only: 403 for everyone else, login for anonymous visitors.

``trust_list`` is public: the territory's signed list of the issuers it recognises, for other
verifiers and other territories (``/.well-known/trust-list.json``, docs/trust-list.md).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from badges.forms.recognition import GRANT, SUSPEND, RecognitionForm
from badges.models import Issuer
from badges.selectors.recognition import (
    issuer_standing,
    look_alikes,
    recognition_history,
    recognition_queue,
    territory_name,
    user_can_manage_recognition,
)
from badges.services.recognition import (
    recognition_grant,
    recognition_suspend,
    recognition_withdraw,
)
from badges.services.trust_list import trust_list_signed
from badges.views.common import issuer_or_404
from badges.views.issuers import json_document
from config.forms import add_service_errors
from config.http import absolute_url, posted, signed_in_user

VC_LD_JSON = "application/vc+ld+json"


def _require_steward(request: HttpRequest) -> None:
    if not user_can_manage_recognition(signed_in_user(request)):
        raise PermissionDenied


@require_safe
@login_required
def recognition_queue_page(request: HttpRequest) -> HttpResponse:
    _require_steward(request)
    return render(
        request,
        "badges/recognition/queue.html",
        {"entries": recognition_queue(), "territory": territory_name()},
    )


def _decide(issuer: Issuer, form: RecognitionForm, request: HttpRequest) -> bool:
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    by = signed_in_user(request)
    try:
        if action == GRANT:
            recognition_grant(issuer=issuer, by=by, note=note)
        elif action == SUSPEND:
            recognition_suspend(issuer=issuer, by=by, reason=note)
        else:
            recognition_withdraw(issuer=issuer, by=by, reason=note)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def issuer_recognition(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _require_steward(request)
    issuer = issuer_or_404(uuid)
    form = RecognitionForm(posted(request), status=issuer.recognition)
    if request.method == "POST" and form.is_valid() and _decide(issuer, form, request):
        messages.success(request, _("The decision is recorded and published."))
        return redirect("badges:issuer_recognition", uuid=issuer.uuid)
    return render(
        request,
        "badges/recognition/decision.html",
        {
            "issuer": issuer,
            "form": form,
            "standing": issuer_standing(issuer=issuer),
            "history": recognition_history(issuer=issuer),
            "look_alikes": look_alikes(issuer=issuer),
        },
    )


@require_safe
def trust_list(request: HttpRequest) -> HttpResponse:
    """The territory's trust list, signed (404 while the territory has no issuer)."""
    document = trust_list_signed(list_url=absolute_url(reverse("badges:trust_list")))
    if document is None:
        response: HttpResponse = JsonResponse(
            {
                "detail": _(
                    "The territory has no issuer yet, so it publishes no list of recognised "
                    "issuers."
                )
            },
            status=404,
        )
    else:
        response = json_document(document, media_type=VC_LD_JSON)
        response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response
