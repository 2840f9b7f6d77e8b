"""Import and export pages of the exchange formats (CSV and CASE 1.1).

Exports of published and retired versions are public; exports of a draft and
the import page are for stewards. An import that fails shows every problem
with its row or JSON path, and the form with the choices made.
"""

from __future__ import annotations

import json
from typing import Literal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competences.exchange import (
    ImportFailed,
    case_package_export,
    csv_export,
    framework_import_file,
)
from competences.forms.exchange import ImportForm
from competences.models import Framework, FrameworkVersion
from competences.selectors.frameworks import version_public_queryset
from competences.views._steward import draft_or_404, steward_required
from config.http import signed_in_user

ExportFormat = Literal["csv", "case"]


def export_response(version: FrameworkVersion, file_format: ExportFormat) -> HttpResponse:
    """The version as a file to download."""
    name = f"{version.framework.slug}-{version.label}"
    if file_format == "csv":
        response = HttpResponse(
            csv_export(version=version).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        filename = f"{name}.csv"
    elif file_format == "case":
        package = case_package_export(version=version)
        response = HttpResponse(
            json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8"),
            content_type="application/json; charset=utf-8",
        )
        filename = f"{name}.case.json"
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def version_export(
    request: HttpRequest, slug: str, label: str, file_format: ExportFormat
) -> HttpResponse:
    """Download a published or retired version (anyone)."""
    version = get_object_or_404(version_public_queryset(), framework__slug=slug, label=label)
    return export_response(version, file_format)


@steward_required
def draft_export(request: HttpRequest, slug: str, file_format: ExportFormat) -> HttpResponse:
    """Download the draft (stewards)."""
    return export_response(draft_or_404(slug), file_format)


@steward_required
def framework_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV file or a CASE package: a new framework, or a new draft of one."""
    frameworks = list(Framework.objects.order_by("slug"))
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        frameworks=frameworks,
        initial={"target": request.GET.get("framework", "")},
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = framework_import_file(
                data=b"".join(upload.chunks()),
                file_format=form.cleaned_data["file_format"],
                framework=form.framework,
                slug=form.cleaned_data["slug"] if form.framework is None else "",
                imported_by=signed_in_user(request),
            )
        except ImportFailed as failure:
            problems = failure.problems
        else:
            messages.success(
                request,
                ngettext(
                    "The file is imported as the draft %(label)s: %(domains)s domains, "
                    "%(count)s competence, %(levels)s levels. Check it, then publish it.",
                    "The file is imported as the draft %(label)s: %(domains)s domains, "
                    "%(count)s competences, %(levels)s levels. Check it, then publish it.",
                    result.competence_count,
                )
                % {
                    "label": result.version.label,
                    "domains": result.domain_count,
                    "count": result.competence_count,
                    "levels": result.level_count,
                },
            )
            for notice in result.notices:
                messages.info(request, notice)
            return redirect("competences:draft_detail", slug=result.framework.slug)
    return render(
        request,
        "competences/exchange/import.html",
        {"form": form, "problems": problems, "title": _("Import a framework")},
    )
