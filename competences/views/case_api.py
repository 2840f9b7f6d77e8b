"""Read-only CASE 1.1 endpoints, under /ims/case/v1p1/: public JSON, published and retired
versions only. Unknown identifiers and drafts answer 404 with a CASE status object.

Anyone may read them, from any site (``Access-Control-Allow-Origin: *``): they
hold the same public data as the framework pages.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from competences.exchange import (
    case_document_export,
    case_item_export,
    case_item_find,
    case_package_export,
)
from competences.models import FrameworkVersion
from competences.selectors.frameworks import version_public_queryset


def case_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


def not_found(identifier: str) -> JsonResponse:
    """The CASE 1.1 status object for an unknown object (``imsx_StatusInfo``)."""
    return case_response(
        {
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": f"No public CASE object has the identifier {identifier[:100]}.",
            "imsx_codeMinor": {
                "imsx_codeMinorField": [
                    {
                        "imsx_codeMinorFieldName": "sourcedId",
                        "imsx_codeMinorFieldValue": "unknownobject",
                    }
                ]
            },
        },
        status=404,
    )


def _identifier(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _public_version(identifier: str) -> FrameworkVersion | None:
    parsed = _identifier(identifier)
    if parsed is None:
        return None
    return version_public_queryset().filter(uuid=parsed).first()


@require_safe
def documents(request: HttpRequest) -> JsonResponse:
    """Every published or retired version, newest first."""
    versions = version_public_queryset().order_by("framework__slug", "-published_at")
    return case_response(
        {"CFDocuments": [case_document_export(version=version) for version in versions]}
    )


@require_safe
def document(request: HttpRequest, identifier: str) -> JsonResponse:
    version = _public_version(identifier)
    if version is None:
        return not_found(identifier)
    return case_response(case_document_export(version=version))


@require_safe
def package(request: HttpRequest, identifier: str) -> JsonResponse:
    version = _public_version(identifier)
    if version is None:
        return not_found(identifier)
    return case_response(case_package_export(version=version))


@require_safe
def item(request: HttpRequest, identifier: str) -> JsonResponse:
    parsed = _identifier(identifier)
    found = case_item_find(parsed) if parsed is not None else None
    if found is None:
        return not_found(identifier)
    return case_response(case_item_export(item=found))
