"""The backup archive: one ZIP file, read and written by ``manage.py backup`` and ``restore``.

Layout::

    manifest.json                   what the archive holds (below), written last
    data/<app>.<model>.jsonl        one JSON object per row, in primary key order
    files/<name in the storage>     each stored file that a row names, once

The manifest::

    {"format": "jalons-backup", "format_version": 1, "created_at": "…",
     "jalons": {"version": "0.1.0", "commit": "…" or null}, "site_url": "…",
     "database": {"vendor": "sqlite", "version": "3.40.1",
                  "snapshot": "deferred read transaction"},
     "migrations": {"accounts": ["0001_initial", …], …},
     "models": [{"label": "accounts.user", "entry": "data/accounts.user.jsonl",
                 "count": 12, "size": …, "sha256": "…"}, …],
     "files": [{"name": "evidence/2026/03/a.pdf", "entry": "files/evidence/2026/03/a.pdf",
                "size": …, "sha256": "…", "fields": ["community.evidence.file"]}, …],
     "missing_files": [{"name": …, "fields": […]}],
     "excluded": ["contenttypes", "sessions", "django_tasks_database", "auth.permission"]}

Rows are Django's serialisation (``{"model", "pk", "fields"}``) with primary keys kept, so
every link between rows survives. Content types and permissions are not backed up
(``migrate`` makes them, with other numbers): a row that points to one names it by its
natural key (``["badges", "award"]``). Many-to-many links are the rows of their own tables
(``accounts.user_groups``), not lists inside each row.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

FORMAT = "jalons-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_PREFIX = "data/"
FILES_PREFIX = "files/"
CHUNK = 1024 * 1024

# Not backed up: rebuilt by ``migrate`` (content types, permissions), or worth nothing in
# another installation (sessions: people sign in again; the task queue: a restored queue
# would run again work already done, such as emails already sent).
EXCLUDED_APPS = ("contenttypes", "sessions", "django_tasks_database")
EXCLUDED_MODELS = ("auth.permission",)
# Rows point to these by natural key, since their numbers differ between installations.
NATURAL_KEY_MODELS = ("contenttypes.contenttype", "auth.permission")


class Refused(Exception):
    """The archive, the installation or the command line does not allow the operation.

    The message is one line that says what to do; the commands exit with status 1.
    """


def model_label(model: type[models.Model]) -> str:
    """``accounts.user``, ``accounts.user_groups``: the label rows carry."""
    return str(model._meta).lower()


def archived_models() -> list[type[models.Model]]:
    """The models whose rows a backup holds, in the app registry's order."""
    chosen = []
    for model in apps.get_models(include_auto_created=True):
        options = model._meta
        if options.proxy or not options.managed or options.swapped:
            continue
        if options.app_label in EXCLUDED_APPS or model_label(model) in EXCLUDED_MODELS:
            continue
        chosen.append(model)
    return chosen


def file_fields() -> list[models.FileField]:
    """Every file (and image) field of the archived models."""
    return [
        field
        for model in archived_models()
        for field in model._meta.local_fields
        if isinstance(field, models.FileField)
    ]


def data_entry(label: str) -> str:
    return f"{DATA_PREFIX}{label}.jsonl"


def file_entry(name: str) -> str:
    return f"{FILES_PREFIX}{name}"


def safe_file_name(name: Any) -> bool:
    """A relative name inside the storage, as Django stores them (no ``..``, not absolute)."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    normal = posixpath.normpath(name)
    return normal == name and not name.startswith("/") and not normal.startswith("..")


class HashingWriter:
    """Writes to a binary stream and keeps the SHA-256 and size of what went through."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.sha256.update(data)
        self.size += len(data)
        self.stream.write(data)


# --- Reading an archive ------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    data: dict[str, Any]

    @property
    def models(self) -> list[dict[str, Any]]:
        return list(self.data["models"])

    @property
    def files(self) -> list[dict[str, Any]]:
        return list(self.data["files"])

    @property
    def migrations(self) -> dict[str, list[str]]:
        return dict(self.data["migrations"])

    def model(self, label: str) -> dict[str, Any] | None:
        return next((entry for entry in self.models if entry["label"] == label), None)


def archive_open(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise Refused(_("There is no archive at %(path)s.") % {"path": path})
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise Refused(
            _("%(path)s is not a Jalons backup: it is not a ZIP archive, or it is truncated.")
            % {"path": path}
        ) from None


def _malformed(problem: str) -> Refused:
    return Refused(
        _("This archive's manifest is malformed (%(problem)s): it was not made by manage.py "
          "backup, or it was changed.") % {"problem": problem}
    )  # fmt: skip


def _require(condition: bool, problem: str) -> None:
    if not condition:
        raise _malformed(problem)


def manifest_read(archive: zipfile.ZipFile) -> Manifest:
    """The manifest, once its format is known and its shape checked (``Refused`` if not)."""
    try:
        data = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise Refused(_("This ZIP file is not a Jalons backup: it has no manifest.json.")) from None
    except (ValueError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise _malformed("not readable JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Refused(
            _("This ZIP file is not a Jalons backup (its manifest names no known format).")
        )
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise Refused(
            _("This backup has format version %(found)s; this version of Jalons restores format "
              "version %(supported)s only.") % {"found": version, "supported": FORMAT_VERSION}
        )  # fmt: skip
    _require(isinstance(data.get("models"), list), "models")
    _require(isinstance(data.get("files"), list), "files")
    migrations = data.get("migrations")
    if not isinstance(migrations, dict):
        raise _malformed("migrations")
    for app, names in migrations.items():
        _require(isinstance(app, str) and isinstance(names, list), "migrations")
        _require(all(isinstance(name, str) for name in names), "migrations")
    for entry in data["models"]:
        _require(isinstance(entry, dict), "models")
        _require(isinstance(entry.get("label"), str), "a model's label")
        _require(entry.get("entry") == data_entry(entry["label"]), "a model's entry")
        _require(isinstance(entry.get("count"), int), "a model's count")
    for entry in data["files"]:
        _require(isinstance(entry, dict) and safe_file_name(entry.get("name")), "a file's name")
        _require(entry.get("entry") == file_entry(entry["name"]), "a file's entry")
        _require(isinstance(entry.get("fields"), list) and entry["fields"], "a file's fields")
    missing = data.get("missing_files", [])
    _require(isinstance(missing, list), "missing files")
    _require(all(isinstance(entry, dict) for entry in missing), "missing files")
    for entry in [*data["models"], *data["files"]]:
        _require(isinstance(entry.get("size"), int), "a size")
        _require(isinstance(entry.get("sha256"), str), "a SHA-256")
    return Manifest(data)


def entries_verify(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """Read every entry the manifest lists; ``Refused`` unless each has its size and SHA-256.

    The ZIP's own checksums (CRC-32) are checked on the way.
    """
    for entry in [*manifest.models, *manifest.files]:
        name = entry["entry"]
        digest = hashlib.sha256()
        size = 0
        try:
            with archive.open(name) as stream:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except KeyError:
            raise Refused(
                _("This archive is incomplete: %(entry)s is missing.") % {"entry": name}
            ) from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
            raise Refused(
                _("This archive is damaged: %(entry)s cannot be read.") % {"entry": name}
            ) from None
        if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise Refused(
                _("This archive is damaged: %(entry)s does not match its SHA-256 in the "
                  "manifest.") % {"entry": name}
            )  # fmt: skip


def records(archive: zipfile.ZipFile, manifest: Manifest, label: str) -> Iterator[dict[str, Any]]:
    """The rows of one model (``badges.signingkey``), as the archive holds them."""
    entry = manifest.model(label)
    if entry is None:
        return
    with archive.open(entry["entry"]) as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)
