"""The CASE 1.1 provider (#17): collection parameters of ``CFDocuments``, paging headers
on a framework of 200 items, constant query counts. The endpoints themselves:
test_case_provider.py."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competences.exchange import case_package_export
from competences.exchange.case_common import ITEM_TYPE_COMPETENCE, item_type_uuid
from competences.exchange.case_schema import case_api_errors
from competences.models import Domain
from tests.competences.exchange.test_case_provider import BASE, UNKNOWN, _status_object, _valid
from tests.competences.factories.frameworks import published_version

pytestmark = pytest.mark.django_db


def _links(header: str) -> dict[str, dict[str, Any]]:
    """RFC 8288 ``Link`` → {rel: {"limit": n, "offset": n}}, checking the base address."""
    links = {}
    for target, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header):
        parts = urlsplit(target)
        query = parse_qs(parts.query)
        links[rel] = {"limit": int(query["limit"][0]), "offset": int(query["offset"][0])}
        links[rel]["path"] = parts.path
    assert len(links) == header.count("rel=")
    return links


@pytest.mark.parametrize(
    ("query", "parameter", "code_minor"),
    [
        ("limit=0", "limit", "invalid_selection_field"),
        ("limit=ten", "limit", "invalid_selection_field"),
        ("offset=-1", "offset", "invalid_selection_field"),
        ("offset=1.5", "offset", "invalid_selection_field"),
        ("orderBy=up", "orderBy", "invalid_sort_field"),
        ("fields=", "fields", "invalid_selection_field"),
        ("fields=identifier,,title", "fields", "invalid_selection_field"),
        ("filter=title", "filter", "invalid_selection_field"),
        ("filter=colour%3D%27red%27", "filter", "invalid_selection_field"),
    ],
)
def test_bad_collection_parameters_answer_400(
    client, default_version, query, parameter, code_minor
):
    body = _status_object(client.get(f"{BASE}/CFDocuments?{query}"), 400, code_minor)
    assert body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldName"] == (
        parameter
    )


# --- Collection parameters of getAllCFDocuments -----------------------------------------


@pytest.fixture
def five_documents(default_version):
    """The default version and four more public versions (other frameworks)."""
    return [default_version, *(published_version(domains=1, competences=1) for _ in range(4))]


def test_documents_paging_headers(client, five_documents):
    response = client.get(f"{BASE}/CFDocuments?limit=2&offset=2")
    body = _valid(response, "CFDocumentSetDType")
    assert response["X-Total-Count"] == "5"
    assert len(body["CFDocuments"]) == 2
    links = _links(response["Link"])
    assert {rel: (link["limit"], link["offset"]) for rel, link in links.items()} == {
        "next": (2, 4),
        "last": (1, 4),
        "first": (2, 0),
        "prev": (2, 0),
    }
    assert links["next"]["path"] == f"{BASE}/CFDocuments"
    # Following the links gives every document once.
    everything = client.get(f"{BASE}/CFDocuments").json()["CFDocuments"]
    pages = []
    for offset in (0, 2, 4):
        pages += client.get(f"{BASE}/CFDocuments?limit=2&offset={offset}").json()["CFDocuments"]
    assert pages == everything
    assert len({document["identifier"] for document in everything}) == 5
    # Past the end: an empty page, same total.
    past = client.get(f"{BASE}/CFDocuments?offset=50")
    assert past.json() == {"CFDocuments": []}
    assert past["X-Total-Count"] == "5"


def test_documents_sort_order_fields_and_filter(client, five_documents):
    titles = [
        d["title"] for d in client.get(f"{BASE}/CFDocuments?sort=title").json()["CFDocuments"]
    ]
    assert titles == sorted(titles, key=str.casefold)
    reverse = client.get(f"{BASE}/CFDocuments?sort=title&orderBy=desc").json()["CFDocuments"]
    assert [d["title"] for d in reverse] == titles[::-1]
    # The parameters travel in the links.
    response = client.get(f"{BASE}/CFDocuments?sort=title&limit=1&fields=identifier,title")
    assert "sort=title" in response["Link"]
    assert "fields=identifier%2Ctitle" in response["Link"]
    body = response.json()
    assert case_api_errors(body, "CFDocumentSetDType", partial=True) == []
    assert list(body["CFDocuments"][0]) == ["identifier", "title"]
    assert body["CFDocuments"][0]["title"] == titles[0]
    # A member that does not exist: the whole records (binding §3.4).
    whole = client.get(f"{BASE}/CFDocuments?fields=identifier,colour").json()["CFDocuments"]
    assert "CFPackageURI" in whole[0]
    # A member that does not exist in sort: the default order (binding §3.2).
    default = client.get(f"{BASE}/CFDocuments").json()["CFDocuments"]
    assert client.get(f"{BASE}/CFDocuments?sort=colour").json()["CFDocuments"] == default
    # filter, case ignored.
    response = client.get(
        f"{BASE}/CFDocuments",
        {"filter": "title='RÉFÉRENTIEL DES COMPÉTENCES TRANSVERSES COLLABORATIVES'"},
    )
    assert [d["identifier"] for d in response.json()["CFDocuments"]] == [
        str(five_documents[0].uuid)
    ]
    assert response["X-Total-Count"] == "1"
    second, third = (str(version.uuid) for version in five_documents[1:3])
    response = client.get(
        f"{BASE}/CFDocuments", {"filter": f"identifier='{second}' OR identifier='{third}'"}
    )
    assert {d["identifier"] for d in response.json()["CFDocuments"]} == {second, third}
    default_id = five_documents[0].uuid
    response = client.get(
        f"{BASE}/CFDocuments", {"filter": f"title~'référentiel' AND identifier!='{default_id}'"}
    )
    assert response["X-Total-Count"] == "4"
    assert str(five_documents[0].uuid) not in response.text


# --- A framework of 200 items: paging headers, constant query counts ---------------------


@pytest.fixture
def big_version():
    """One domain and 199 competences: 200 items; the domain has 200 associations."""
    return published_version(domains=1, competences=199)


def test_paging_headers_on_a_framework_of_200_items(client, big_version):
    domain = Domain.objects.get(version=big_version)
    path = f"{BASE}/CFItemAssociations/{domain.uuid}"
    whole = client.get(path)
    assert whole["X-Total-Count"] == "200"
    assert len(whole.json()["CFAssociations"]) == 200
    assert "Link" not in whole
    seen: list[str] = []
    response = client.get(f"{path}?limit=30")
    pages = 0
    while True:
        pages += 1
        body = _valid(response, "CFAssociationSetDType")
        assert response["X-Total-Count"] == "200"
        seen += [a["identifier"] for a in body["CFAssociations"]]
        links = _links(response["Link"])
        assert links["first"] == {"limit": 30, "offset": 0, "path": path}
        assert links["last"] == {"limit": 20, "offset": 180, "path": path}
        if "next" not in links:
            break
        response = client.get(f"{path}?limit=30&offset={links['next']['offset']}")
    assert pages == 7
    assert links["prev"] == {"limit": 30, "offset": 150, "path": path}
    assert seen == [a["identifier"] for a in whole.json()["CFAssociations"]]
    assert (
        client.get(f"{path}?limit=1000").json()["CFAssociations"]
        == (whole.json()["CFAssociations"][:100])
    )  # pages are bounded
    _status_object(client.get(f"{path}?offset=-3"), 400, "invalid_selection_field")


def _paths(version) -> dict[str, str]:
    package = case_package_export(version=version)
    criterion = package["CFRubrics"][0]["CFRubricCriteria"][-1]
    child = next(a for a in package["CFAssociations"] if a["associationType"] == "isChildOf")
    return {
        "documents": f"{BASE}/CFDocuments",
        "document": f"{BASE}/CFDocuments/{version.uuid}",
        "package": f"{BASE}/CFPackages/{version.uuid}",
        "item": f"{BASE}/CFItems/{package['CFItems'][-1]['identifier']}",
        "domain associations": f"{BASE}/CFItemAssociations/{package['CFItems'][0]['identifier']}",
        "association": f"{BASE}/CFAssociations/{package['CFAssociations'][-1]['identifier']}",
        "child association": f"{BASE}/CFAssociations/{child['identifier']}",
        "rubric": f"{BASE}/CFRubrics/{package['CFRubrics'][0]['identifier']}",
        "criterion": f"{BASE}/CFRubricCriteria/{criterion['identifier']}",
        "level": (
            f"{BASE}/CFRubricCriterionLevels/"
            f"{criterion['CFRubricCriterionLevels'][-1]['identifier']}"
        ),
        "item type": f"{BASE}/CFItemTypes/{item_type_uuid(ITEM_TYPE_COMPETENCE)}",
        "concept": f"{BASE}/CFConcepts/{UNKNOWN}",
    }


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code in (200, 404), (path, response.content[:200])
    return len(queries)


def test_query_counts_do_not_grow_with_the_framework(client, big_version):
    small = published_version(domains=1, competences=2)
    counts_small = {name: _queries(client, path) for name, path in _paths(small).items()}
    counts_big = {name: _queries(client, path) for name, path in _paths(big_version).items()}
    assert counts_small == counts_big
    assert counts_big == {
        "documents": 1,
        "document": 1,
        "package": 7,
        "item": 4,
        "domain associations": 8,
        "association": 8,  # an alignment: stored identifier
        "child association": 10,  # isChildOf: derived identifier
        "rubric": 7,
        "criterion": 9,
        "level": 11,  # a level repeating the scale's text: derived identifier
        "item type": 1,
        "concept": 0,
    }
