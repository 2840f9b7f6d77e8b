"""#18, acceptance 3: docs/commands.md documents every management command of the project,
each with its output, its exit codes and an example, so that a new command cannot be
forgotten (the failure names it and its file)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.commands.process import ROOT

DOC = ROOT / "docs" / "commands.md"
SKIPPED = {".venv", ".venv-ob2", "node_modules", "verifier-js", "var", ".git"}
SECTION = re.compile(r"^## `(?P<name>[a-z0-9_]+)`$", re.MULTILINE)


def project_commands() -> dict[str, Path]:
    """Every ``<app>/management/commands/<name>.py`` of the project (not of its libraries)."""
    found = {}
    for path in sorted(ROOT.glob("*/management/commands/*.py")):
        if path.parts[len(ROOT.parts)] in SKIPPED or path.name.startswith("_"):
            continue
        found[path.stem] = path.relative_to(ROOT)
    return found


def documented() -> dict[str, str]:
    """Each command's section of docs/commands.md: its name and its text."""
    text = DOC.read_text(encoding="utf-8")
    matches = list(SECTION.finditer(text))
    return {
        match["name"]: text[match.end() : following.start() if following else len(text)]
        for match, following in zip(matches, [*matches[1:], None], strict=True)
    }


def test_the_project_has_its_commands() -> None:
    commands = project_commands()
    assert {"award_badge", "framework_export", "backup", "apply_retention"} <= set(commands)


def test_every_command_is_documented() -> None:
    sections = documented()
    missing = [
        f"manage.py {name} ({path}) has no section in docs/commands.md: add one titled "
        f'"## `{name}`" with what it prints'
        " on stdout and stderr, its exit codes and an example."
        for name, path in project_commands().items()
        if name not in sections
    ]
    assert not missing, "\n".join(missing)


def test_every_section_names_a_command_with_its_output_exit_codes_and_example() -> None:
    commands = project_commands()
    for name, text in documented().items():
        assert name in commands, f"docs/commands.md documents {name}, which no longer exists"
        for needed in ("**stdout**", "**Exit codes**", "```sh"):
            assert needed in text, f"docs/commands.md: the section of {name} lacks {needed}"
        assert f"manage.py {name}" in text, f"docs/commands.md: no example of {name}"
