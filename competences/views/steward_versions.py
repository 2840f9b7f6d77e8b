"""Steward pages for frameworks and the life cycle of their drafts:
create, describe, copy into a draft, edit the version notes, preview, publish,
delete the draft, retire the published version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from competences.forms.steward_versions import (
    DraftCreateForm,
    FrameworkForm,
    FrameworkUpdateForm,
    VersionForm,
)
from competences.models import (
    FrameworkVersion,
    Status,
)
from competences.selectors import diff as diff_selectors
from competences.selectors import frameworks as framework_selectors
from competences.services import versions as services
from competences.views._steward import (
    confirm_page,
    draft_or_404,
    editor_url,
    form_page,
    framework_or_404,
    steward_required,
)
from config.forms import add_service_errors
from config.http import signed_in_user

# --- Frameworks ---------------------------------------------------------------


@steward_required
def framework_create(request: HttpRequest) -> HttpResponse:
    form = FrameworkForm(request.POST or None, initial={"languages": ["fr", "en"]})
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.framework_create(
                **form.cleaned_data, created_by=signed_in_user(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The framework is created, with an empty draft."))
            return redirect("competences:draft_detail", slug=framework.slug)
    return form_page(
        request,
        form=form,
        title=_("New framework"),
        submit=_("Create the framework"),
        cancel_url=reverse("competences:framework_list"),
    )


@steward_required
def framework_update(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_or_404(slug)
    form = FrameworkUpdateForm(request.POST or None, instance=framework)
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_update(framework=framework, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The framework is saved."))
            return redirect(framework)
    return form_page(
        request,
        form=form,
        title=_("Describe the framework"),
        submit=_("Save"),
        cancel_url=framework.get_absolute_url(),
    )


# --- The draft as a whole --------------------------------------------------------


@steward_required
def draft_create(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_or_404(slug)
    if framework_selectors.version_draft(framework=framework) is not None:
        return redirect("competences:draft_detail", slug=slug)
    form = DraftCreateForm(
        request.POST or None,
        instance=FrameworkVersion(framework=framework),
        initial={"label": services.version_suggest_label(framework=framework)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.version_create_draft(
                framework=framework,
                label=form.cleaned_data["label"],
                created_by=signed_in_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The draft is ready. Your changes stay private until you publish.")
            )
            return redirect("competences:draft_detail", slug=slug)
    latest = framework_selectors.version_latest(framework=framework)
    return form_page(
        request,
        form=form,
        title=_("New draft"),
        submit=_("Create the draft"),
        cancel_url=framework.get_absolute_url(),
        intro=(
            _("The draft starts as a copy of version %(label)s.") % {"label": latest.label}
            if latest
            else _("The draft starts empty.")
        ),
    )


@steward_required
def draft_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_or_404(slug)
    draft = framework_selectors.version_draft(framework=framework)
    if draft is None:
        return redirect("competences:draft_create", slug=slug)
    return render(
        request,
        "competences/steward/draft_detail.html",
        {
            "framework": framework,
            "version": draft,
            "tree": framework_selectors.version_tree(version=draft),
            "problems": framework_selectors.version_publication_problems(version=draft),
        },
    )


@steward_required
def draft_update(request: HttpRequest, slug: str) -> HttpResponse:
    draft = draft_or_404(slug)
    form = VersionForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update_draft(version=draft, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(editor_url(draft))
    return form_page(
        request,
        form=form,
        title=_("Version number and notes"),
        submit=_("Save"),
        cancel_url=editor_url(draft),
    )


@steward_required
def draft_preview(request: HttpRequest, slug: str) -> HttpResponse:
    draft = draft_or_404(slug)
    return render(
        request,
        "competences/version_detail.html",
        {
            "framework": draft.framework,
            "version": draft,
            "tree": framework_selectors.version_tree(version=draft),
            "preview": True,
        },
    )


@steward_required
def draft_publish(request: HttpRequest, slug: str) -> HttpResponse:
    draft = draft_or_404(slug)
    problems = framework_selectors.version_publication_problems(version=draft)
    if request.method == "POST":
        try:
            services.version_publish(version=draft, published_by=signed_in_user(request))
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("Version %(label)s is published.") % {"label": draft.label})
            return redirect("competences:version_detail", slug=slug, label=draft.label)
    diff = (
        diff_selectors.version_diff(old=draft.based_on, new=draft)
        if draft.based_on is not None
        else None
    )
    return confirm_page(
        request,
        title=_("Publish version %(label)s") % {"label": draft.label},
        message=_(
            "Once published, this version can no longer be changed. "
            "It becomes the version people use; the version published until now is retired "
            "but stays readable."
        ),
        submit=_("Publish"),
        cancel_url=editor_url(draft),
        danger=False,
        problems=problems,
        diff=diff,
    )


@steward_required
def draft_delete(request: HttpRequest, slug: str) -> HttpResponse:
    draft = draft_or_404(slug)
    if request.method == "POST":
        services.version_delete_draft(version=draft)
        messages.success(request, _("The draft is deleted."))
        return redirect(draft.framework)
    return confirm_page(
        request,
        title=_("Delete the draft %(label)s") % {"label": draft.label},
        message=_(
            "Every change made in this draft will be lost. Published versions do not change."
        ),
        submit=_("Delete the draft"),
        cancel_url=editor_url(draft),
    )


@steward_required
def version_retire(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = get_object_or_404(
        FrameworkVersion.objects.select_related("framework"),
        framework__slug=slug,
        label=label,
        status=Status.PUBLISHED,
    )
    if request.method == "POST":
        services.version_retire(version=version)
        messages.success(request, _("Version %(label)s is retired.") % {"label": label})
        return redirect(version.framework)
    return confirm_page(
        request,
        title=_("Retire version %(label)s") % {"label": label},
        message=_(
            "A retired version stays readable, and the badges that point to it stay valid, "
            "but people can no longer claim its competences. Until you publish another "
            "version, the framework will have no current version."
        ),
        submit=_("Retire this version"),
        cancel_url=version.get_absolute_url(),
    )
