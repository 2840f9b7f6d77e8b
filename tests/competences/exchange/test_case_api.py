"""Read-only CASE 1.1 endpoints: public JSON, published and retired versions only."""

from __future__ import annotations

import pytest

from competences.exchange import case_package_export
from competences.models import Competence, Domain
from competences.services.versions import version_create_draft

pytestmark = pytest.mark.django_db

BASE = "/ims/case/v1p1"


def _check_headers(response) -> None:
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_documents_lists_public_versions_only(client, default_version):
    draft = version_create_draft(framework=default_version.framework)
    response = client.get(f"{BASE}/CFDocuments")
    assert response.status_code == 200
    _check_headers(response)
    documents = response.json()["CFDocuments"]
    assert [document["identifier"] for document in documents] == [str(default_version.uuid)]
    assert documents[0]["CFPackageURI"]["uri"] == (
        f"http://testserver{BASE}/CFPackages/{default_version.uuid}"
    )
    assert str(draft.uuid) not in response.text


def test_a_document_and_its_package(client, default_version):
    response = client.get(f"{BASE}/CFDocuments/{default_version.uuid}")
    assert response.status_code == 200
    assert response.json()["title"] == "Référentiel des compétences transverses collaboratives"
    response = client.get(f"{BASE}/CFPackages/{default_version.uuid}")
    assert response.status_code == 200
    _check_headers(response)
    assert response.json() == case_package_export(version=default_version)


def test_items_of_public_versions(client, default_version):
    competence = Competence.objects.filter(version=default_version).first()
    response = client.get(f"{BASE}/CFItems/{competence.uuid}")
    assert response.status_code == 200
    _check_headers(response)
    item = response.json()
    assert item["humanCodingScheme"] == competence.code
    assert item["CFItemType"] == "Competence"
    assert item["CFDocumentURI"]["identifier"] == str(default_version.uuid)
    domain = Domain.objects.filter(version=default_version).first()
    assert client.get(f"{BASE}/CFItems/{domain.uuid}").json()["CFItemType"] == "Domain"


@pytest.mark.parametrize("kind", ["CFDocuments", "CFPackages", "CFItems"])
def test_drafts_answer_404_in_json(client, default_version, kind):
    # Unknown and invalid identifiers, other kinds, methods: test_case_provider.py.
    draft = version_create_draft(framework=default_version.framework)
    draft_item = Competence.objects.filter(version=draft).first()
    draft_id = draft_item.uuid if kind == "CFItems" else draft.uuid
    response = client.get(f"{BASE}/{kind}/{draft_id}")
    assert response.status_code == 404
    _check_headers(response)
    body = response.json()
    assert body["imsx_codeMajor"] == "failure"
    assert body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == (
        "unknownobject"
    )
