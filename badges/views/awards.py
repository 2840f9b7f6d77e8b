"""Thin views of awards: the public OB 3.0 credential (JSON), the "award by hand" page
for the issuer's staff (403 for others, login for anonymous), and the holder's choice to
show their name on the award's public page (POST; 403 for anyone but the holder)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.api import User
from badges.forms.awards import AwardForm, NameVisibilityForm
from badges.selectors import issuers as selectors
from badges.services import awards as services
from badges.services.award_holder import award_set_name_visibility
from badges.views.common import award_or_404, badge_class_or_404, credential_response
from config.http import signed_in_user


@require_safe
def award_ob3(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The award's OB 3.0 credential, as it was signed (public, downloadable): its stored
    text, ``304`` for a current copy (served before the session layers: public_urls.py)."""
    response = credential_response(request, uuid)
    if response.status_code == 200:
        response["Content-Disposition"] = f'attachment; filename="badge-{uuid}.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def award_create(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Issuer staff award the badge class by hand to an email address."""
    badge_class = badge_class_or_404(uuid)
    user = request.user
    assert isinstance(user, User)
    if not selectors.user_is_issuer_staff(issuer=badge_class.issuer, user=user):
        raise PermissionDenied
    form = AwardForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            award = services.award_create(
                badge_class=badge_class,
                by=user,
                email=form.cleaned_data["email"],
                narrative=form.cleaned_data["narrative"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Badge awarded to %(email)s.") % {"email": award.recipient_email},
            )
            return redirect(badge_class.get_absolute_url())
    return render(
        request,
        "badges/awards/form.html",
        {"form": form, "badge_class": badge_class, "issuer": badge_class.issuer},
    )


@login_required
@require_POST
def award_name_visibility(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The holder shows or hides their name on the award's public page; back to it."""
    award = award_or_404(uuid)
    form = NameVisibilityForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid, absent means "hide"
    visible = bool(form.cleaned_data.get("show_name"))
    award_set_name_visibility(award=award, by=signed_in_user(request), visible=visible)
    messages.success(
        request,
        _("Your name is now shown on this badge's public page.")
        if visible
        else _("Your name is no longer shown on this badge's public page."),
    )
    return redirect("badges:award_detail", uuid=award.uuid)
