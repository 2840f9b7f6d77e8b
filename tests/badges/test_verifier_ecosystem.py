"""Acceptance (#17, item 1): every 1EdTech example or signed test vector copied into
``tests/badges/vectors/ecosystem/`` is reported valid by the verifier, and every tampered
copy invalid. The files are enumerated: a new file there needs no new test code
(``expectations.json`` names the exceptions, with why)."""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

import badges.fetch
from badges.baking import unbake
from badges.crypto.data_integrity import is_supported_proof
from badges.fetch import FetchError
from badges.verifier import CheckStatus, VerificationReport, verify_bytes
from badges.verifier.inputs import verify_document, verify_token

ECOSYSTEM = Path(__file__).resolve().parent / "vectors" / "ecosystem"
SERVED = ECOSYSTEM / "served"
EXPECTATIONS = json.loads((ECOSYSTEM / "expectations.json").read_text(encoding="utf-8"))
FILES = sorted(
    path.name
    for path in ECOSYSTEM.iterdir()
    if path.is_file() and path.name not in ("README.md", "expectations.json")
)


def _expect(name: str) -> str:
    return EXPECTATIONS.get(name, {}).get("expect", "valid")


@pytest.fixture
def served_transport(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The safe fetcher's transport answers the addresses of ``served/urls.json`` with their
    files; any other address is unreachable (no internet in tests). Returns the URLs asked."""
    routes = json.loads((SERVED / "urls.json").read_text(encoding="utf-8"))
    asked: list[str] = []

    def http_get(url: str, *, accept: str, max_bytes: int, deadline: float) -> Any:
        asked.append(url)
        if url in routes:
            return 200, "application/json", (SERVED / routes[url]).read_bytes(), None
        raise FetchError("unreachable in tests", code="dns")

    monkeypatch.setattr(badges.fetch, "_http_get", http_get)
    return asked


def _form(name: str) -> Any:
    """What the file carries: a JSON object, or a compact JWS (a .jwt file, a baked JWT)."""
    data = (ECOSYSTEM / name).read_bytes()
    if name.endswith((".png", ".svg")):
        unbaked = unbake(data)
        assert unbaked is not None, name
        text = unbaked.payload.strip()
    else:
        text = data.decode("utf-8-sig").strip()
    return json.loads(text) if text.startswith("{") else text


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _change_subject(document: dict[str, Any]) -> None:
    """Change one field that the issuer signed about the subject."""
    if "recipient" in document:  # an OB 2.0 assertion
        document["recipient"]["identity"] = "sha256$" + "0" * 64
        return
    wrapped = document.get("vc")
    holder: dict[str, Any] = wrapped if isinstance(wrapped, dict) else document
    subject = holder["credentialSubject"]
    if "id" in subject:
        subject["id"] = subject["id"] + "-changed"
    else:
        subject["achievement"]["name"] = "Changed"


def _flip(text: str, alphabet: str) -> str:
    middle = len(text) // 2
    replacement = alphabet[0] if text[middle] != alphabet[0] else alphabet[1]
    return text[:middle] + replacement + text[middle + 1 :]


def _tampered(form: Any, how: str) -> Any:
    if isinstance(form, str):
        header, payload, signature = form.split(".")
        if how == "subject":
            claims = json.loads(_unb64(payload))
            _change_subject(claims)
            return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"
        return f"{header}.{payload}.{_flip(signature, 'AB')}"
    document = copy.deepcopy(form)
    if how == "subject":
        _change_subject(document)
        return document
    proofs = document["proof"] if isinstance(document["proof"], list) else [document["proof"]]
    for proof in proofs:
        if is_supported_proof(proof):
            proof["proofValue"] = _flip(proof["proofValue"], "23")
    return document


def _verify(form: Any) -> VerificationReport:
    if isinstance(form, str):
        return verify_token(form)
    return verify_document(form)


def _failed(report: VerificationReport) -> list[str]:
    return [check.key for check in report.checks if check.status == CheckStatus.FAILED]


def test_the_folder_holds_the_vectors_and_their_expectations_name_real_files():
    assert len(FILES) >= 20
    for name in EXPECTATIONS:
        assert name == "_" or name in FILES, name


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_each_example_is_reported_as_1edtech_publishes_it(name, served_transport):
    with translation.override("en"):
        report = verify_bytes((ECOSYSTEM / name).read_bytes())
    expect = _expect(name)
    proof = report.check("proof")
    assert proof is not None, name
    if expect == "unverifiable":
        assert proof.status == CheckStatus.NOT_CHECKED, (name, proof.detail)
        assert proof.detail.startswith("This could not be checked because"), proof.detail
        assert _failed(report) == []
        return
    assert proof.status == CheckStatus.PASSED, (name, proof.detail)
    if expect == "revoked":
        assert _failed(report) == ["status"], name
        assert report.revoked and report.verdict == "revoked"
    else:
        assert _failed(report) == [], [(c.key, c.detail) for c in report.checks]
        assert not report.revoked
    for check in report.checks:  # a CLR reports each credential it wraps, each checked
        if check.key.startswith("credential-"):
            assert check.status == CheckStatus.PASSED, (name, check.detail)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["subject", "signature"])
@pytest.mark.parametrize("name", [name for name in FILES if _expect(name) != "unverifiable"])
def test_each_tampered_copy_is_reported_invalid(name, how, served_transport):
    tampered = _tampered(_form(name), how)
    with translation.override("en"):
        report = _verify(tampered)
    proof = report.check("proof")
    assert proof is not None
    assert proof.status == CheckStatus.FAILED, (name, how, proof.detail)
    assert not report.ok
    assert report.verdict in ("unverified", "revoked")
