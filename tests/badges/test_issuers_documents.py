"""The issuer's public documents: content negotiation, the OB 3.0 profile with its keys,
the OB 2.0 Issuer and RevocationList, checked against the schema and an independent verifier."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from badges import documents
from badges.services.issuers import issuer_create, issuer_key_rotate, issuer_sign
from tests.badges.factories.issuers import (
    Credential,
    IssuerFactory,
    TerritoryIssuerFactory,
    image_upload,
    initiative_with_members,
    signing_key_add,
)

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
STANDARDS = ROOT.parent / "shared" / "standards"
VERIFIER = ROOT / "verifier-js"
OB3_PROFILE_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://w3id.org/security/multikey/v1",
]


@pytest.fixture
def initiative(leader, volunteer):
    return initiative_with_members(leader=leader, member=volunteer)


@pytest.fixture
def issuer(initiative, leader):
    issuer = issuer_create(
        by=leader,
        initiative=initiative,
        name="Repair Café de Chenôve",
        email="contact@repair.example.org",
        url="https://repair.example.org",
        description="On répare ensemble.",
    )
    issuer_key_rotate(issuer=issuer, by=leader)
    issuer_key_rotate(issuer=issuer, by=leader)
    return issuer


def _keys(issuer):
    return list(issuer.signing_keys.order_by("created_at", "pk"))


# --- Content negotiation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/json"),
        ("application/ld+json, application/json;q=0.5", "application/ld+json"),
        ("text/html;q=0.5, application/json", "application/json"),
    ],
)
def test_json_clients_get_the_profile(client, issuer, accept, content_type):
    response = client.get(issuer.get_absolute_url(), HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert "Accept" in response["Vary"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["id"] == issuer.id_url


@pytest.mark.parametrize(
    "accept",
    [
        "text/html",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "*/*",
        "",
        "image/png",
    ],
)
def test_browsers_get_the_page(client, issuer, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get(issuer.get_absolute_url(), **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]
    assert "<h1>" in response.content.decode()


def test_a_link_gives_the_json_ld(client, issuer):
    response = client.get(issuer.get_absolute_url(), {"format": "json"}, HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("application/ld+json")
    assert response.json() == documents.issuer_profile(issuer)
    page = client.get(issuer.get_absolute_url(), HTTP_ACCEPT="text/html").content.decode()
    assert 'rel="alternate" type="application/ld+json"' in page


def test_head_is_answered(client, issuer):
    response = client.head(issuer.get_absolute_url(), HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert client.post(issuer.get_absolute_url()).status_code == 405


# --- OB 3.0 profile and keys -------------------------------------------------------------


def test_profile_lists_every_key_as_a_multikey_of_the_issuer(client, issuer):
    profile = client.get(issuer.get_absolute_url(), HTTP_ACCEPT="application/ld+json").json()
    assert profile["@context"][:3] == OB3_PROFILE_CONTEXT
    assert profile["@context"][3] == {
        "assertionMethod": {
            "@id": "https://w3id.org/security#assertionMethod",
            "@type": "@id",
            "@container": "@set",
        }
    }
    assert profile["id"] == issuer.id_url == f"http://testserver/issuers/{issuer.uuid}"
    assert profile["type"] == ["Profile"]
    assert profile["name"] == "Repair Café de Chenôve"
    assert profile["url"] == "https://repair.example.org"
    assert profile["email"] == "contact@repair.example.org"
    assert profile["description"] == "On répare ensemble."
    keys = _keys(issuer)
    assert len(keys) == 3
    assert profile["assertionMethod"] == [
        {
            "id": f"{issuer.id_url}#{key.public_key_multibase}",
            "type": "Multikey",
            "controller": issuer.id_url,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in keys
    ]


def test_profile_image_is_an_ob3_image_served_here(client, leader, initiative):
    from badges.images import issuer_image_clean

    issuer = issuer_create(
        by=leader,
        initiative=initiative,
        name="Repair",
        email="a@example.org",
        image=issuer_image_clean(image_upload()),
    )
    image = documents.issuer_profile(issuer)["image"]
    assert image == {"id": documents.issuer_image_url(issuer), "type": "Image", "caption": "Repair"}
    assert image["id"].startswith(f"http://testserver/issuers/{issuer.uuid}/image.png?v=")
    assert documents.ob2_issuer(issuer)["image"] == image["id"]
    response = client.get(image["id"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_image_is_404(client):
    issuer = IssuerFactory()
    assert client.get(reverse("badges:issuer_image", args=[issuer.uuid])).status_code == 404


def test_without_website_the_url_is_the_issuer_page():
    issuer = TerritoryIssuerFactory(url="", description="")
    profile = documents.issuer_profile(issuer)
    assert profile["url"] == issuer.id_url
    assert "description" not in profile
    assert "image" not in profile


def test_verification_method_documents(issuer):
    served = documents.issuer_documents(issuer)
    assert set(served) == {issuer.id_url} | {
        f"{issuer.id_url}#{key.public_key_multibase}" for key in _keys(issuer)
    }
    for url, document in served.items():
        if url != issuer.id_url:
            assert document["@context"] == "https://w3id.org/security/multikey/v1"
            assert document["id"] == url
            assert document["controller"] == issuer.id_url


def test_embedded_profile_validates_against_the_ob3_profile_schema(issuer):
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = STANDARDS / "ob3" / "schema" / "profile.json"
    if not schema_path.exists():
        pytest.skip("the OB 3.0 schemas are not available")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema)
    for document in (documents.issuer_profile_embedded(issuer), documents.issuer_profile(issuer)):
        assert list(validator.iter_errors(document)) == []


def test_the_profile_expands_with_every_term_defined(issuer):
    """JSON-LD processors read the keys where verifiers look for them (safe mode: nothing
    dropped), with the bundled contexts only."""
    from pyld import jsonld

    from badges.crypto.loader import document_loader

    expanded = jsonld.expand(
        documents.issuer_profile(issuer), {"documentLoader": document_loader, "safe": True}
    )
    node = expanded[0]
    methods = node["https://w3id.org/security#assertionMethod"]
    assert [method["@id"] for method in methods] == [
        key.verification_method_id for key in _keys(issuer)
    ]
    assert methods[0]["@type"] == ["https://w3id.org/security#Multikey"]


# --- An independent verifier reads the served documents -----------------------------------


def _node_verify(tmp_path, credential, served):
    (tmp_path / "credential.json").write_text(json.dumps(credential), encoding="utf-8")
    (tmp_path / "documents.json").write_text(json.dumps(served), encoding="utf-8")
    result = subprocess.run(
        ["node", "verify.mjs", str(tmp_path / "credential.json"), str(tmp_path / "documents.json")],
        cwd=VERIFIER,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return json.loads(result.stdout)


@pytest.mark.skipif(
    shutil.which("node") is None or not (VERIFIER / "node_modules").exists(),
    reason="needs node and verifier-js/node_modules (npm ci)",
)
def test_digitalbazaar_verifies_old_and_new_signatures_with_the_served_profile(client, tmp_path):
    issuer = TerritoryIssuerFactory()
    old = issuer_sign(issuer=issuer, document=Credential(issuer).document())
    signing_key_add(issuer)  # a rotation
    new = issuer_sign(issuer=issuer, document=Credential(issuer).document())
    profile = client.get(issuer.get_absolute_url(), HTTP_ACCEPT="application/ld+json").json()
    served = {issuer.id_url: profile}
    for method in profile["assertionMethod"]:
        served[method["id"]] = {"@context": "https://w3id.org/security/multikey/v1", **method}
    assert served == documents.issuer_documents(issuer)
    for signed in (old, new):
        assert _node_verify(tmp_path, signed, served) == {
            "verified": True,
            "errors": [],
            "status": None,
        }
    # A key the issuer does not list is refused, and so is a changed credential.
    without_old = json.loads(json.dumps(served))
    without_old[issuer.id_url]["assertionMethod"] = profile["assertionMethod"][1:]
    assert not _node_verify(tmp_path, old, without_old)["verified"]
    tampered = {**new, "name": new["name"] + "!"}
    assert not _node_verify(tmp_path, tampered, served)["verified"]


# --- OB 2.0 ------------------------------------------------------------------------------


def test_ob2_issuer_profile(client, issuer):
    response = client.get(reverse("badges:ob2_issuer", args=[issuer.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Issuer",
        "id": f"http://testserver/ob/v2/issuers/{issuer.uuid}",
        "name": "Repair Café de Chenôve",
        "url": "https://repair.example.org",
        "email": "contact@repair.example.org",
        "description": "On répare ensemble.",
        "revocationList": f"http://testserver/ob/v2/issuers/{issuer.uuid}/revocations",
    }


def test_ob2_revocation_list_is_empty_for_now(client, issuer):
    profile = client.get(reverse("badges:ob2_issuer", args=[issuer.uuid])).json()
    response = client.get(profile["revocationList"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response.json() == {
        "@context": "https://w3id.org/openbadges/v2",
        "id": profile["revocationList"],
        "type": "RevocationList",
        "issuer": profile["id"],
        "revokedAssertions": [],
    }


def test_ob2_revocation_list_entries(issuer):
    revoked = documents.ob2_revocation_list(
        issuer, revoked=["urn:uuid:1", {"id": "https://x/a/2", "revocationReason": "Erreur"}]
    )
    assert revoked["revokedAssertions"] == [
        "urn:uuid:1",
        {"id": "https://x/a/2", "revocationReason": "Erreur"},
    ]


def test_ob2_documents_expand_with_the_ob2_context(issuer):
    from pyld import jsonld

    from badges.crypto.loader import document_loader

    for document in (documents.ob2_issuer(issuer), documents.ob2_revocation_list(issuer)):
        expanded = jsonld.expand(document, {"documentLoader": document_loader})
        assert expanded[0]["@id"] == document["id"]


def test_other_issuers_documents_do_not_mix(client):
    one, two = IssuerFactory(), IssuerFactory()
    profile = client.get(one.get_absolute_url(), HTTP_ACCEPT="application/json").json()
    assert all(method["controller"] == one.id_url for method in profile["assertionMethod"])
    assert two.signing_keys.get().public_key_multibase not in json.dumps(profile)
