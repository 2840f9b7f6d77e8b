"""The independent JavaScript verifier (digitalbazaar's libraries) accepts what Python signs.

All checks run in one ``node verifier-js/verify.mjs --batch`` process (about a second).
The verifier is installed by ``make pytest`` (``npm ci --prefix verifier-js``); outside CI a
machine without node or without the install skips these tests, in CI they fail.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from badges.crypto.data_integrity import sign
from badges.crypto.documents import verification_method_id, verifier_documents
from badges.crypto.keys import generate_key_pair
from tests.badges.conftest import (
    ISSUER,
    VECTOR_ISSUER,
    VECTOR_KEY,
    load_vector,
    make_credential,
)

pytestmark = pytest.mark.js

ROOT = Path(__file__).resolve().parents[2]
VERIFIER = ROOT / "verifier-js" / "verify.mjs"
STATUS_LIST = f"{ISSUER}/status/1"


def _node() -> str:
    node = shutil.which("node")
    installed = (ROOT / "verifier-js" / "node_modules" / "@digitalbazaar" / "vc").is_dir()
    if node is None or not installed:
        reason = (
            "node or verifier-js/node_modules missing (run `make pytest` or `make verifier-js`)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return node


def js_verify(checks: list[tuple[dict[str, Any], dict[str, Any]]], tmp_path) -> list[dict]:
    """Run the independent verifier once on [(credential, documents)]."""
    node = _node()
    batch = tmp_path / "checks.json"
    batch.write_text(
        json.dumps([{"credential": c, "documents": d} for c, d in checks]), encoding="utf-8"
    )
    completed = subprocess.run(
        [node, str(VERIFIER), "--batch", str(batch)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout)


def _tamper(document: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    text = json.dumps(document)
    assert text.count(old) >= 1
    return json.loads(text.replace(old, new, 1))


def _status_list(seed: bytes, public: str, revoked_index: int | None) -> dict[str, Any]:
    bits = bytearray(16 * 1024)  # 131,072 entries, the minimum the spec asks for
    if revoked_index is not None:
        bits[revoked_index // 8] |= 0x80 >> (revoked_index % 8)
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
    status_list = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": STATUS_LIST,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": ISSUER,
        "validFrom": "2026-11-27T09:00:00Z",
        "credentialSubject": {
            "id": f"{STATUS_LIST}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }
    return sign(
        status_list, private_key=seed, verification_method=verification_method_id(ISSUER, public)
    )


def _with_status(credential: dict[str, Any], index: int) -> dict[str, Any]:
    credential["credentialStatus"] = {
        "id": f"{STATUS_LIST}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": STATUS_LIST,
    }
    return credential


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    node = _node()
    seed, public = generate_key_pair()
    method = verification_method_id(ISSUER, public)
    documents = verifier_documents(ISSUER, [public])
    signed = sign(make_credential(), private_key=seed, verification_method=method)
    with_schema = sign(make_credential(schema=True), private_key=seed, verification_method=method)
    with_status = sign(
        _with_status(make_credential(), 7), private_key=seed, verification_method=method
    )
    vector = load_vector("ob3-signed-credential.json")
    vector_documents = verifier_documents(VECTOR_ISSUER, [VECTOR_KEY])
    _other_seed, other_public = generate_key_pair()

    checks = {
        "python_signed": (signed, documents),
        "python_signed_with_schema": (with_schema, documents),
        "python_signed_tampered": (
            _tamper(signed, "Animer un collectif", "Animer un collectiF"),
            documents,
        ),
        "python_signed_other_key_published": (signed, verifier_documents(ISSUER, [other_public])),
        "python_signed_no_documents": (signed, {}),
        "vector": (vector, vector_documents),
        "vector_tampered": (_tamper(vector, "Teamwork Badge", "Teamwork Badgf"), vector_documents),
        "status_active": (
            with_status,
            {**documents, STATUS_LIST: _status_list(seed, public, None)},
        ),
        "status_revoked": (with_status, {**documents, STATUS_LIST: _status_list(seed, public, 7)}),
    }
    batch = tmp_path_factory.mktemp("js") / "checks.json"
    batch.write_text(
        json.dumps([{"credential": c, "documents": d} for c, d in checks.values()]),
        encoding="utf-8",
    )
    completed = subprocess.run(
        [node, str(VERIFIER), "--batch", str(batch)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    answers = json.loads(completed.stdout)
    return dict(zip(checks, answers, strict=True))


def test_a_credential_signed_in_python_verifies(results):
    assert results["python_signed"] == {"verified": True, "errors": [], "status": None}


def test_a_credential_with_credential_schema_and_extensions_verifies(results):
    assert results["python_signed_with_schema"]["verified"] is True, results


def test_one_changed_character_fails(results):
    assert results["python_signed_tampered"]["verified"] is False
    assert any(
        "signature" in error.lower() for error in results["python_signed_tampered"]["errors"]
    )


def test_a_key_not_published_by_the_issuer_fails(results):
    assert results["python_signed_other_key_published"]["verified"] is False


def test_the_verifier_fails_closed_without_the_issuer_documents(results):
    answer = results["python_signed_no_documents"]
    assert answer["verified"] is False
    assert any("not allowed" in error for error in answer["errors"])


def test_the_1edtech_vector_verifies(results):
    assert results["vector"]["verified"] is True, results["vector"]
    assert results["vector_tampered"]["verified"] is False


def test_status_list_is_checked(results):
    assert results["status_active"]["verified"] is True, results["status_active"]
    assert results["status_active"]["status"][0]["set"] is False
    assert results["status_revoked"]["verified"] is False
    assert any("revocation" in error for error in results["status_revoked"]["errors"])


def test_single_credential_mode_and_exit_codes(tmp_path):
    node = _node()
    vector = tmp_path / "vector.json"
    vector.write_text(json.dumps(load_vector("ob3-signed-credential.json")))
    documents = tmp_path / "documents.json"
    documents.write_text(json.dumps(verifier_documents(VECTOR_ISSUER, [VECTOR_KEY])))
    ok = subprocess.run(
        [node, str(VERIFIER), str(vector), str(documents)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["verified"] is True
    tampered = json.dumps(load_vector("ob3-signed-credential.json")).replace("Teamwork", "Teamwerk")
    failed = subprocess.run(
        [node, str(VERIFIER), "-", str(documents)],
        input=tampered,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert failed.returncode == 1
    assert json.loads(failed.stdout)["verified"] is False
    usage = subprocess.run(
        [node, str(VERIFIER)], capture_output=True, text=True, timeout=60, check=False
    )
    assert usage.returncode == 2
