"""The complete CASE 1.1 provider (#17): the 12 operations of the REST binding and its
discovery file answer JSON valid against the binding's OpenAPI schemas, or the CASE status
object with the right HTTP status; collection parameters and paging headers; every ``uri``
of the default package answers; constant query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from competences.exchange import case_package_export
from competences.exchange.case_common import ITEM_TYPE_COMPETENCE, item_type_uuid
from competences.exchange.case_schema import case_api_errors, case_openapi
from competences.models import Competence
from competences.services.versions import version_create_draft

pytestmark = pytest.mark.django_db

BASE = "/ims/case/v1p1"
SITE = "http://testserver"
UNKNOWN = "00000000-0000-4000-8000-000000000000"
#: The answer of each kind of object, as the binding's OpenAPI names it.
DEFINITIONS = {
    "CFDocuments": "CFDocumentDType",
    "CFPackages": "CFPackageDType",
    "CFItems": "CFItemDType",
    "CFItemAssociations": "CFAssociationSetDType",
    "CFAssociations": "CFAssociationDType",
    "CFRubrics": "CFRubricDType",
    "CFItemTypes": "CFItemTypeSetDType",
    "CFLicenses": "CFLicenseDType",
    "CFConcepts": "CFConceptSetDType",
    "CFSubjects": "CFSubjectSetDType",
    "CFAssociationGroupings": "CFAssociationGroupingDType",
    # Jalons additions, so that every uri of a package answers
    "CFRubricCriteria": "CFRubricCriterionDType",
    "CFRubricCriterionLevels": "CFRubricCriterionLevelDType",
}


def _valid(response, definition: str) -> dict[str, Any]:
    assert response["Content-Type"] == "application/json", response.content[:200]
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert case_api_errors(body, definition) == []
    return body


def _status_object(response, status: int, code_minor: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    body = _valid(response, "imsx_StatusInfoDType")
    assert body["imsx_codeMajor"] == "failure"
    assert body["imsx_severity"] == "error"
    assert body["imsx_description"]
    if code_minor is not None:
        field = body["imsx_codeMinor"]["imsx_codeMinorField"][0]
        assert field["imsx_codeMinorFieldValue"] == code_minor
    return body


def _uris(value: Any, path: str = "$") -> list[tuple[str, str]]:
    """Every (JSON path, uri) of a package, at any depth."""
    found: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "uri" and isinstance(item, str):
                found.append((path, item))
            else:
                found += _uris(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _uris(item, f"{path}[{index}]")
    return found


# --- The schemas ---------------------------------------------------------------------


def test_the_openapi_description_is_the_binding_s():
    description = case_openapi()
    assert description["info"]["version"] == "1.1"
    operations = {
        operation["operationId"]
        for item in description["paths"].values()
        for operation in item.values()
    }
    assert operations == {
        "getAllCFDocuments",
        "getCFDocument",
        "getCFPackage",
        "getCFItem",
        "getCFItemAssociations",
        "getCFAssociation",
        "getCFRubric",
        "getCFItemType",
        "getCFLicense",
        "getCFConcept",
        "getCFSubject",
        "getCFAssociationGrouping",
    }
    # The validator of the tests does reject what the schema forbids.
    assert case_api_errors({"imsx_codeMajor": "failure"}, "imsx_StatusInfoDType")
    assert case_api_errors({"CFDocuments": [{"title": "x"}]}, "CFDocumentSetDType")


# --- Acceptance: each of the 13 endpoints ----------------------------------------------


def test_each_endpoint_answers_json_valid_against_the_case_schema(client, default_version):
    package = case_package_export(version=default_version)
    domain = next(item for item in package["CFItems"] if item["CFItemType"] == "Domain")
    alignment = next(a for a in package["CFAssociations"] if a["associationType"] != "isChildOf")
    licence = package["CFDefinitions"]["CFLicenses"][0]
    rubric = package["CFRubrics"][0]
    found = {
        "CFDocuments": f"{BASE}/CFDocuments",
        "CFDocument": f"{BASE}/CFDocuments/{default_version.uuid}",
        "CFPackage": f"{BASE}/CFPackages/{default_version.uuid}",
        "CFItem": f"{BASE}/CFItems/{domain['identifier']}",
        "CFItemAssociations": f"{BASE}/CFItemAssociations/{domain['identifier']}",
        "CFAssociation": f"{BASE}/CFAssociations/{alignment['identifier']}",
        "CFRubric": f"{BASE}/CFRubrics/{rubric['identifier']}",
        "CFItemType": f"{BASE}/CFItemTypes/{item_type_uuid(ITEM_TYPE_COMPETENCE)}",
        "CFLicense": f"{BASE}/CFLicenses/{licence['identifier']}",
    }
    definitions = {
        "CFDocuments": "CFDocumentSetDType",
        "CFDocument": "CFDocumentDType",
        "CFPackage": "CFPackageDType",
        "CFItem": "CFItemDType",
        "CFItemAssociations": "CFAssociationSetDType",
        "CFAssociation": "CFAssociationDType",
        "CFRubric": "CFRubricDType",
        "CFItemType": "CFItemTypeSetDType",
        "CFLicense": "CFLicenseDType",
    }
    for name, path in found.items():
        response = client.get(path)
        assert response.status_code == 200, path
        _valid(response, definitions[name])

    # Jalons frameworks have no concepts, subjects or association groupings.
    for kind in ("CFConcepts", "CFSubjects", "CFAssociationGroupings"):
        _status_object(client.get(f"{BASE}/{kind}/{UNKNOWN}"), 404, "unknownobject")

    # Service discovery (binding §2.5): the OpenAPI file, its server being this site.
    response = client.get(f"{BASE}/discovery/imscasev1p1_openapi3_v1p0.json")
    assert response.status_code == 200
    description = response.json()
    assert description["openapi"] == "3.0.0"
    assert description["servers"][0]["url"] == f"{SITE}{BASE}"
    assert description["paths"] == case_openapi()["paths"]


def test_item_associations_of_a_competence_and_of_what_replaces_it(client, default_version):
    competence = Competence.objects.filter(version=default_version).first()
    body = _valid(
        client.get(f"{BASE}/CFItemAssociations/{competence.uuid}"), "CFAssociationSetDType"
    )
    assert body["CFItem"]["identifier"] == str(competence.uuid)
    assert body["CFItem"]["CFDocumentURI"]["identifier"] == str(default_version.uuid)
    types = sorted(a["associationType"] for a in body["CFAssociations"])
    assert types.count("isChildOf") == 1
    assert len(types) == 1 + competence.alignments.count()
    for association in body["CFAssociations"]:
        ends = {association["originNodeURI"]["identifier"]}
        ends.add(association["destinationNodeURI"]["identifier"])
        assert str(competence.uuid) in ends


def test_a_competence_replaced_in_a_later_version_lists_the_replacedby(client, default_version):
    from competences.services.versions import version_publish

    draft = version_create_draft(framework=default_version.framework)
    version_publish(version=draft)
    newer = Competence.objects.filter(version=draft).exclude(replaces=None).first()
    assert newer is not None
    body = _valid(
        client.get(f"{BASE}/CFItemAssociations/{newer.replaces.uuid}"), "CFAssociationSetDType"
    )
    replaced = [a for a in body["CFAssociations"] if a["associationType"] == "replacedBy"]
    assert [a["destinationNodeURI"]["identifier"] for a in replaced] == [str(newer.uuid)]
    association = client.get(replaced[0]["uri"].removeprefix(SITE))
    assert _valid(association, "CFAssociationDType")["identifier"] == replaced[0]["identifier"]


# --- Acceptance: every uri of the default package answers 200 ---------------------------


def test_every_uri_of_the_default_package_answers(client, default_version):
    package = case_package_export(version=default_version)
    uris = _uris(package)
    external = {
        association["destinationNodeURI"]["uri"]
        for association in package["CFAssociations"]
        if association["associationType"] in ("exactMatchOf", "isRelatedTo")
    }
    answered = set()
    for path, uri in uris:
        if uri in external:
            continue  # ESCO and ROME concepts: other sites
        assert uri.startswith(f"{SITE}{BASE}/"), (path, uri)
        if uri in answered:
            continue
        kind, identifier = uri.removeprefix(f"{SITE}{BASE}/").split("/")
        response = client.get(uri.removeprefix(SITE))
        assert response.status_code == 200, (path, uri, response.content[:200])
        body = _valid(response, DEFINITIONS[kind])
        if kind == "CFItemTypes":
            body = body["CFItemTypes"][0]
        if kind != "CFPackages":
            assert body["identifier"] == identifier
            assert body["uri"] == uri
        answered.add(uri)
    kinds = {uri.removeprefix(f"{SITE}{BASE}/").split("/")[0] for uri in answered}
    assert kinds == {
        "CFDocuments",
        "CFItems",
        "CFItemTypes",
        "CFAssociations",
        "CFLicenses",
        "CFRubrics",
        "CFRubricCriteria",
        "CFRubricCriterionLevels",
    }
    # Every object once: the document, 35 items, 2 item types, the licence, the rubric, its
    # criteria and their levels, the associations.
    assert answered == {uri for _, uri in uris if uri not in external}
    assert len(answered) > 150


def test_an_object_answers_exactly_as_it_is_in_the_package(client, default_version):
    package = case_package_export(version=default_version)
    association = package["CFAssociations"][0]
    body = client.get(f"{BASE}/CFAssociations/{association['identifier']}").json()
    assert body.pop("CFDocumentURI")["identifier"] == str(default_version.uuid)
    assert body == association
    level = package["CFRubrics"][0]["CFRubricCriteria"][3]["CFRubricCriterionLevels"][1]
    assert client.get(f"{BASE}/CFRubricCriterionLevels/{level['identifier']}").json() == level
    assert (
        client.get(f"{BASE}/CFRubrics/{package['CFRubrics'][0]['identifier']}").json()
        == (package["CFRubrics"][0])
    )


# --- Errors: the status object, never HTML ---------------------------------------------


@pytest.mark.parametrize(
    "kind",
    [
        "CFDocuments",
        "CFPackages",
        "CFItems",
        "CFItemAssociations",
        "CFAssociations",
        "CFRubrics",
        "CFRubricCriteria",
        "CFRubricCriterionLevels",
        "CFItemTypes",
        "CFLicenses",
        "CFConcepts",
        "CFSubjects",
        "CFAssociationGroupings",
    ],
)
def test_unknown_and_invalid_identifiers_answer_404_status_objects(client, default_version, kind):
    _status_object(client.get(f"{BASE}/{kind}/{UNKNOWN}"), 404, "unknownobject")
    _status_object(client.get(f"{BASE}/{kind}/not-a-uuid"), 404, "invalid_uuid")


def test_objects_of_drafts_are_not_served(client, default_version):
    draft = version_create_draft(framework=default_version.framework)
    package = case_package_export(version=draft)
    draft_only = [
        f"{BASE}/CFRubrics/{package['CFRubrics'][0]['identifier']}",
        f"{BASE}/CFRubricCriteria/{package['CFRubrics'][0]['CFRubricCriteria'][0]['identifier']}",
        f"{BASE}/CFAssociations/{package['CFAssociations'][0]['identifier']}",
        f"{BASE}/CFItemAssociations/{package['CFItems'][0]['identifier']}",
    ]
    for path in draft_only:
        _status_object(client.get(path), 404, "unknownobject")


@pytest.mark.parametrize(
    "path",
    [
        "/CFDefinitions/" + UNKNOWN,
        "/CFDocuments/",
        "/cfdocuments",
        "/nothing/here",
        "/",
        "/discovery/",
    ],
)
def test_any_other_address_answers_a_404_status_object(client, path):
    _status_object(client.get(f"{BASE}{path}"), 404, "unknownobject")


def test_the_endpoints_are_read_only(default_version):
    client = Client(enforce_csrf_checks=True)  # as a real client: no HTML 403 first
    for method, path in (
        ("post", f"{BASE}/nothing/here"),
        ("post", f"{BASE}/CFDocuments"),
        ("delete", f"{BASE}/CFPackages/{default_version.uuid}"),
        ("put", f"{BASE}/CFItemTypes/{UNKNOWN}"),
        ("patch", f"{BASE}/discovery/imscasev1p1_openapi3_v1p0.json"),
    ):
        response = getattr(client, method)(path)
        if path.endswith("/nothing/here"):
            _status_object(response, 404, "unknownobject")
            continue
        _status_object(response, 405)
        assert response["Allow"] == "GET, HEAD"
    assert client.head(f"{BASE}/CFDocuments").status_code == 200
