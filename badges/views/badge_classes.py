"""Thin views: an issuer's badge classes (public), their public page and images, and the
create/edit pages for the issuer's staff (403 for others, login for anonymous).

The sanitised SVG image is served with a Content-Security-Policy that forbids scripts,
loads and frames anyway (``image.svg``), in case a browser opens it as a document."""

from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from taggit.utils import edit_string_for_tags

from badges.designer import PALETTE, PICTOGRAMS_BY_KEY, BadgeDesign, badge_svg, design_from_svg
from badges.forms.badge_classes import BadgeClassForm, BadgeDesignForm, RuleFormSet
from badges.images import svg_image_clean
from badges.models import BadgeClass, Issuer
from badges.ob3 import achievement_document
from badges.selectors import badge_classes as badge_class_selectors
from badges.selectors import badge_designs as design_selectors
from badges.selectors import issuers as issuer_selectors
from badges.selectors.award_lists import awards_under_current_rules
from badges.selectors.recognition import issuer_standing
from badges.services import badge_classes as services
from badges.services.award_documents import badge_class_achievement
from badges.views.common import badge_class_or_404, issuer_or_404
from badges.views.issuers import _wants_json, json_document
from config.http import posted, signed_in_user

RULES_PREFIX = "rules"
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _may_manage_badges(issuer: Issuer, user: Any) -> bool:
    """Issuer staff manage its badge classes; partner organisations only endorse them."""
    return not issuer.is_organisation and issuer_selectors.user_is_issuer_staff(
        issuer=issuer, user=user
    )


def _image_url(badge_class: BadgeClass) -> str:
    if not badge_class.image:
        return ""
    return reverse("badges:badge_class_image", kwargs={"uuid": badge_class.uuid})


@require_safe
def badge_class_list(request: HttpRequest, uuid: UUID) -> HttpResponse:
    issuer = issuer_or_404(uuid)
    return render(
        request,
        "badges/badge_classes/list.html",
        {
            "issuer": issuer,
            "badge_classes": badge_class_selectors.badge_class_list(issuer=issuer),
            "can_manage": _may_manage_badges(issuer, request.user),
        },
    )


@require_safe
def badge_class_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The badge class's public page, or its OB 3.0 ``Achievement`` as JSON-LD for clients
    that prefer JSON (``Accept``, or ``?format=json``): the ``id`` that credentials give the
    Achievement points here. ``Vary: Accept`` either way."""
    badge_class = badge_class_or_404(uuid)
    if _wants_json(request) is not None:
        response = json_document(
            achievement_document(badge_class_achievement(badge_class=badge_class))
        )
    else:
        response = _badge_class_page(request, badge_class)
    patch_vary_headers(response, ["Accept"])
    return response


def _badge_class_page(request: HttpRequest, badge_class: BadgeClass) -> HttpResponse:
    return render(
        request,
        "badges/badge_classes/detail.html",
        {
            "badge_class": badge_class,
            "issuer": badge_class.issuer,
            "image_url": _image_url(badge_class),
            "standing": issuer_standing(issuer=badge_class.issuer),
            "rules": badge_class_selectors.rule_views(badge_class=badge_class),
            "alignments": badge_class_selectors.badge_class_alignments(badge_class=badge_class),
            "can_manage": issuer_selectors.user_is_issuer_staff(
                issuer=badge_class.issuer, user=request.user
            ),
        },
    )


@require_safe
def badge_class_image_svg(request: HttpRequest, uuid: UUID) -> FileResponse:
    """The badge class's sanitised SVG image, when it was uploaded as SVG."""
    badge_class = badge_class_or_404(uuid)
    if not badge_class.image_svg:
        raise Http404
    response = FileResponse(badge_class.image_svg.open("rb"), content_type="image/svg+xml")
    response["Content-Security-Policy"] = SVG_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def badge_class_image(request: HttpRequest, uuid: UUID) -> FileResponse:
    """The badge class's image (always a PNG)."""
    badge_class = badge_class_or_404(uuid)
    if not badge_class.image:
        raise Http404
    response = FileResponse(badge_class.image.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _first_rule(rules: Any) -> design_selectors.FirstRule | None:
    """The first rule row that names a competence and is valid on its own (not removed)."""
    for rule_form in rules.forms:
        if rule_form.is_valid() and not rule_form.cleaned_data.get("DELETE"):
            competence = rule_form.cleaned_data.get("competence")
            if competence is not None:
                return design_selectors.FirstRule(
                    competence=competence, min_level=rule_form.cleaned_data["min_level"]
                )
    return None


def _design(design_form: BadgeDesignForm, name: str, rules: Any) -> BadgeDesign:
    data = design_form.cleaned_data
    return design_selectors.badge_design_resolve(
        name=name,
        pictogram=data["pictogram"],
        colour=data["colour"],
        level=data["level"],
        first=_first_rule(rules),
    )


def _design_form(request: HttpRequest, badge_class: BadgeClass | None) -> BadgeDesignForm:
    """The designer's choices; when the current image was designed here, its choices."""
    initial: dict[str, str] = {}
    if badge_class is not None and badge_class.image_svg:
        with badge_class.image_svg.open("rb") as svg:
            found = design_from_svg(svg.read(2000))
        if found is not None:
            pictogram, level, colour = found
            key = next((c.key for c in PALETTE if c.hex == colour), None)
            initial = {"pictogram": pictogram, "level": str(level)}
            if key is not None:
                initial["colour"] = key
    return BadgeDesignForm(
        posted(request),
        initial=initial,
        has_image=badge_class is not None and bool(badge_class.image),
        level_names=design_selectors.design_level_names(),
    )


def _unbound(form: Any, **kwargs: Any) -> Any:
    """An unbound copy of a form showing what was typed, without validating it (a preview
    must not complain about fields not filled in yet)."""
    initial = {name: form[name].value() for name in form.fields if name != "image"}
    return type(form)(initial=initial, **kwargs)


def _preview(
    request: HttpRequest,
    form: BadgeClassForm,
    rules: Any,
    design_form: BadgeDesignForm,
    **context: Any,
) -> HttpResponse:
    """The form again, as typed, with the designed image (nothing is saved)."""
    preview = ""
    if design_form.is_valid():
        name = str(form["name"].value() or "").strip()[:150]
        svg = badge_svg(_design(design_form, name, rules))
        preview = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    shown_rules = RuleFormSet(
        prefix=RULES_PREFIX,
        initial=[
            {name: rule_form[name].value() for name in rule_form.fields if name != "DELETE"}
            for rule_form in rules.forms
            if rule_form.has_changed() and not rule_form["DELETE"].value()
        ],
    )
    return _form_page(
        request,
        form=_unbound(form, has_image="remove_image" in form.fields),
        rules=shown_rules,
        design_form=design_form,
        preview_src=preview,
        preview_name=str(form["name"].value() or ""),
        **context,
    )


def _save(
    request: HttpRequest,
    form: BadgeClassForm,
    rules: Any,
    *,
    issuer: Issuer,
    badge_class: BadgeClass | None,
    design_form: BadgeDesignForm,
) -> BadgeClass | None:
    if not (form.is_valid() and rules.is_valid() and design_form.is_valid()):
        return None
    data = dict(form.cleaned_data)
    remove_image = bool(data.pop("remove_image", False))
    if design_form.designs:
        data["image"] = svg_image_clean(
            badge_svg(_design(design_form, data["name"], rules)).encode()
        )
    try:
        if badge_class is None:
            return services.badge_class_create(
                issuer=issuer, by=signed_in_user(request), rules=rules.rule_specs(), **data
            )
        return services.badge_class_update(
            badge_class=badge_class,
            by=signed_in_user(request),
            remove_image=remove_image,
            rules=rules.rule_specs(),
            **data,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _form_page(request: HttpRequest, **context: Any) -> HttpResponse:
    context["pictograms"] = PICTOGRAMS_BY_KEY
    return render(request, "badges/badge_classes/form.html", context)


@login_required
def badge_class_create(request: HttpRequest, uuid: UUID) -> HttpResponse:
    issuer = issuer_or_404(uuid)
    if not _may_manage_badges(issuer, request.user):
        raise PermissionDenied
    form = BadgeClassForm(posted(request), request.FILES or None)
    rules = RuleFormSet(posted(request), prefix=RULES_PREFIX)
    design_form = _design_form(request, None)
    if request.method == "POST" and "preview" in request.POST:
        return _preview(request, form, rules, design_form, issuer=issuer)
    if request.method == "POST":
        saved = _save(
            request, form, rules, issuer=issuer, badge_class=None, design_form=design_form
        )
        if saved is not None:
            messages.success(request, _("The badge is created."))
            return redirect(saved)
    return _form_page(request, form=form, rules=rules, issuer=issuer, design_form=design_form)


@login_required
def badge_class_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    badge_class = badge_class_or_404(uuid)
    issuer = badge_class.issuer
    if not _may_manage_badges(issuer, request.user):
        raise PermissionDenied
    initial = {
        "name": badge_class.name,
        "description": badge_class.description,
        "criteria_narrative": badge_class.criteria_narrative,
        "achievement_type": badge_class.achievement_type,
        "tags": edit_string_for_tags(list(badge_class.tags.all())),
        "validity_days": badge_class.validity_days,
        "auto_award": badge_class.auto_award,
    }
    form = BadgeClassForm(
        posted(request),
        request.FILES or None,
        initial=initial,
        has_image=bool(badge_class.image),
    )
    rules = RuleFormSet(
        posted(request),
        prefix=RULES_PREFIX,
        initial=[
            {
                "competence": rule.competence_id,
                "min_level": rule.min_level,
                "min_endorsers": rule.min_endorsers,
                "min_leaders": rule.min_leaders,
            }
            for rule in badge_class.rules.all()
        ],
    )
    design_form = _design_form(request, badge_class)
    context = {
        "issuer": issuer,
        "badge_class": badge_class,
        "image_url": _image_url(badge_class),
        "awarded_count": awards_under_current_rules(badge_class=badge_class),
    }
    if request.method == "POST" and "preview" in request.POST:
        return _preview(request, form, rules, design_form, **context)
    if request.method == "POST":
        saved = _save(
            request, form, rules, issuer=issuer, badge_class=badge_class, design_form=design_form
        )
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect(saved)
    return _form_page(request, form=form, rules=rules, design_form=design_form, **context)
