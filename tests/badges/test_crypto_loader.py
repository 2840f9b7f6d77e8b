"""The offline JSON-LD document loader: bundled contexts, registered documents, fail closed."""

from __future__ import annotations

import hashlib
import json
import re
import threading

import pytest

from badges.crypto.canonical import canonicalize
from badges.crypto.errors import CanonicalizationError, DocumentNotAllowedError
from badges.crypto.loader import (
    CONTEXTS_DIR,
    bundled_contexts,
    document_loader,
    extra_documents,
    register_document,
    unregister_document,
)

REQUIRED = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    "https://w3id.org/security/multikey/v1",
    "https://w3id.org/security/data-integrity/v2",
    "https://www.w3.org/ns/did/v1",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
    "https://w3id.org/openbadges/v2",
]
CUSTOM_CONTEXT = {"@context": {"jalons": "https://jalons.example.org/ns#", "level": "jalons:level"}}


def test_the_platform_contexts_are_bundled():
    for url in REQUIRED:
        remote = document_loader(url)
        assert remote["documentUrl"] == url
        assert remote["contextUrl"] is None
        assert "@context" in remote["document"]


def test_readme_index_and_files_agree():
    index = json.loads((CONTEXTS_DIR / "index.json").read_text())
    readme = (CONTEXTS_DIR / "README.md").read_text()
    rows = re.findall(r"^\| `(\S+)` \| `(\S+)` \|.*\| `([0-9a-f]{16})` \|$", readme, re.M)
    assert {url: name for url, name, _ in rows} == index
    for _url, name, sha in rows:
        assert hashlib.sha256((CONTEXTS_DIR / name).read_bytes()).hexdigest()[:16] == sha
    listed = set(index.values()) | {"index.json", "README.md"}
    assert {path.name for path in CONTEXTS_DIR.iterdir()} == listed


def test_bundled_contexts_are_read_once():
    assert bundled_contexts() is bundled_contexts()


def test_callers_cannot_change_a_bundled_context():
    remote = document_loader("https://www.w3.org/ns/credentials/v2")
    remote["document"]["@context"]["VerifiableCredential"] = "https://evil.example/#x"
    again = document_loader("https://www.w3.org/ns/credentials/v2")
    assert again["document"]["@context"]["VerifiableCredential"] != "https://evil.example/#x"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/unknown-context.json",
        "http://www.w3.org/ns/credentials/v2",  # http instead of https
        "https://www.w3.org/ns/credentials/v2/",
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
    ],
)
def test_unknown_urls_fail_closed_without_network(no_network, url):
    with pytest.raises(DocumentNotAllowedError) as caught:
        document_loader(url)
    assert caught.value.url == url
    assert no_network == []


def test_canonicalizing_with_an_unknown_context_fails_without_network(no_network, credential):
    credential["@context"].append("https://contexts.example.org/extension.json")
    with pytest.raises(CanonicalizationError, match="not bundled"):
        canonicalize(credential)
    assert no_network == []


def test_extra_documents_are_served_inside_the_block_only():
    url = "https://jalons.example.org/contexts/test-extra.json"
    with pytest.raises(DocumentNotAllowedError):
        document_loader(url)
    with extra_documents({url: CUSTOM_CONTEXT}):
        assert document_loader(url)["document"] == CUSTOM_CONTEXT
        with extra_documents({url + "?2": CUSTOM_CONTEXT}):
            assert document_loader(url)["document"] == CUSTOM_CONTEXT
            assert document_loader(url + "?2")["document"] == CUSTOM_CONTEXT
        with pytest.raises(DocumentNotAllowedError):
            document_loader(url + "?2")
    with pytest.raises(DocumentNotAllowedError):
        document_loader(url)


def test_extra_documents_do_not_leak_to_other_threads():
    url = "https://jalons.example.org/contexts/test-thread.json"
    seen: list[bool] = []

    def other_thread() -> None:
        try:
            document_loader(url)
            seen.append(True)
        except DocumentNotAllowedError:
            seen.append(False)

    with extra_documents({url: CUSTOM_CONTEXT}):
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
    assert seen == [False]


def test_a_context_given_for_one_call_is_not_cached_for_the_next(no_network):
    url = "https://jalons.example.org/contexts/test-cache.json"
    document = {"@context": [url], "@id": "https://jalons.example.org/x", "level": "2"}
    with extra_documents({url: CUSTOM_CONTEXT}):
        assert "https://jalons.example.org/ns#level" in canonicalize(document)
    with pytest.raises(CanonicalizationError):
        canonicalize(document)


def test_registered_documents_are_served_until_unregistered():
    url = "https://jalons.example.org/contexts/test-registered.json"
    register_document(url, CUSTOM_CONTEXT)
    try:
        assert document_loader(url)["document"] == CUSTOM_CONTEXT
    finally:
        unregister_document(url)
    with pytest.raises(DocumentNotAllowedError):
        document_loader(url)


def test_bundled_contexts_cannot_be_replaced():
    with pytest.raises(ValueError, match="bundled"):
        register_document("https://www.w3.org/ns/credentials/v2", CUSTOM_CONTEXT)
    with (
        pytest.raises(ValueError, match="bundled"),
        extra_documents({"https://w3id.org/security/multikey/v1": CUSTOM_CONTEXT}),
    ):
        pass
    with pytest.raises(ValueError, match="absolute URL"):
        register_document("relative/context.json", CUSTOM_CONTEXT)
