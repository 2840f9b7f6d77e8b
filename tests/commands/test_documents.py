"""#18, acceptance 1: the commands that print a document for another program print that
document and nothing else on stdout, run as real processes in the default development
settings (``manage.py award_badge … | jq .`` must work).

``generate_scale_data`` is run the same way by tests/config/test_scale_data.py
(``test_stdout_is_one_json_document``): it needs a database without other accounts.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from tests.commands.conftest import first_uuid
from tests.commands.process import Installation, manage, manage_bytes, outbox_files

BADGE_CLASS = "SELECT uuid FROM badges_badgeclass ORDER BY id"
VERSION = "SELECT uuid FROM competences_frameworkversion ORDER BY id"


def one_json_line(stdout: str) -> Any:
    """stdout is exactly one JSON document on one line, ended by a newline."""
    assert stdout.endswith("\n") and stdout.count("\n") == 1, stdout[:2000]
    return json.loads(stdout)


def test_award_badge_prints_one_json_object_and_its_email_goes_to_the_outbox(
    installation: Installation, clean_outbox: list[Path]
) -> None:
    badge = first_uuid(installation, BADGE_CLASS)
    done = manage(
        installation, "award_badge", "--badge", str(badge), "--email", "amina@example.org"
    )
    emails = outbox_files(done.stderr)
    clean_outbox.extend(path for _to, path in emails)
    assert done.returncode == 0, done.stderr

    award = one_json_line(done.stdout)
    assert award["badge"]["uuid"] == str(badge)
    assert award["recipient"] == "amina@example.org"
    assert award["urls"]["page"].startswith("http://127.0.0.1:8000/")

    # The notification that used to be printed on stdout is a file, announced on stderr.
    assert [to for to, _path in emails] == ["amina@example.org"], done.stderr
    message = emails[0][1].read_text(encoding="utf-8")
    assert "To: amina@example.org" in message


def test_framework_export_prints_the_case_package_and_nothing_else(
    installation: Installation,
) -> None:
    version = first_uuid(installation, VERSION)
    done = manage_bytes(installation, "framework_export", "--version", str(version))
    assert done.returncode == 0, done.stderr
    package = json.loads(done.stdout.decode("utf-8"))
    assert package["CFDocument"]["identifier"] == str(version)
    assert package["CFItems"]


def test_framework_export_prints_the_csv_file_and_nothing_else(installation: Installation) -> None:
    version = first_uuid(installation, VERSION)
    done = manage_bytes(
        installation, "framework_export", "--version", str(version), "--format", "csv"
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert text.startswith("\ufeff") and text.endswith("\r\n")  # docs/exchange-csv.md
    rows = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert "version_uuid" in header
    assert len(body) > 10
    assert all(len(row) == len(header) for row in body), "every line is a row of the file"
    assert str(version) in {row[header.index("version_uuid")] for row in body}


def test_apply_retention_json_is_one_object_and_quiet_is_silent(installation: Installation) -> None:
    done = manage(installation, "apply_retention", "--dry-run", "--json")
    assert done.returncode == 0, done.stderr
    report = one_json_line(done.stdout)
    assert report["dry_run"] is True and report["rules"]
    assert "unverified_accounts" in {rule["key"] for rule in report["rules"]}
    assert "unverified_accounts" in done.stderr  # the progress, on stderr

    quiet = manage(installation, "apply_retention", "--dry-run", "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_backup_prints_one_json_object_and_quiet_keeps_stderr_empty(
    installation: Installation, tmp_path: Path
) -> None:
    done = manage(installation, "backup", tmp_path, "--quiet")
    assert done.returncode == 0, done.stderr
    summary = one_json_line(done.stdout)
    assert Path(summary["archive"]).parent == tmp_path and Path(summary["archive"]).is_file()
    assert summary["rows"] > 0 and summary["files"] > 0
    assert done.stderr == ""


def test_load_communes_prints_one_json_object_and_its_progress_on_stderr(
    installation: Installation,
) -> None:
    done = manage(installation, "load_communes", "--department", "21")
    assert done.returncode == 0, done.stderr
    summary = one_json_line(done.stdout)
    assert summary["departments"] == ["21"] and summary["created"] + summary["updated"] > 600
    assert done.stderr.strip()  # the progress
    quiet = manage(installation, "load_communes", "--department", "21", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert one_json_line(quiet.stdout)["created"] == 0  # loaded already: updated in place
