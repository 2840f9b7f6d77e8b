"""Thin views: an issuer's badge classes (public), their public page and images, and the
create/edit pages for the issuer's staff (403 for others, login for anonymous).

The sanitised SVG image is served with a Content-Security-Policy that forbids scripts,
loads and frames anyway (``image.svg``), in case a browser opens it as a document."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from taggit.utils import edit_string_for_tags

from badges.forms.badge_classes import BadgeClassForm, RuleFormSet
from badges.models import BadgeClass, Issuer
from badges.selectors import badge_classes as badge_class_selectors
from badges.selectors import issuers as issuer_selectors
from badges.selectors.award_lists import awards_under_current_rules
from badges.services import badge_classes as services
from badges.views.common import badge_class_or_404, issuer_or_404
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
    badge_class = badge_class_or_404(uuid)
    return render(
        request,
        "badges/badge_classes/detail.html",
        {
            "badge_class": badge_class,
            "issuer": badge_class.issuer,
            "image_url": _image_url(badge_class),
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


def _save(
    request: HttpRequest,
    form: BadgeClassForm,
    rules: Any,
    *,
    issuer: Issuer,
    badge_class: BadgeClass | None,
) -> BadgeClass | None:
    if not (form.is_valid() and rules.is_valid()):
        return None
    data = dict(form.cleaned_data)
    remove_image = bool(data.pop("remove_image", False))
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
    return render(request, "badges/badge_classes/form.html", context)


@login_required
def badge_class_create(request: HttpRequest, uuid: UUID) -> HttpResponse:
    issuer = issuer_or_404(uuid)
    if not _may_manage_badges(issuer, request.user):
        raise PermissionDenied
    form = BadgeClassForm(posted(request), request.FILES or None)
    rules = RuleFormSet(posted(request), prefix=RULES_PREFIX)
    if request.method == "POST":
        saved = _save(request, form, rules, issuer=issuer, badge_class=None)
        if saved is not None:
            messages.success(request, _("The badge is created."))
            return redirect(saved)
    return _form_page(request, form=form, rules=rules, issuer=issuer)


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
    if request.method == "POST":
        saved = _save(request, form, rules, issuer=issuer, badge_class=badge_class)
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect(saved)
    return _form_page(
        request,
        form=form,
        rules=rules,
        issuer=issuer,
        badge_class=badge_class,
        image_url=_image_url(badge_class),
        awarded_count=awards_under_current_rules(badge_class=badge_class),
    )
