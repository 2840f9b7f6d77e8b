"""The read-only 1EdTech CASE 1.1 provider, under /ims/case/v1p1/ (docs/exchange-case.md).

The 12 operations of the CASE Service 1.1 REST binding, its service discovery file, and
two Jalons additions so that every ``uri`` of a package answers (``CFRubricCriteria``,
``CFRubricCriterionLevels``). Public JSON, published and retired versions only. Every
failure, including an unknown address or method under /ims/case/v1p1/, answers the CASE
status object (``imsx_StatusInfo``) with its HTTP status: 400 a parameter, 404 an unknown
or invalid identifier, 405 a method other than GET or HEAD.

Anyone may read them, from any site (``Access-Control-Allow-Origin: *``): they
hold the same public data as the framework pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from competences.exchange import (
    case_document_export,
    case_item_export,
    case_item_find,
    case_package_export,
)
from competences.exchange.case_common import CASE_PATH, case_uri
from competences.exchange.case_objects import (
    case_association_export,
    case_criterion_export,
    case_criterion_level_export,
    case_item_associations_export,
    case_item_type_export,
    case_licence_export,
    case_rubric_export,
)
from competences.exchange.case_paging import (
    CaseParameterError,
    collection_apply,
    collection_query_parse,
    page_links,
)
from competences.exchange.case_schema import case_openapi
from competences.models import FrameworkVersion
from competences.selectors.frameworks import version_public_queryset

DISCOVERY_FILE = "imscasev1p1_openapi3_v1p0.json"
#: The members of a CFDocument (``CFDocumentDType``): what ``sort``, ``fields`` and
#: ``filter`` may name.
DOCUMENT_MEMBERS = frozenset(
    case_openapi()["components"]["schemas"]["CFDocumentDType"]["properties"]
)

View = Callable[..., HttpResponse]


def case_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "X-Total-Count, Link"
    response["Cache-Control"] = "public, max-age=300"
    return response


def case_error(
    *, status: int, description: str, code_minor: str = "", field: str = "sourcedId"
) -> JsonResponse:
    """The CASE 1.1 status object of a failed request (``imsx_StatusInfoDType``)."""
    data: dict[str, Any] = {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": description,
    }
    if code_minor:
        data["imsx_codeMinor"] = {
            "imsx_codeMinorField": [
                {"imsx_codeMinorFieldName": field, "imsx_codeMinorFieldValue": code_minor}
            ]
        }
    return case_response(data, status=status)


def not_found(identifier: str) -> JsonResponse:
    """404 for an unknown identifier, or one that is not a UUID (binding §2.4)."""
    if _identifier(identifier) is None:
        return case_error(
            status=404,
            description=_("Invalid UUID: %(identifier)s.") % {"identifier": identifier[:100]},
            code_minor="invalid_uuid",
        )
    return case_error(
        status=404,
        description=_("Unknown object: no public CASE object has the identifier %(identifier)s.")
        % {"identifier": identifier[:100]},
        code_minor="unknownobject",
    )


def case_get(view: View) -> View:
    """GET and HEAD only; any other method answers 405 with the status object.

    Exempt from the CSRF check, which would answer an HTML 403 before: these views
    change nothing and read no session.
    """

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = case_error(
                status=405,
                description=_("This address is read only: use GET or HEAD."),
            )
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapped


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


def _object(identifier: str, export: Callable[..., dict[str, Any] | None]) -> JsonResponse:
    parsed = _identifier(identifier)
    found = export(identifier=parsed) if parsed is not None else None
    if found is None:
        return not_found(identifier)
    return case_response(found)


# --- getAllCFDocuments ---------------------------------------------------------------


@case_get
def documents(request: HttpRequest) -> JsonResponse:
    """Every published or retired version (by framework, newest first), one page at a
    time, with ``X-Total-Count`` and ``Link`` (2 queries)."""
    try:
        query = collection_query_parse(dict(request.GET.lists()), members=DOCUMENT_MEMBERS)
    except CaseParameterError as error:
        return case_error(
            status=400,
            description=error.description,
            code_minor=error.code_minor,
            field=error.parameter,
        )
    versions = version_public_queryset().order_by("framework__slug", "-published_at", "-pk")
    page = collection_apply([case_document_export(version=v) for v in versions], query)
    response = case_response({"CFDocuments": page.records})
    response["X-Total-Count"] = str(page.total)
    response["Link"] = page_links(
        base_url=case_uri("CFDocuments", "").rstrip("/"), page=page, parameters=query.parameters
    )
    return response


# --- One object ----------------------------------------------------------------------


@case_get
def document(request: HttpRequest, identifier: str) -> JsonResponse:
    version = _public_version(identifier)
    if version is None:
        return not_found(identifier)
    return case_response(case_document_export(version=version))


@case_get
def package(request: HttpRequest, identifier: str) -> JsonResponse:
    version = _public_version(identifier)
    if version is None:
        return not_found(identifier)
    return case_response(case_package_export(version=version))


@case_get
def item(request: HttpRequest, identifier: str) -> JsonResponse:
    parsed = _identifier(identifier)
    found = case_item_find(parsed) if parsed is not None else None
    if found is None:
        return not_found(identifier)
    return case_response(case_item_export(item=found))


@case_get
def item_associations(request: HttpRequest, identifier: str) -> JsonResponse:
    """Every association of an item; ``X-Total-Count`` always. A Jalons addition: with
    ``limit`` or ``offset``, one page and its ``Link`` header (a domain may have hundreds
    of competences); without them, the whole set, as the binding says."""
    parsed = _identifier(identifier)
    found = case_item_find(parsed) if parsed is not None else None
    if found is None:
        return not_found(identifier)
    try:
        query = collection_query_parse(
            {
                name: request.GET.getlist(name)
                for name in ("limit", "offset")
                if name in request.GET
            },
            members=frozenset(),
        )
    except CaseParameterError as error:
        return case_error(
            status=400,
            description=error.description,
            code_minor=error.code_minor,
            field=error.parameter,
        )
    data = case_item_associations_export(item=found)
    paged = "limit" in request.GET or "offset" in request.GET
    if not paged:
        query = replace(query, limit=len(data["CFAssociations"]) or 1)
    page = collection_apply(data["CFAssociations"], query)
    response = case_response({**data, "CFAssociations": page.records})
    response["X-Total-Count"] = str(page.total)
    if paged:
        response["Link"] = page_links(
            base_url=case_uri("CFItemAssociations", found.uuid), page=page, parameters={}
        )
    return response


@case_get
def association(request: HttpRequest, identifier: str) -> JsonResponse:
    return _object(identifier, case_association_export)


@case_get
def rubric(request: HttpRequest, identifier: str) -> JsonResponse:
    return _object(identifier, case_rubric_export)


@case_get
def criterion(request: HttpRequest, identifier: str) -> JsonResponse:
    return _object(identifier, case_criterion_export)


@case_get
def criterion_level(request: HttpRequest, identifier: str) -> JsonResponse:
    return _object(identifier, case_criterion_level_export)


@case_get
def item_type(request: HttpRequest, identifier: str) -> JsonResponse:
    return _object(identifier, case_item_type_export)


@case_get
def licence(request: HttpRequest, identifier: str) -> JsonResponse:
    return _object(identifier, case_licence_export)


@case_get
def none_here(request: HttpRequest, identifier: str) -> JsonResponse:
    """CFConcepts, CFSubjects, CFAssociationGroupings: Jalons frameworks have none."""
    return not_found(identifier)


# --- Discovery and unknown addresses -------------------------------------------------


@case_get
def discovery(request: HttpRequest) -> JsonResponse:
    """The binding's OpenAPI 3.0 file (§2.5), its server being this site."""
    description = dict(case_openapi())
    description["servers"] = [
        {
            "url": f"{settings.SITE_URL.rstrip('/')}{CASE_PATH}",
            "description": _("The CASE 1.1 provider of this Jalons."),
        }
    ]
    return case_response(description)


@csrf_exempt
def unknown(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other address under /ims/case/v1p1/: 404 with the status object, never HTML."""
    return case_error(
        status=404,
        description=_("There is no CASE 1.1 endpoint at this address: %(path)s.")
        % {"path": request.path[:200]},
        code_minor="unknownobject",
        field="path",
    )
