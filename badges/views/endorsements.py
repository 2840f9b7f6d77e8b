"""Thin views: partner organisations (stewards) and their endorsements of badge classes.

- ``organisation_create``, ``organisation_staff_edit``: stewards only (403; login for
  anonymous visitors).
- ``badge_class_endorse``, ``badge_class_endorsement_withdraw``: the staff of a partner
  organisation only.
- ``badge_class_endorsement_json``: the signed ``EndorsementCredential``, public (410 once
  withdrawn).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.api import User
from badges.forms.endorsements import BadgeClassEndorseForm, OrganisationForm, OrganisationStaffForm
from badges.models import BadgeClassEndorsement
from badges.selectors import endorsements as endorsement_selectors
from badges.selectors.issuers import issuer_get
from badges.services.endorsements import badge_class_endorse as endorse
from badges.services.endorsements import badge_class_endorsement_withdraw as withdraw
from badges.services.issuers import organisation_issuer_create, organisation_staff_update
from badges.views.common import badge_class_or_404
from badges.views.issuers import json_document
from config.http import or_404, posted, signed_in_user


def _require_steward(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not endorsement_selectors.user_can_manage_organisations(user):
        raise PermissionDenied
    return user


def _endorsement(uuid: UUID) -> BadgeClassEndorsement:
    return or_404(endorsement_selectors.badge_class_endorsement_get(uuid=uuid))


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    """A steward adds a partner organisation, with its staff."""
    user = _require_steward(request)
    form = OrganisationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "image"}
        try:
            issuer = organisation_issuer_create(by=user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is now a partner organisation. Its signing key is ready.")
                % {"name": issuer.name},
            )
            return redirect(issuer)
    return render(request, "badges/endorsements/organisation_form.html", {"form": form})


@login_required
def organisation_staff_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A steward changes who acts in the organisation's name."""
    user = _require_steward(request)
    issuer = issuer_get(uuid=uuid)
    if issuer is None or not issuer.is_organisation:
        raise Http404
    staff = endorsement_selectors.organisation_staff(organisation=issuer)
    form = OrganisationStaffForm(
        posted(request), initial={"staff_emails": [person.email for person in staff]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation_staff_update(
                issuer=issuer, by=user, staff_emails=form.cleaned_data["staff_emails"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The staff of the organisation is saved."))
            return redirect(issuer)
    return render(
        request,
        "badges/endorsements/organisation_form.html",
        {"form": form, "issuer": issuer, "staff": staff},
    )


@login_required
def badge_class_endorse(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The staff of a partner organisation endorse the badge class (or change their words)."""
    badge_class = badge_class_or_404(uuid)
    user = signed_in_user(request)
    organisations = endorsement_selectors.organisations_of(user=user)
    if not organisations.exists():
        raise PermissionDenied
    current = {
        endorsement.endorser_id: endorsement
        for endorsement in endorsement_selectors.badge_class_endorsements_in_force(
            badge_class=badge_class
        )
    }
    first = organisations.first()
    initial: dict[str, Any] = {"organisation": first}
    if first is not None and first.pk in current:
        initial["comment"] = current[first.pk].comment
    form = BadgeClassEndorseForm(posted(request), initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            endorse(
                badge_class=badge_class,
                organisation=form.cleaned_data["organisation"],
                by=user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your organisation endorses this badge. New awards will carry the endorsement."),
            )
            return redirect(badge_class)
    return render(
        request,
        "badges/endorsements/endorse.html",
        {
            "form": form,
            "badge_class": badge_class,
            "issuer": badge_class.issuer,
            "current": [current[org.pk] for org in organisations if org.pk in current],
        },
    )


@login_required
@require_POST
def badge_class_endorsement_withdraw(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The organisation's staff withdraw its endorsement (a button on the badge's page)."""
    endorsement = _endorsement(uuid)
    withdraw(endorsement=endorsement, by=signed_in_user(request))
    messages.success(
        request,
        _(
            "The endorsement is withdrawn. Badges awarded from now on no longer carry it, and "
            "the badges already awarded show it as withdrawn."
        ),
    )
    return redirect(endorsement.badge_class)


@require_safe
def badge_class_endorsement_json(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The signed ``EndorsementCredential``: public, open to verifiers on other sites."""
    endorsement = _endorsement(uuid)
    if not endorsement.is_in_force:
        response = JsonResponse(
            {"id": endorsement.credential.get("id", ""), "withdrawn": True}, status=410
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response
    return json_document(endorsement.credential)
