"""``manage.py backup`` and ``manage.py restore`` (acceptance 5 of #12).

A backup of a real installation (a volunteer with contributions and evidence files, issuers
with keys, awarded badges with their images, a portfolio with a released PDF), restored by
``manage.py restore`` in another process into a fresh database (a new SQLite file, never
migrated) and an empty storage, shows the same pages, holds the same badges (they verify with
the platform's verifier and with the independent JS one, and the restored keys still sign)
and the same files, byte for byte; a backup of the restored copy holds the same rows.

On PostgreSQL (the second pass of .ci/run), the original is PostgreSQL: its archive is
restored into SQLite as above, then that copy's archive into a new PostgreSQL database (a
territory moving from SQLite to PostgreSQL), whose own backup reads one repeatable-read
snapshot and still holds the same rows.

Then the refusals: exit status 1 and one line on stderr, nothing changed.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from accounts.models import User
from community.evidence import evidence_file_clean
from community.models import EvidenceKind, Visibility
from community.services.contributions import evidence_add
from config.backup.archive import MANIFEST
from portfolios.services.releases import portfolio_release_create
from tests.badges.factories.issuers import IssuerFactory
from tests.badges.test_js_verifier import js_verify
from tests.community.factories.contributions import pdf_bytes
from tests.community.factories.initiatives import image_upload
from tests.config.backup_probe import probe
from tests.portfolios.test_clr import clr_scene

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


# --- Helpers --------------------------------------------------------------------------------


def _environment(database_url: str, media: Path) -> dict[str, str]:
    """Another installation: its own database and storage, the same secrets as this one."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CACHE_", "EMAIL_", "MEDIA_", "TASKS_", "SIGNING_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media),
            "SITE_URL": settings.SITE_URL,
            "SIGNING_KEY_ENCRYPTION_KEY": settings.SIGNING_KEY_ENCRYPTION_KEY.hex(),
            "CACHE_URL": "locmem://",
            "EMAIL_URL": "memory://",
            "TASKS_BACKEND": "immediate",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _probe_in(env: dict[str, str], paths: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.config.backup_probe", "--write", *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _backup_here(path: Path) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    call_command("backup", str(path), stdout=out, stderr=err)
    return json.loads(out.getvalue())


def _restore_here(path: Path, *args: str) -> CommandError:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert refused.value.returncode == 1
    return refused.value


def _manifest(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(MANIFEST))


def _rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of an archive, by model (JSON objects: their keys' order does not matter)."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        return {
            entry["label"]: [
                json.loads(line) for line in archive.read(entry["entry"]).splitlines() if line
            ]
            for entry in manifest["models"]
        }


def _rewrite(source: Path, target: Path, change: dict[str, bytes]) -> Path:
    """A copy of an archive with some entries' content replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info, change.get(info.filename, old.read(info.filename)))
    return target


def _with_manifest(source: Path, target: Path, **changes: Any) -> Path:
    manifest = {**_manifest(source), **changes}
    return _rewrite(source, target, {MANIFEST: json.dumps(manifest).encode()})


def _js_verifier_ready() -> bool:
    installed = (ROOT / "verifier-js" / "node_modules" / "@digitalbazaar" / "vc").is_dir()
    return bool(shutil.which("node")) and installed


@contextmanager
def _new_postgresql_database() -> Iterator[str]:
    """An empty database on the server the tests use, dropped afterwards."""
    import psycopg

    params = connection.settings_dict
    name = f"jalons_restore_{secrets.token_hex(4)}"
    admin = psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"],
        password=params["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        credentials = f"{quote(params['USER'], safe='')}:{quote(params['PASSWORD'], safe='')}"
        yield f"postgres://{credentials}@{params['HOST']}:{params['PORT']}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# --- The installation -----------------------------------------------------------------------


@pytest.fixture
def installation(default_framework) -> dict[str, Any]:
    """Amina's portfolio scene, with evidence files (a PDF, an image) and a released PDF."""
    scene = clr_scene(default_framework)
    contribution = scene.contributions[0]
    evidence_add(
        contribution=contribution,
        by=scene.owner,
        kind=EvidenceKind.FILE,
        title="Attestation",
        visibility=Visibility.PUBLIC,
        file=evidence_file_clean(
            SimpleUploadedFile("attestation.pdf", pdf_bytes(), content_type="application/pdf")
        ),
    )
    evidence_add(
        contribution=contribution,
        by=scene.owner,
        kind=EvidenceKind.FILE,
        title="Photo de l'atelier",
        visibility=Visibility.ENDORSERS,
        file=evidence_file_clean(image_upload("atelier.jpg")),
    )
    release = portfolio_release_create(portfolio=scene.portfolio)
    # Rows that name content types and permissions, whose numbers differ elsewhere.
    reviewers = Group.objects.create(name="Relecteurs")
    reviewers.permissions.set(Permission.objects.filter(codename__in=["view_award", "view_issuer"]))
    scene.leader.groups.add(reviewers)
    scene.leader.user_permissions.add(Permission.objects.get(codename="change_issuer"))
    LogEntry.objects.create(
        user=scene.leader,
        content_type=ContentType.objects.get_for_model(type(scene.issuer)),
        object_id=str(scene.issuer.pk),
        object_repr=scene.issuer.name,
        action_flag=CHANGE,
    )
    award = scene.awards[0]
    paths = [
        award.get_absolute_url(),
        reverse("badges:award_ob3", kwargs={"uuid": award.uuid}),
        reverse("badges:ob2_assertion", kwargs={"uuid": award.uuid}),
        reverse("badges:award_png", kwargs={"uuid": award.uuid}),
        scene.issuer.get_absolute_url(),
        scene.territory.get_absolute_url(),
        reverse("portfolios:release_verify", kwargs={"uuid": release.uuid}),
        reverse("portfolios:release_clr", kwargs={"uuid": release.uuid}),
        default_framework.framework.get_absolute_url(),
        scene.initiative.get_absolute_url(),
    ]
    return {"scene": scene, "release": release, "paths": paths}


def _assert_same(original: dict[str, Any], restored: dict[str, Any]) -> None:
    for path, page in original["pages"].items():
        assert page["status"] == 200, path
        again = restored["pages"][path]
        difference = difflib.unified_diff(
            page["body"].splitlines(), again["body"].splitlines(), lineterm="", n=1
        )
        assert again == page, f"{path}:\n" + "\n".join(list(difference)[:40])
    assert restored["awards"].keys() == original["awards"].keys()
    for uuid, award in original["awards"].items():
        assert award["state"] == "valid"
        assert restored["awards"][uuid]["state"] == "valid"
        assert restored["awards"][uuid]["credential"] == award["credential"]
    assert restored["files"] == original["files"]


def test_backup_then_restore_gives_the_same_pages_badges_and_files(installation, tmp_path):
    paths = installation["paths"]
    original = probe(paths)
    folders = {path.split("/")[0] for path in original["files"]}
    assert {"evidence", "badges", "portfolios"} <= folders  # files, images and PDFs
    archive = tmp_path / "original.zip"
    summary = _backup_here(archive)
    assert summary["archive"] == str(archive) and summary["missing_files"] == []
    assert summary["files"] == len(original["files"])
    rows = _rows(archive)
    assert sorted(row["fields"]["permission"] for row in rows["auth.group_permissions"]) == [
        ["view_award", "badges", "award"],
        ["view_issuer", "badges", "issuer"],
    ]
    assert rows["admin.logentry"][0]["fields"]["content_type"] == ["badges", "issuer"]
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # personal data: the owner only

    # A new SQLite file that nobody migrated, an empty storage.
    sqlite = _environment(f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "media-a")
    done = _manage(sqlite, "restore", archive)
    assert done.returncode == 0, done.stderr
    restored = json.loads(done.stdout)
    assert (restored["rows"], restored["files"]) == (summary["rows"], summary["files"])
    assert restored["source_database"] == connection.vendor
    assert restored["database"] == "sqlite"
    # The restored copy's own backup (a SQLite read transaction) holds the same rows.
    again = tmp_path / "again.zip"
    done = _manage(sqlite, "backup", again, "--quiet")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert _manifest(again)["database"]["snapshot"] == "deferred read transaction"
    assert _rows(again) == _rows(archive)
    probed = _probe_in(sqlite, paths)
    _assert_same(original, probed)
    assert probed["new_account"] > probed["latest_account"]

    if connection.vendor == "postgresql":
        # SQLite → PostgreSQL: the copy's archive into a new PostgreSQL database.
        with _new_postgresql_database() as url:
            postgresql = _environment(url, tmp_path / "media-b")
            done = _manage(postgresql, "restore", again, "--quiet")
            assert done.returncode == 0 and done.stderr == "", done.stderr
            third = tmp_path / "third.zip"
            assert _manage(postgresql, "backup", third).returncode == 0
            assert _manifest(third)["database"]["snapshot"] == "repeatable read, read only on"
            assert _rows(third) == _rows(archive)
            on_postgresql = _probe_in(postgresql, paths)
            _assert_same(original, on_postgresql)
            # The sequences follow the restored rows: a new account gets the next number.
            assert on_postgresql["new_account"] > on_postgresql["latest_account"]

    # The restored badges verify with the independent verifier too, each with its issuer's
    # documents and a status list that the restored keys signed just now.
    if _js_verifier_ready() or os.environ.get("CI"):
        checks = [(award["credential"], award["documents"]) for award in probed["awards"].values()]
        answers = js_verify(checks, tmp_path)
        assert [answer["verified"] for answer in answers] == [True] * len(checks), answers


# --- Refusals --------------------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path, volunteer, default_framework) -> Path:
    """A small archive: the framework, Amina, an issuer with its key and an image."""
    IssuerFactory(image=image_upload("logo.png", fmt="PNG"))
    path = tmp_path / "small.zip"
    _backup_here(path)
    return path


def _nothing_written() -> bool:
    return not any(path.is_file() for path in Path(settings.MEDIA_ROOT).rglob("*"))


def test_a_database_with_accounts_is_refused(archive):
    assert User.objects.count() == 1
    shutil.rmtree(settings.MEDIA_ROOT)
    refused = _restore_here(archive)
    assert str(refused) == (
        "The database is not empty (it has 1 account): restore into a new, empty database, or "
        "pass --replace to overwrite its data."
    )
    assert User.objects.count() == 1
    assert _nothing_written()


def test_a_storage_with_files_is_refused(archive):
    """No account left in the database, but the issuer's image is still in the storage."""
    User.objects.all().delete()
    refused = _restore_here(archive)
    assert str(refused).startswith("The storage is not empty (it holds badges/issuers/")
    assert str(refused).endswith(
        "restore into an empty storage, or pass --replace to overwrite files of the same name."
    )
    assert not User.objects.exists()


def test_replace_restores_over_an_installation(archive, volunteer):
    """``--replace``: the rows of the archive replace those of the database."""
    before = _rows(archive)
    User.objects.filter(pk=volunteer.pk).update(display_name="Someone else")
    out = io.StringIO()
    call_command("restore", str(archive), "--replace", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["rows"] == sum(len(rows) for rows in before.values())
    volunteer.refresh_from_db()
    assert volunteer.display_name == "Amina"


def test_a_changed_entry_is_refused(archive, tmp_path):
    label = "accounts.user"
    with zipfile.ZipFile(archive) as old:
        rows = old.read(f"data/{label}.jsonl").replace(b"Amina", b"Anima")
    changed = _rewrite(archive, tmp_path / "changed.zip", {f"data/{label}.jsonl": rows})
    refused = _restore_here(changed)
    assert str(refused) == (
        f"This archive is damaged: data/{label}.jsonl does not match its SHA-256 in the manifest."
    )


def test_a_damaged_file_entry_is_refused(archive, tmp_path):
    """One byte changed inside a stored file: the ZIP's own checksum catches it."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as old:
        [info] = [info for info in old.infolist() if info.filename.startswith("files/")]
        assert info.compress_type == zipfile.ZIP_STORED
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.file_size // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    refused = _restore_here(damaged)
    assert str(refused) == f"This archive is damaged: {info.filename} cannot be read."


def test_a_truncated_archive_is_refused(archive, tmp_path):
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refused = _restore_here(truncated)
    assert "is not a Jalons backup: it is not a ZIP archive, or it is truncated" in str(refused)


def test_another_format_version_is_refused(archive, tmp_path):
    refused = _restore_here(_with_manifest(archive, tmp_path / "v2.zip", format_version=2))
    assert str(refused) == (
        "This backup has format version 2; this version of Jalons restores format version 1 only."
    )


def test_an_archive_of_a_newer_jalons_is_refused(archive, tmp_path):
    migrations = _manifest(archive)["migrations"]
    migrations["badges"] = [*migrations["badges"], "9999_from_the_future"]
    refused = _restore_here(_with_manifest(archive, tmp_path / "new.zip", migrations=migrations))
    assert "made by a newer version of Jalons" in str(refused)
    assert "badges.9999_from_the_future" in str(refused)


def test_another_signing_key_encryption_key_is_refused(archive, settings):
    """The keys were encrypted with this installation's key: under another they would be lost."""
    original_key = settings.SIGNING_KEY_ENCRYPTION_KEY
    settings.SIGNING_KEY_ENCRYPTION_KEY = secrets.token_bytes(32)
    refused = _restore_here(archive)
    assert str(refused).startswith("The signing key z6Mk")
    assert "cannot be decrypted here: This signing key was encrypted with another key" in str(
        refused
    )
    assert "SIGNING_KEY_ENCRYPTION_KEY" in str(refused)
    # With the old key among the fallbacks, the keys decrypt: the next check speaks.
    settings.SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS = [original_key]
    assert str(_restore_here(archive)).startswith("The database is not empty")


def test_the_command_line_exit_statuses(archive, tmp_path):
    """0 done, 1 refused with one line on stderr and nothing on stdout, 2 wrong usage; a
    storage with files is refused before the database is even migrated."""
    media = tmp_path / "not-empty"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "old.pdf").write_bytes(b"%PDF-1.7")
    env = _environment(f"sqlite:///{tmp_path / 'new.sqlite3'}", media)

    done = _manage(env, "restore", archive, "--quiet")
    assert done.returncode == 1 and done.stdout == ""
    # In the installation's language (French by default): the words are checked in English
    # above, here the line and the file it names.
    [line] = done.stderr.splitlines()
    assert line.startswith("CommandError: ") and "evidence/old.pdf" in line
    with sqlite3.connect(tmp_path / "new.sqlite3") as untouched:  # not even migrated
        assert untouched.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)

    done = _manage(env, "restore")
    assert done.returncode == 2 and done.stdout == ""
    assert "archive" in done.stderr


# --- Backups ---------------------------------------------------------------------------------


def test_a_file_missing_from_the_storage_is_reported(tmp_path, volunteer, default_framework):
    issuer = IssuerFactory(image=image_upload("logo.png", fmt="PNG"))
    issuer.image.storage.delete(issuer.image.name)
    out, err = io.StringIO(), io.StringIO()
    call_command("backup", str(tmp_path), "--quiet", stdout=out, stderr=err)
    summary = json.loads(out.getvalue())
    assert summary["missing_files"] == [issuer.image.name]
    assert err.getvalue().splitlines() == [
        f"Warning: {issuer.image.name} is named in the database but missing from the storage: "
        "the archive does not hold it."
    ]
    archive = Path(summary["archive"])
    assert archive.parent == tmp_path and archive.name.startswith("jalons-backup-")
    manifest = _manifest(archive)
    assert manifest["missing_files"] == [
        {"name": issuer.image.name, "fields": ["badges.issuer.image"]}
    ]
    assert manifest["files"] == []
    # Restoring that archive says so too.
    out = io.StringIO()
    call_command("restore", str(archive), "--replace", "--quiet", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["warnings"] == [
        f"1 file named by the rows was already missing when the backup was made "
        f"({issuer.image.name}): it is not restored."
    ]
    assert err.getvalue().splitlines()[-1].startswith("Warning: 1 file named by the rows")


def test_the_manifest_describes_the_archive(archive):
    manifest = _manifest(archive)
    assert manifest["format"] == "jalons-backup" and manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["site_url"] == settings.SITE_URL
    assert "0001_initial" in manifest["migrations"]["accounts"]
    counts = {entry["label"]: entry["count"] for entry in manifest["models"]}
    assert counts["accounts.user"] == User.objects.count()
    assert counts["badges.signingkey"] == 1
    assert "contenttypes.contenttype" not in counts and "sessions.session" not in counts
    assert "auth.permission" not in counts and "accounts.user_groups" in counts
    [image] = manifest["files"]
    with zipfile.ZipFile(archive) as opened:
        content = opened.read(image["entry"])
    assert hashlib.sha256(content).hexdigest() == image["sha256"]
    assert image["fields"] == ["badges.issuer.image"]


def test_an_existing_archive_is_never_overwritten(archive):
    before = archive.read_bytes()
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    assert refused.value.returncode == 1
    assert str(refused.value) == f"{archive} already exists: choose another name."
    assert archive.read_bytes() == before
    # Nor is an archive being written (or left half-written by a backup that was killed).
    partial = archive.with_name(".next.zip.partial")
    partial.write_bytes(b"PK")
    with pytest.raises(CommandError) as refused:
        call_command(
            "backup", str(archive.with_name("next.zip")), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert str(refused.value).startswith(f"Another backup is writing {partial}")
    assert partial.read_bytes() == b"PK" and not archive.with_name("next.zip").exists()
