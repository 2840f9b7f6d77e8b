"""Thin views of revocation and of the public award page.

- ``status_list``: the issuer's signed ``BitstringStatusListCredential`` (public, CORS).
- ``award_detail``: the award's public page (valid / expired / revoked, and whether the
  territory recognises its issuer); JSON-LD clients get the signed credential.
- ``award_revoke``: issuer staff revoke an award with a reason (confirm form).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.api import User
from badges.forms.revocation import RevokeForm
from badges.ob3 import badge_class_image_url
from badges.selectors import issuers as issuer_selectors
from badges.selectors import status as status_selectors
from badges.selectors.recognition import issuer_standing
from badges.services import revocation as services
from badges.views.common import award_or_404, holder_left_response
from badges.views.issuers import _wants_json, json_document
from config.http import or_404

VC_LD_JSON = "application/vc+ld+json"


@require_safe
def status_list(request: HttpRequest, uuid: UUID, purpose: str) -> HttpResponse:
    """The issuer's status list, signed on request."""
    found = or_404(status_selectors.status_list_get(issuer_uuid=uuid, purpose=purpose))
    document = services.status_list_credential_signed(status_list=found)
    response = json_document(document, media_type=VC_LD_JSON)
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def award_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The award's public page, or its signed credential for JSON-LD clients."""
    award = award_or_404(uuid)
    if _wants_json(request):
        if award.holder_left:
            return holder_left_response(award)
        return json_document(award.credential)
    badge_class = award.badge_class
    subject = award.credential.get("credentialSubject", {})
    achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
    status = award.status()
    return render(
        request,
        "badges/awards/detail.html",
        {
            "award": award,
            "badge_class": badge_class,
            "issuer": badge_class.issuer,
            "image_url": badge_class_image_url(badge_class),
            "alignments": achievement.get("alignment", []),
            "status": status,
            "standing": issuer_standing(issuer=badge_class.issuer),
            "can_revoke": not award.is_revoked
            and issuer_selectors.user_is_issuer_staff(issuer=badge_class.issuer, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def award_revoke(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Issuer staff revoke the award, after confirming with a reason."""
    award = award_or_404(uuid)
    user = request.user
    assert isinstance(user, User)
    if not issuer_selectors.user_is_issuer_staff(issuer=award.badge_class.issuer, user=user):
        raise PermissionDenied
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.award_revoke(award=award, by=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The badge is revoked."))
            return redirect("badges:award_detail", uuid=award.uuid)
    return render(
        request,
        "badges/awards/revoke.html",
        {"form": form, "award": award, "badge_class": award.badge_class},
    )
