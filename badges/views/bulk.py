"""Thin views of bulk awards for the issuer's staff (403 for others, login for anonymous):
the "award from a CSV file" page and the progress page of one upload."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from accounts.api import User
from badges.forms.bulk import BulkAwardForm
from badges.models import BadgeClass
from badges.selectors.badge_classes import badge_class_get
from badges.selectors.bulk import bulk_award_get, bulk_award_list, bulk_award_progress
from badges.selectors.issuers import user_is_issuer_staff
from badges.services.bulk import bulk_award_start
from badges.services.bulk_run import bulk_award_resume
from config.http import or_404

EXAMPLES = {"fr": "badges/bulk/exemple-attribution.csv", "en": "badges/bulk/award-example.csv"}


def _staff_user(request: HttpRequest, badge_class: BadgeClass) -> User:
    user = request.user
    assert isinstance(user, User)
    if not user_is_issuer_staff(issuer=badge_class.issuer, user=user):
        raise PermissionDenied
    return user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bulk_award_create(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Issuer staff upload a CSV file of recipients; the previous uploads are listed."""
    badge_class = or_404(badge_class_get(uuid=uuid))
    user = _staff_user(request, badge_class)
    posted = request.method == "POST"
    form = BulkAwardForm(request.POST, request.FILES) if posted else BulkAwardForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            bulk = bulk_award_start(badge_class=badge_class, by=user, upload=upload)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(bulk.get_absolute_url())
    language = (get_language() or "fr")[:2]
    return render(
        request,
        "badges/bulk/create.html",
        {
            "form": form,
            "badge_class": badge_class,
            "issuer": badge_class.issuer,
            "chosen_file": getattr(request.FILES.get("file"), "name", ""),
            "example_url": static(EXAMPLES.get(language, EXAMPLES["fr"])),
            "bulk_awards": bulk_award_list(badge_class=badge_class),
        },
    )


@login_required
@require_safe
def bulk_award_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """How far a bulk award went: a page that refreshes itself until it is finished.

    Each visit resumes a run whose worker died (its lease expired): with the development
    task backend, the server that ran it may have stopped.
    """
    bulk = or_404(bulk_award_get(uuid=uuid))
    _staff_user(request, bulk.badge_class)
    if bulk_award_resume(bulk=bulk):
        bulk.refresh_from_db()
    return render(
        request,
        "badges/bulk/detail.html",
        {
            "progress": bulk_award_progress(bulk=bulk),
            "bulk": bulk,
            "badge_class": bulk.badge_class,
            "issuer": bulk.badge_class.issuer,
        },
    )
