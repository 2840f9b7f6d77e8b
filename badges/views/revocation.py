"""Thin views of revocation and of the public award page.

- ``status_list``: the issuer's signed ``BitstringStatusListCredential`` (public, CORS).
- ``award_detail``: the award's public page, for people first: the badge, what it means
  in one sentence, its holder's name when they chose to show it, its issuer and whether the
  territory recognises it, its state in words, its public evidence, one "Download" button
  (the image with the badge inside) and, for its holder, "Add to my LinkedIn profile" and
  the choice to show their name; the documents for specialists are grouped at the end.
  JSON-LD clients get the signed credential.
- ``award_revoke``: issuer staff revoke an award with a reason (confirm form).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.api import User
from badges.award_page import first_sentence, linkedin_add_url, status_list_urls
from badges.forms.awards import NameVisibilityForm
from badges.forms.revocation import RevokeForm
from badges.models import Award
from badges.ob3 import badge_class_image_url
from badges.selectors import issuers as issuer_selectors
from badges.selectors.awards import award_holder_public_name, user_holds_award
from badges.selectors.public_documents import status_list_stored
from badges.selectors.recognition import issuer_standing
from badges.services import revocation as services
from badges.views.common import (
    STATUS_LIST_CACHE,
    award_or_404,
    credential_response,
)
from badges.views.issuers import JSON_LD, _wants_json
from config.conditional import (
    Validators,
    document_response,
    page_conditional_response,
    request_validators,
)
from config.http import or_404

VC_LD_JSON = "application/vc+ld+json"


@require_safe
def status_list(request: HttpRequest, uuid: UUID, purpose: str) -> HttpResponseBase:
    """The issuer's status list, signed once after each change and served as stored
    (``304`` for a current copy; served before the session layers: public_urls.py)."""
    validators = request_validators(request)
    while True:
        stored = or_404(
            status_list_stored(issuer_uuid=uuid, purpose=purpose, validators=validators)
        )
        text, digest, signed_at = stored.text, stored.digest, stored.signed_at
        if not digest:  # changed since it was last signed
            text, digest, signed_at = services.status_list_document(
                status_list_id=stored.pk, revision=stored.revision
            )
        response = document_response(
            request,
            text=text,
            digest=digest,
            media_type=VC_LD_JSON,
            cache_control=STATUS_LIST_CACHE,
            last_modified=signed_at,
        )
        if response is not None:
            return response
        validators = Validators()  # the database saw a match the request did not: read it


@require_safe
def award_detail(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The award's public page, or its signed credential for JSON-LD clients (as stored);
    both with an ``ETag``, ``304`` for a current copy."""
    media_type = _wants_json(request)
    if media_type is not None:
        return credential_response(request, uuid, media_type=JSON_LD, vary_accept=True)
    award = award_or_404(uuid)
    badge_class = award.badge_class
    subject = award.credential.get("credentialSubject", {})
    achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
    status = award.status()
    is_holder = user_holds_award(award=award, user=request.user)
    response = render(
        request,
        "badges/awards/detail.html",
        {
            "award": award,
            "badge_class": badge_class,
            "issuer": badge_class.issuer,
            "image_url": badge_class_image_url(badge_class)
            or reverse("badges:badge_class_default_image", kwargs={"uuid": badge_class.uuid}),
            "meaning": first_sentence(badge_class.description, badge_class.criteria_narrative),
            "holder_name": award_holder_public_name(award=award),
            "is_holder": is_holder,
            "name_form": NameVisibilityForm(initial={"show_name": award.holder_name_public})
            if is_holder
            else None,
            "linkedin_url": _linkedin_url(award) if is_holder and status != "revoked" else "",
            "may_download": not award.is_revoked and not award.holder_left,
            "profile_url": reverse("accounts:profile"),
            "status_lists": status_list_urls(award.credential),
            "alignments": achievement.get("alignment", []),
            "status": status,
            "standing": issuer_standing(issuer=badge_class.issuer),
            "can_revoke": not award.is_revoked
            and issuer_selectors.user_is_issuer_staff(issuer=badge_class.issuer, user=request.user),
        },
    )
    patch_vary_headers(response, ["Accept"])
    return page_conditional_response(request, response)


def _linkedin_url(award: Award) -> str:
    """LinkedIn's "add to profile" address for the award (the month in local time)."""
    return linkedin_add_url(
        name=award.badge_class.name,
        organization_name=award.badge_class.issuer.name,
        issued_at=timezone.localtime(award.issued_at),
        expires_at=timezone.localtime(award.expires_at) if award.expires_at else None,
        cert_url=award.page_url,
        cert_id=str(award.uuid),
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
