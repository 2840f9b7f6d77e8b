"""#18, acceptance 2: each command refuses one bad input with exit code 1, nothing on stdout
and one line on stderr, ``CommandError: <reason>`` (docs/commands.md); wrong usage exits 2.

The reasons are in the installation's language (French by default): the tests check the
line's form and that it names what was refused, not its words.
"""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

from tests.commands.process import Installation, manage

UNKNOWN = str(uuid.UUID(int=18))


def refused_line(done: subprocess.CompletedProcess[str], *, code: int = 1) -> str:
    """The one line of stderr of a refused command, which printed nothing on stdout."""
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("CommandError: ") and len(lines[0]) > len("CommandError: ") + 10
    return lines[0]


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (
            ("award_badge", "--badge", "no-such-badge", "--email", "a@example.org"),
            {},
            "no-such-badge",
        ),
        (("framework_export", "--version", UNKNOWN), {}, UNKNOWN),
        (("framework_import", "-", "--framework", "no-such-framework"), {}, "no-such-framework"),
        # What to do, on the same line: keep the address the demo was made for, or start again.
        (("demo_data",), {"SITE_URL": "http://127.0.0.1:8811"}, "SITE_URL=http://127.0.0.1:8000"),
        (("generate_scale_data", "--quiet"), {}, "--append"),
        (("apply_retention", "--only", "no_such_rule"), {}, "no_such_rule"),
        (("load_communes", "--department", "9Z", "--quiet"), {}, "9Z"),
        (
            ("db_worker", "--exclude-queues", "emails"),
            {"TASKS_BACKEND": "database"},
            "--queue-name",
        ),
    ],
    ids=lambda value: value[0] if isinstance(value, tuple) else None,
)
def test_a_refused_input_exits_1_with_one_line(
    installation: Installation, args: tuple[str, ...], env: dict[str, str], named: str
) -> None:
    line = refused_line(manage(installation, *args, **env))
    assert named in line, line


def test_backup_into_a_missing_folder_is_refused(
    installation: Installation, tmp_path: Path
) -> None:
    missing = tmp_path / "missing"
    line = refused_line(manage(installation, "backup", missing / "backup.zip"))
    assert str(missing) in line
    assert not missing.exists()


def test_restore_of_a_missing_archive_is_refused(
    installation: Installation, tmp_path: Path
) -> None:
    archive = tmp_path / "none.zip"
    line = refused_line(manage(installation, "restore", archive))
    assert str(archive) in line


def test_load_default_framework_has_nothing_to_refuse(installation: Installation) -> None:
    """It never refuses: the framework is there afterwards, created or not (exit 0)."""
    done = manage(installation, "load_default_framework")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 1, done
    assert done.stderr == ""
    extra = manage(installation, "load_default_framework", "now")
    assert extra.returncode == 2 and extra.stdout == ""
    assert "now" in extra.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("award_badge", "--badge", "accueil"), "--email"),
        (("framework_export", "--version"), "--version"),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, tuple) else None,
)
def test_wrong_usage_exits_2_with_the_usage(
    installation: Installation, args: tuple[str, ...], named: str
) -> None:
    done = manage(installation, *args)
    assert done.returncode == 2 and done.stdout == "", done
    assert done.stderr.startswith("usage: manage.py " + args[0])
    assert named in done.stderr.splitlines()[-1]


def test_db_worker_without_the_database_backend_is_a_usage_error(
    installation: Installation,
) -> None:
    """In development (TASKS_BACKEND=thread) there is no queue to work on."""
    done = manage(installation, "db_worker", "--batch")
    assert done.returncode == 2 and done.stdout == "", done
    assert "is not a database backend" in done.stderr.splitlines()[-1]
