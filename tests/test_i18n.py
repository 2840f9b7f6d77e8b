"""Translation catalogues: French and English complete, no fuzzy entry, none missing.

`make messages` extracts strings and fills the English catalogue; French is
translated by hand. This test fails when a catalogue has an untranslated or
fuzzy entry, or when the code has a translatable string the catalogues lack.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("fr", "en")
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "var", "node_modules", "__pycache__", ".*_cache", "test-results", "*.mo"
)

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")


def _catalogue(language: str, root: Path = ROOT) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = _catalogue(language)
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "#, fuzzy" not in header


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Extract the strings of the current code into a copy of the project."""
    copy = tmp_path_factory.mktemp("i18n") / "project"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *[f"--locale={language}" for language in LANGUAGES],
            "--no-obsolete",
            "--add-location=file",
            "--verbosity=0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return copy


def _msgids(po: Path) -> set[str]:
    text = po.read_text(encoding="utf-8")
    ids = set()
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        joined = "\n".join(lines)
        match = re.search(r'(?:^|\n)msgctxt ((?:".*"\n?)+)', joined)
        context = match.group(1) if match else ""
        match = re.search(r'(?:^|\n)msgid ((?:".*"\n?)+)', joined)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if msgid:
                ids.add(context + "\x04" + msgid)
    return ids


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_contains_every_string_of_the_code(fresh_catalogues, language):
    missing = _msgids(_catalogue(language, fresh_catalogues)) - _msgids(_catalogue(language))
    readable = sorted(m.split("\x04", 1)[1] for m in missing)
    assert not readable, f"Run `make messages` and translate: {readable[:20]}"
