"""OB 2.0 hosted assertions and baked images pass IMS Global's openbadges-validator-core
(PyPI ``openbadges`` 1.1.2, Python 3.9) against the running server.

The validator lives in ``.venv-ob2`` (``make ob2-validator``); ``ob2_harness.py`` runs it
in one subprocess on several inputs, offline but for this test's live server. Without
``.venv-ob2`` the test fails (set ``JALONS_SKIP_OB2_VALIDATOR=1`` to skip it instead).
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings

from badges.baking import unbake
from tests.badges.factories.ob2 import award_add, revoke, setting

ROOT = Path(__file__).resolve().parents[2]
OB2_PYTHON = ROOT / ".venv-ob2" / "bin" / "python"
HARNESS = Path(__file__).resolve().parent / "ob2_harness.py"
CONTEXT = ROOT / "badges" / "data" / "contexts" / "openbadges-v2.json"


def _ob2_python() -> Path:
    if os.environ.get("JALONS_SKIP_OB2_VALIDATOR") == "1":
        pytest.skip("JALONS_SKIP_OB2_VALIDATOR=1")
    if not OB2_PYTHON.exists():
        pytest.fail(
            ".venv-ob2 is missing: run `make ob2-validator` (needs Python 3.9), "
            "or set JALONS_SKIP_OB2_VALIDATOR=1 to skip this test."
        )
    return OB2_PYTHON


def _download(url: str, path: Path) -> Path:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (the live server)
        path.write_bytes(response.read())
    return path


def _messages(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in result["report"]["messages"] if m.get("messageLevel") == "ERROR"]


@pytest.fixture
def results(live_server: Any, settings: LazySettings, tmp_path: Path) -> dict[str, Any]:
    python = _ob2_python()
    settings.SITE_URL = live_server.url
    s = setting()
    award = award_add(s)
    revoked = award_add(s, "karim@example.org")
    revoke(s, revoked)
    png = _download(award.ob2_png_url, tmp_path / "badge-ob2.png")
    svg = _download(award.ob2_svg_url, tmp_path / "badge-ob2.svg")
    assert unbake(png.read_bytes()).version == "ob2"
    email = "amina@example.org"
    plan = {
        "context": str(CONTEXT),
        "cases": [
            {"name": "hosted", "url": award.ob2_url, "email": email},
            {"name": "wrong_email", "url": award.ob2_url, "email": "zoe@example.org"},
            {"name": "png", "file": str(png), "email": email},
            {"name": "png_url", "url": award.ob2_png_url, "email": email},
            {"name": "svg", "file": str(svg), "email": email},
            {"name": "svg_url", "url": award.ob2_svg_url, "email": email},
            {"name": "svg_unbaked", "unbaked_file": str(svg), "email": email},
            {"name": "revoked", "url": revoked.ob2_url, "email": "karim@example.org"},
        ],
    }
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    completed = subprocess.run(
        [str(python), str(HARNESS), str(plan_file)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    outcome: dict[str, Any] = json.loads(completed.stdout)
    for name, result in outcome.items():
        assert result["error"] is None, f"{name}: {result['error']}"
    outcome["_award"] = award
    return outcome


def test_the_ob2_validator_accepts_what_the_server_publishes(results):
    # (a) The hosted assertion, checked against the right email.
    hosted = results["hosted"]
    assert hosted["report"]["valid"] is True, _messages(hosted)
    assert hosted["report"]["errorCount"] == 0
    assert hosted["report"]["recipientProfile"] == {"email": "amina@example.org"}

    # (b) Another email: the recipient check fails.
    wrong = results["wrong_email"]
    assert wrong["report"]["valid"] is False
    assert "VERIFY_RECIPIENT_IDENTIFIER" in {m["name"] for m in _messages(wrong)}

    # (c) The baked OB 2.0 PNG downloaded from the server.
    png = results["png"]
    assert png["report"]["valid"] is True, _messages(png)
    assert png["report"]["errorCount"] == 0

    # The same PNG given by its address: the validator downloads and unbakes it.
    png_url = results["png_url"]
    assert png_url["report"]["valid"] is True, _messages(png_url)

    # (d) The baked OB 2.0 SVG. validator-core 1.1.2 cannot read baked SVGs: its
    # openbadges-bakery 1.2.4 returns the ``verify`` URL as bytes, which it does not
    # recognise as input (DETECT_INPUT_TYPE, "only URL, JSON, or JWS input implemented").
    # Accept that known failure, and only that one...
    for name in ("svg", "svg_url"):
        report = results[name]["report"]
        if not report["valid"]:
            assert {m["name"] for m in _messages(results[name])} == {"DETECT_INPUT_TYPE"}, name
            assert "NotImplementedError" in _messages(results[name])[0]["result"]
    # ...and check what the SVG carries the way a fixed bakery would hand it over (text).
    svg = results["svg_unbaked"]
    assert svg["report"]["valid"] is True, _messages(svg)
    assert svg["report"]["errorCount"] == 0

    # (e) A revoked award: its assertion answers 410 Gone with only ``revoked: true`` and
    # the reason. validator-core has no hosted revocation check of its own: it refuses the
    # answer because an assertion's required properties are missing from it.
    revoked = results["revoked"]
    assert revoked["report"]["valid"] is False
    missing = " ".join(m["result"] for m in _messages(revoked) if m["name"] == "VALIDATE_PROPERTY")
    assert "Required property recipient not present" in missing
