"""``manage.py backup``: the database and the stored files, consistent, in one ZIP archive.

1. Every archived table is read inside one transaction, so that the rows agree with each
   other even while people use the platform: on PostgreSQL a ``REPEATABLE READ, READ ONLY``
   transaction (one snapshot for every query); on SQLite a deferred read transaction (in
   WAL mode a reader sees the database as it was when it started, and writers go on).
2. Then the files that those rows name (every ``FileField`` and ``ImageField``) are copied
   from the storage (local folder or S3-compatible: only the storage API is used). A file
   that a row names but the storage lacks is listed in the manifest and reported.
3. The archive is written under a temporary name and renamed when complete: an archive with
   its final name is always whole. It is readable by its owner only (it holds personal data).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers import python
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.backup.archive import (
    CHUNK,
    EXCLUDED_APPS,
    EXCLUDED_MODELS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    NATURAL_KEY_MODELS,
    HashingWriter,
    Refused,
    archived_models,
    data_entry,
    file_entry,
    model_label,
)

Progress = Callable[[str], None]

# Already compressed: stored as they are in the archive.
_COMPRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".zip", ".gz", ".svgz")


@dataclass
class BackupSummary:
    """What ``manage.py backup`` prints (as JSON) once the archive is written."""

    archive: str
    size: int
    created_at: str
    database: str
    rows: int
    tables: int
    files: int
    files_size: int
    missing_files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "archive": self.archive,
            "size": self.size,
            "created_at": self.created_at,
            "database": self.database,
            "rows": self.rows,
            "tables": self.tables,
            "files": self.files,
            "files_size": self.files_size,
            "missing_files": self.missing_files,
        }


def _silent(message: str) -> None:
    pass


def jalons_version() -> dict[str, str | None]:
    """The version in pyproject.toml and, in a git checkout, the commit."""
    version = None
    try:
        project = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text("utf-8"))
        version = str(project["project"]["version"])
    except (OSError, KeyError, ValueError):
        pass
    commit = None
    git = shutil.which("git")
    if git and (settings.BASE_DIR / ".git").exists():
        try:
            done = subprocess.run(  # noqa: S603 - our own checkout, a fixed command
                [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            done = None
        if done is not None and done.returncode == 0:
            commit = done.stdout.strip() or None
    return {"version": version, "commit": commit}


def _unapplied_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


@contextmanager
def snapshot(connection: BaseDatabaseWrapper) -> Iterator[str]:
    """One transaction whose reads all see the database at the same moment; yields how (for
    the manifest)."""
    if connection.in_atomic_block:
        # Called inside a transaction (a shell, a test): its view is the snapshot.
        with transaction.atomic(using=connection.alias):
            yield "the caller's transaction"
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                # The first statement of the transaction, as PostgreSQL requires.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute(
                    "SELECT current_setting('transaction_isolation'), "
                    "current_setting('transaction_read_only')"
                )
                isolation, read_only = cursor.fetchone()
            yield f"{isolation}, read only {read_only}"
    elif connection.vendor == "sqlite":
        # settings.py asks SQLite for IMMEDIATE transactions (they take the write lock):
        # a backup only reads, so it starts a DEFERRED one and writers are not held up.
        mode = getattr(connection, "transaction_mode", None)
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=connection.alias):
                yield "deferred read transaction"
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
    else:
        with transaction.atomic(using=connection.alias):
            yield "transaction"


class RowEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, but times keep their microseconds (it keeps milliseconds, so a
    restored row would differ from the original)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class RowWriter(python.Serializer):
    """Django's serialisation, one JSON line per row, with this archive's conventions.

    - Foreign keys keep their values, except those to content types and permissions, which
      name their target by natural key (the numbers differ in another installation).
    - Many-to-many fields are skipped: their tables are archived as models of their own.
    - The names of stored files are collected, with the fields that name them.
    """

    def __init__(
        self,
        *,
        natural_keys: dict[str, dict[Any, list[str]]],
        files: dict[str, set[str]],
        write: Callable[[bytes], None],
    ) -> None:
        super().__init__()
        self.natural_keys = natural_keys
        self.files = files
        self.write = write
        self.rows = 0
        self._buffer: list[str] = []

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        keys = self.natural_keys.get(model_label(field.remote_field.model))
        if keys is None:
            super().handle_fk_field(obj, field)
            return
        value = field.value_from_object(obj)
        self._row()[field.name] = None if value is None else keys[value]

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        return

    def _row(self) -> dict[str, Any]:
        """The fields of the row being written (typed ``None`` in the stubs)."""
        current: dict[str, Any] = self._current  # type: ignore[assignment]
        return current

    def handle_field(self, obj: models.Model, field: Any) -> None:
        super().handle_field(obj, field)
        if isinstance(field, models.FileField):
            name = self._row()[field.name]
            if name:
                self.files.setdefault(name, set()).add(f"{model_label(type(obj))}.{field.name}")

    def end_object(self, obj: models.Model) -> None:
        row = self.get_dump_object(obj)
        self._buffer.append(
            json.dumps(row, cls=RowEncoder, ensure_ascii=False, separators=(",", ":"))
        )
        self._current = None
        self.rows += 1
        if len(self._buffer) >= 500:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self.write(("\n".join(self._buffer) + "\n").encode("utf-8"))
            self._buffer = []


def _natural_keys(using: str) -> dict[str, dict[Any, list[str]]]:
    """Content types and permissions of this database: their numbers → their natural keys."""
    from_models = {model_label(model): model for model in _natural_key_models()}
    content_types = {
        pk: [app_label, model]
        for pk, app_label, model in from_models["contenttypes.contenttype"]
        ._base_manager.using(using)
        .values_list("pk", "app_label", "model")
    }
    permissions = {
        pk: [codename, *content_types[content_type]]
        for pk, codename, content_type in from_models["auth.permission"]
        ._base_manager.using(using)
        .values_list("pk", "codename", "content_type")
    }
    return {"contenttypes.contenttype": content_types, "auth.permission": permissions}


def _natural_key_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in NATURAL_KEY_MODELS]


def _zip_info(name: str, when: datetime, *, compress: bool = True) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o600 << 16
    return info


def _destination(path: Path, created: datetime) -> Path:
    if path.is_dir():
        return path / f"jalons-backup-{created:%Y%m%d-%H%M%S}.zip"
    if not path.parent.is_dir():
        raise Refused(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    return path


def backup_create(
    *, destination: Path, using: str = DEFAULT_DB_ALIAS, progress: Progress = _silent
) -> BackupSummary:
    """Write a backup archive at ``destination`` (a new file, or a folder to put it in)."""
    connection = connections[using]
    created = datetime.now(UTC).replace(microsecond=0)
    path = _destination(destination, created)
    if path.exists():
        raise Refused(_("%(path)s already exists: choose another name.") % {"path": path})
    unapplied = _unapplied_migrations(connection)
    if unapplied:
        raise Refused(
            ngettext(
                "The database lacks %(count)d migration (%(first)s): run manage.py migrate first.",
                "The database lacks %(count)d migrations (%(first)s…): run manage.py migrate "
                "first.",
                len(unapplied),
            )
            % {"count": len(unapplied), "first": unapplied[0]}
        )
    chosen = archived_models()
    tables = set(connection.introspection.table_names())
    missing_tables = [model_label(m) for m in chosen if m._meta.db_table not in tables]
    if missing_tables:
        raise Refused(
            _("The database has no table for %(models)s: a migration is missing (run manage.py "
              "makemigrations and migrate).") % {"models": ", ".join(missing_tables)}
        )  # fmt: skip
    partial = path.with_name(f".{path.name}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Refused(
            _("Another backup is writing %(partial)s, or one was interrupted: if none is "
              "running, delete that file.") % {"partial": partial}
        ) from None  # fmt: skip
    try:
        with os.fdopen(descriptor, "wb") as stream, zipfile.ZipFile(stream, "w") as archive:
            summary = _write(archive, connection, chosen, created, progress)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    summary.archive = str(path)
    summary.size = path.stat().st_size
    return summary


def _write(
    archive: zipfile.ZipFile,
    connection: BaseDatabaseWrapper,
    chosen: list[type[models.Model]],
    created: datetime,
    progress: Progress,
) -> BackupSummary:
    using = connection.alias
    files: dict[str, set[str]] = {}
    model_entries: list[dict[str, Any]] = []
    progress(_("Reading %(count)d tables in one transaction…") % {"count": len(chosen)})
    with snapshot(connection) as consistency:
        migrations: dict[str, list[str]] = {}
        recorder = MigrationRecorder(connection)
        for app, name in sorted(recorder.applied_migrations()):
            migrations.setdefault(app, []).append(name)
        natural_keys = _natural_keys(using)
        for model in chosen:
            label = model_label(model)
            with archive.open(
                _zip_info(data_entry(label), created), "w", force_zip64=True
            ) as entry:
                writer = HashingWriter(entry)
                rows = RowWriter(natural_keys=natural_keys, files=files, write=writer.write)
                queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
                rows.serialize(queryset.iterator(chunk_size=2000))
                rows.flush()
            model_entries.append(
                {
                    "label": label,
                    "entry": data_entry(label),
                    "count": rows.rows,
                    "size": writer.size,
                    "sha256": writer.sha256.hexdigest(),
                }
            )
    progress(
        _("%(rows)d rows read; copying %(files)d stored files…")
        % {"rows": sum(entry["count"] for entry in model_entries), "files": len(files)}
    )
    file_entries, missing = _copy_files(archive, files, chosen, created)
    created_at = created.isoformat()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created_at,
        "jalons": jalons_version(),
        "site_url": settings.SITE_URL,
        "database": {
            "vendor": connection.vendor,
            "version": ".".join(str(part) for part in connection.get_database_version()),
            "snapshot": consistency,
        },
        "migrations": migrations,
        "models": model_entries,
        "files": file_entries,
        "missing_files": [{"name": name, "fields": sorted(files[name])} for name in missing],
        "excluded": [*EXCLUDED_APPS, *EXCLUDED_MODELS],
    }
    archive.writestr(
        _zip_info(MANIFEST, created), json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    )
    return BackupSummary(
        archive="",
        size=0,
        created_at=created_at,
        database=connection.vendor,
        rows=sum(entry["count"] for entry in model_entries),
        tables=len(model_entries),
        files=len(file_entries),
        files_size=sum(entry["size"] for entry in file_entries),
        missing_files=missing,
    )


def _copy_files(
    archive: zipfile.ZipFile,
    files: dict[str, set[str]],
    chosen: list[type[models.Model]],
    created: datetime,
) -> tuple[list[dict[str, Any]], list[str]]:
    storages = {
        f"{model_label(model)}.{field.name}": field.storage
        for model in chosen
        for field in model._meta.local_fields
        if isinstance(field, models.FileField)
    }
    entries: list[dict[str, Any]] = []
    missing: list[str] = []
    for name in sorted(files):
        fields = sorted(files[name])
        storage = storages[fields[0]]
        if not storage.exists(name):
            missing.append(name)
            continue
        info = _zip_info(file_entry(name), created, compress=not name.endswith(_COMPRESSED))
        with storage.open(name, "rb") as source, archive.open(info, "w", force_zip64=True) as entry:
            writer = HashingWriter(entry)
            while chunk := source.read(CHUNK):
                writer.write(chunk)
        entries.append(
            {
                "name": name,
                "entry": file_entry(name),
                "size": writer.size,
                "sha256": writer.sha256.hexdigest(),
                "fields": fields,
            }
        )
    return entries, missing
