"""Thin views: issuers, their public documents (HTML, OB 3.0 JSON-LD, OB 2.0) and their keys.

The issuer's ``id`` URL answers by content negotiation: ``text/html`` gives the
page, ``application/ld+json`` or ``application/json`` the OB 3.0 profile with
its keys (``Vary: Accept``). ``?format=json`` asks for the JSON-LD from a link.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from badges import documents
from badges.forms.issuers import IssuerEditForm, IssuerForm
from badges.models import Issuer
from badges.selectors import issuers as selectors
from badges.selectors.recognition import (
    issuer_standing,
    territory_name,
    user_can_manage_recognition,
)
from badges.services import issuers as services
from badges.standing import Standing
from badges.views.common import ISSUER_DOCUMENT_CACHE, STATUS_LIST_CACHE, issuer_or_404
from community.api import initiative_get
from config.conditional import text_response
from config.http import or_404, posted, signed_in_user

ISSUERS_PER_PAGE = 30
JSON_LD = "application/ld+json"
JSON_TYPES = (JSON_LD, "application/json")


def _issuer_for_staff(request: HttpRequest, uuid: UUID) -> Issuer:
    """404 when the issuer does not exist, 403 when the viewer does not manage it."""
    issuer = issuer_or_404(uuid)
    if not selectors.user_is_issuer_staff(issuer=issuer, user=request.user):
        raise PermissionDenied
    return issuer


def _text(document: dict[str, Any]) -> str:
    """The text of a public JSON(-LD) document: UTF-8, readable."""
    return json.dumps(document, ensure_ascii=False, indent=2)


def json_document(document: dict[str, Any], media_type: str = JSON_LD) -> HttpResponse:
    """A public JSON(-LD) document: UTF-8, readable, and open to verifiers on other sites."""
    response = HttpResponse(_text(document), content_type=f"{media_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _wants_json(request: HttpRequest) -> str | None:
    """The JSON media type the client prefers over HTML, if any."""
    if request.GET.get("format") == "json":
        return JSON_LD
    preferred = request.get_preferred_type(["text/html", *JSON_TYPES])
    return preferred if preferred in JSON_TYPES else None


@require_safe
def issuer_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.issuer_list(), ISSUERS_PER_PAGE).get_page(request.GET.get("page"))
    territory = territory_name()
    return render(
        request,
        "badges/issuer_list.html",
        {
            "page": page,
            "rows": [
                (
                    issuer,
                    Standing(
                        status=issuer.recognition,
                        territory=territory,
                        since=issuer.recognition_changed_at,
                    ),
                )
                for issuer in page
            ],
            "can_create_territory": selectors.user_can_create_territory_issuer(request.user)
            and selectors.territory_issuer() is None,
            "can_manage_recognition": user_can_manage_recognition(request.user),
            "publishes_trust_list": bool(territory),  # the territory has an issuer
        },
    )


@require_safe
def issuer_detail(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The issuer's ``id``: its page, or its OB 3.0 profile for JSON-LD clients."""
    issuer = issuer_or_404(uuid)
    media_type = _wants_json(request)
    response: HttpResponseBase
    if media_type is not None:
        response = text_response(
            request,
            text=_text(documents.issuer_profile(issuer)),
            media_type=media_type,
            cache_control=ISSUER_DOCUMENT_CACHE,
            vary_accept=True,
        )
    else:
        response = render(
            request,
            "badges/issuer_detail.html",
            {
                "issuer": issuer,
                "keys": selectors.signing_key_list(issuer=issuer),
                "image_url": documents.issuer_image_url(issuer),
                "can_manage": selectors.user_is_issuer_staff(issuer=issuer, user=request.user),
                "standing": issuer_standing(issuer=issuer),
                "can_manage_recognition": user_can_manage_recognition(request.user),
            },
        )
    patch_vary_headers(response, ["Accept"])
    return response


def issuer_detail_slash(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """``/issuers/<uuid>/`` is not the ``id``: send people to the one address."""
    return redirect("badges:issuer_detail", uuid=uuid, permanent=True)


@require_safe
def issuer_image(request: HttpRequest, uuid: UUID) -> FileResponse:
    """The issuer's image (always a PNG), at an address that does not depend on where
    uploaded files are stored."""
    issuer = issuer_or_404(uuid)
    if not issuer.image:
        raise Http404
    response = FileResponse(issuer.image.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def ob2_issuer(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The Open Badges 2.0 Issuer profile (``304`` for a current copy)."""
    return text_response(
        request,
        text=_text(documents.ob2_issuer(issuer_or_404(uuid))),
        media_type=JSON_LD,
        cache_control=ISSUER_DOCUMENT_CACHE,
    )


@require_safe
def ob2_revocation_list(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The issuer's OB 2.0 RevocationList (the awards fill it; cached as briefly as the
    status lists)."""
    issuer = issuer_or_404(uuid)
    document = documents.ob2_revocation_list(
        issuer, revoked=selectors.ob2_revoked_assertions(issuer=issuer)
    )
    return text_response(
        request, text=_text(document), media_type=JSON_LD, cache_control=STATUS_LIST_CACHE
    )


def _form_page(request: HttpRequest, form: IssuerForm, **context: Any) -> HttpResponse:
    return render(request, "badges/issuer_form.html", {"form": form, **context})


@login_required
def issuer_create_for_initiative(request: HttpRequest, slug: str) -> HttpResponse:
    """Become an issuer: for the leaders of an initiative."""
    initiative = or_404(initiative_get(slug=slug))
    user = signed_in_user(request)
    if not selectors.user_can_create_initiative_issuer(initiative=initiative, user=user):
        raise PermissionDenied
    existing = selectors.issuer_for_initiative(initiative=initiative)
    if existing is not None:
        messages.info(request, _("This initiative is already an issuer of badges."))
        return redirect(existing)
    initial = {
        "name": initiative.name,
        "url": initiative.website,
        "description": initiative.description[:2000],
    }
    form = IssuerForm(posted(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            issuer = services.issuer_create(by=user, initiative=initiative, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is now an issuer of badges. Its signing key is ready.")
                % {"name": issuer.name},
            )
            return redirect(issuer)
    return _form_page(request, form, initiative=initiative)


@login_required
def issuer_create_for_territory(request: HttpRequest) -> HttpResponse:
    """The territory's issuer: for stewards and staff."""
    user = signed_in_user(request)
    if not selectors.user_can_create_territory_issuer(user):
        raise PermissionDenied
    existing = selectors.territory_issuer()
    if existing is not None:
        messages.info(request, _("The territory already has its issuer."))
        return redirect(existing)
    form = IssuerForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            issuer = services.issuer_create(by=user, initiative=None, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is now an issuer of badges. Its signing key is ready.")
                % {"name": issuer.name},
            )
            return redirect(issuer)
    return _form_page(request, form, territory=True)


@login_required
def issuer_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    issuer = _issuer_for_staff(request, uuid)
    initial = {
        "name": issuer.name,
        "email": issuer.email,
        "url": issuer.url,
        "description": issuer.description,
    }
    form = IssuerEditForm(
        posted(request), request.FILES or None, initial=initial, has_image=bool(issuer.image)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        remove_image = bool(data.pop("remove_image", False))
        try:
            services.issuer_update(
                issuer=issuer, by=signed_in_user(request), remove_image=remove_image, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(issuer)
    return _form_page(
        request,
        form,
        issuer=issuer,
        image_url=documents.issuer_image_url(issuer),
        keys=selectors.signing_key_list(issuer=issuer),
    )


@login_required
@require_POST
def issuer_key_rotate(request: HttpRequest, uuid: UUID) -> HttpResponse:
    issuer = _issuer_for_staff(request, uuid)
    services.issuer_key_rotate(issuer=issuer, by=signed_in_user(request))
    messages.success(
        request,
        _(
            "A new signing key is active. The old one stays published, "
            "so the badges it signed remain valid."
        ),
    )
    return redirect("badges:issuer_edit", uuid=issuer.uuid)
