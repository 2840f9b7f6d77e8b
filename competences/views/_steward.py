"""Shared by the steward pages: the permission check, object lookups in the draft,
and the generic form and confirmation pages.

Only users who may curate the framework (stewards and staff) reach steward
pages: anonymous visitors are sent to the login page, anyone else gets 403.
Objects are looked up inside the framework's draft only, so a published
version's content can never be reached from these pages (404).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from competences.models import Framework, FrameworkVersion
from competences.selectors.frameworks import can_curate, version_draft
from config.http import or_404

View = Callable[..., HttpResponse]


def steward_required(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_curate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def framework_or_404(slug: str) -> Framework:
    return get_object_or_404(Framework, slug=slug)


def draft_or_404(slug: str) -> FrameworkVersion:
    return or_404(version_draft(framework=framework_or_404(slug)))


def editor_url(draft: FrameworkVersion, anchor: str = "") -> str:
    url = reverse("competences:draft_detail", kwargs={"slug": draft.framework.slug})
    return f"{url}#{anchor}" if anchor else url


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    title: str,
    submit: str,
    cancel_url: str,
    template: str = "competences/steward/form.html",
    **extra: Any,
) -> HttpResponse:
    context = {"form": form, "title": title, "submit": submit, "cancel_url": cancel_url}
    return render(request, template, {**context, **extra})


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    message: str,
    submit: str,
    cancel_url: str,
    danger: bool = True,
    **extra: Any,
) -> HttpResponse:
    context = {
        "title": title,
        "message": message,
        "submit": submit,
        "cancel_url": cancel_url,
        "danger": danger,
    }
    return render(request, "competences/steward/confirm.html", {**context, **extra})


def move_direction(request: HttpRequest) -> Any:
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    return direction
