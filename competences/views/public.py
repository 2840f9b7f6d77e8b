"""Public pages, no login: frameworks, a version's tree, a competence, a comparison."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from competences.models import Framework
from competences.selectors import diff as diff_selectors
from competences.selectors import frameworks as framework_selectors


def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = framework_selectors.framework_list(viewer=request.user)
    return render(request, "competences/framework_list.html", {"frameworks": frameworks})


def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = get_object_or_404(framework_selectors.framework_public_queryset(), slug=slug)
    versions = framework_selectors.version_list_public(framework=framework)
    is_steward = framework_selectors.can_curate(request.user)
    if not versions and not is_steward:
        raise Http404
    return render(
        request,
        "competences/framework_detail.html",
        {
            "framework": framework,
            "versions": versions,
            "current": next((v for v in versions if v.is_published), None),
            "draft": framework_selectors.version_draft(framework=framework) if is_steward else None,
            "is_steward": is_steward,
        },
    )


def version_detail(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = get_object_or_404(
        framework_selectors.version_public_queryset(), framework__slug=slug, label=label
    )
    current = (
        None
        if version.is_published
        else framework_selectors.version_current(framework=version.framework)
    )
    return render(
        request,
        "competences/version_detail.html",
        {
            "framework": version.framework,
            "version": version,
            "tree": framework_selectors.version_tree(version=version),
            "current": current,
        },
    )


def competence_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The stable page of a competence: the target of Open Badges alignments."""
    competence = get_object_or_404(framework_selectors.competence_public_queryset(), uuid=uuid)
    page = framework_selectors.competence_page(competence=competence)
    return render(
        request,
        "competences/competence_detail.html",
        {
            "page": page,
            "competence": competence,
            "version": competence.version,
            "framework": competence.version.framework,
        },
    )


class CompareForm(forms.Form):
    old = forms.ChoiceField(label=_("Older version"))
    new = forms.ChoiceField(label=_("Newer version"))

    def __init__(self, *args: object, labels: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [(label, label) for label in labels]
        for name in ("old", "new"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices


def version_compare(request: HttpRequest, slug: str) -> HttpResponse:
    framework: Framework = get_object_or_404(
        framework_selectors.framework_public_queryset(), slug=slug
    )
    versions = framework_selectors.version_list_public(framework=framework)
    if not versions:
        raise Http404
    by_label = {version.label: version for version in versions}
    defaults = {"old": versions[min(1, len(versions) - 1)].label, "new": versions[0].label}
    form = CompareForm(request.GET or defaults, labels=list(by_label))
    diff = None
    if form.is_valid() and form.cleaned_data["old"] != form.cleaned_data["new"]:
        diff = diff_selectors.version_diff(
            old=by_label[form.cleaned_data["old"]], new=by_label[form.cleaned_data["new"]]
        )
    return render(
        request,
        "competences/version_compare.html",
        {"framework": framework, "versions": versions, "form": form, "diff": diff},
    )
