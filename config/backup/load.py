"""``manage.py restore``: an archive of ``manage.py backup`` into an empty installation.

Nothing is changed before every check has passed:

1. the archive: a ZIP with a manifest of a known format, each entry whole (its size and
   SHA-256 as the manifest says);
2. this code knows every migration the archive's database had (else the archive comes from a
   newer Jalons: upgrade first);
3. the checks that apps registered (``config.backup.checks``: the signing keys decrypt with
   this installation's ``SIGNING_KEY_ENCRYPTION_KEY``);
4. the installation is empty: no account in the database, no file in the storage (unless
   ``replace``).

Then:

5. the database is migrated to the archive's migration state (exactly: a newer Jalons
   restores an older archive at its own state);
6. the files are written through the storage API and read back (SHA-256);
7. the rows are loaded in one transaction with the models of that state (tables first
   emptied of what migrations put in them; sequences reset on PostgreSQL): all or nothing;
   if it fails, the files just written are removed again;
8. the remaining migrations run, so that the data of an older archive goes through them.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import base, python
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.backup.archive import (
    CHUNK,
    Manifest,
    Refused,
    archive_open,
    archived_models,
    entries_verify,
    manifest_read,
    model_label,
    records,
)
from config.backup.checks import restore_problems

Progress = Callable[[str], None]

_SESSIONS_TABLE = "django_session"


@dataclass
class RestoreSummary:
    """What ``manage.py restore`` prints (as JSON) once the installation is restored."""

    archive: str
    created_at: str
    source_database: str
    database: str
    rows: int
    tables: int
    files: int
    files_size: int
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "archive": self.archive,
            "created_at": self.created_at,
            "source_database": self.source_database,
            "database": self.database,
            "rows": self.rows,
            "tables": self.tables,
            "files": self.files,
            "files_size": self.files_size,
            "warnings": self.warnings,
        }


def _silent(message: str) -> None:
    pass


# --- Checks ------------------------------------------------------------------------------


def _migration_targets(graph: MigrationGraph, manifest: Manifest) -> list[tuple[str, str]]:
    """The archive's last migration of each app; ``Refused`` when this code lacks one."""
    applied = {(app, name) for app, names in manifest.migrations.items() for name in names}
    unknown = sorted(node for node in applied if node not in graph.nodes)
    if unknown:
        app, name = unknown[0]
        raise Refused(
            _("This backup was made by a newer version of Jalons (its database had the "
              "migration %(migration)s, unknown here): install that version or a later one, "
              "then restore.") % {"migration": f"{app}.{name}"}
        )  # fmt: skip
    targets = []
    for app in sorted({app for app, _name in applied}):
        nodes = [node for node in applied if node[0] == app]
        target = max(nodes, key=lambda node: len(graph.forwards_plan(node)))
        lacking = [node for node in graph.forwards_plan(target) if node not in applied]
        if lacking:
            raise Refused(
                _("This archive's list of migrations is inconsistent (%(migration)s without "
                  "%(lacking)s): it was not made by manage.py backup, or it was changed.")
                % {"migration": ".".join(target), "lacking": ".".join(lacking[0])}
            )  # fmt: skip
        targets.append(target)
    return targets


def _accounts_in(connection: BaseDatabaseWrapper) -> int:
    user_model = next(m for m in archived_models() if m._meta.label == settings.AUTH_USER_MODEL)
    if user_model._meta.db_table not in connection.introspection.table_names():
        return 0
    return user_model._base_manager.using(connection.alias).count()


def _storages() -> list[Storage]:
    found: list[Storage] = []
    for model in archived_models():
        for model_field in model._meta.local_fields:
            if isinstance(model_field, models.FileField) and model_field.storage not in found:
                found.append(model_field.storage)
    return found


def _first_stored_file(storage: Storage, folder: str = "") -> str | None:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return None
    if files:
        return f"{folder}/{files[0]}" if folder else files[0]
    for name in folders:
        found = _first_stored_file(storage, f"{folder}/{name}" if folder else name)
        if found:
            return found
    return None


def _storage_for(manifest_file: dict[str, Any], fields: dict[str, models.FileField]) -> Storage:
    for label in manifest_file["fields"]:
        if label in fields:
            return fields[label].storage
    raise Refused(
        _("No field of this installation stores %(name)s (named by %(fields)s).")
        % {"name": manifest_file["name"], "fields": ", ".join(manifest_file["fields"])}
    )


def _check_empty(
    connection: BaseDatabaseWrapper,
    manifest: Manifest,
    fields: dict[str, models.FileField],
    replace: bool,
) -> None:
    if replace:
        return
    accounts = _accounts_in(connection)
    if accounts:
        raise Refused(
            ngettext(
                "The database is not empty (it has %(count)d account): restore into a new, "
                "empty database, or pass --replace to overwrite its data.",
                "The database is not empty (it has %(count)d accounts): restore into a new, "
                "empty database, or pass --replace to overwrite its data.",
                accounts,
            )
            % {"count": accounts}
        )
    for storage in _storages():
        try:
            found = _first_stored_file(storage)
        except NotImplementedError:  # a storage that cannot list: check the archive's names
            found = next(
                (
                    entry["name"]
                    for entry in manifest.files
                    if _storage_for(entry, fields) is storage and storage.exists(entry["name"])
                ),
                None,
            )
        if found:
            raise Refused(
                _("The storage is not empty (it holds %(name)s, for example): restore into an "
                  "empty storage, or pass --replace to overwrite files of the same name.")
                % {"name": found}
            )  # fmt: skip


# --- Changes -----------------------------------------------------------------------------


def _migrate_to(targets: list[tuple[str, str]], using: str) -> None:
    """``migrate <app> <migration>`` for each app: forwards on a new database, backwards when
    ``migrate`` was run first with a newer Jalons (the database is empty, nothing is lost)."""
    output = io.StringIO()
    for app, name in targets:
        call_command(
            "migrate", app, name, database=using, interactive=False, verbosity=0, stdout=output
        )


def _files_write(
    archive: zipfile.ZipFile,
    manifest: Manifest,
    fields: dict[str, models.FileField],
    written: list[tuple[Storage, str]],
) -> int:
    """Write every file of the archive through its storage and check what the storage holds."""
    size = 0
    for entry in manifest.files:
        storage = _storage_for(entry, fields)
        name = entry["name"]
        if storage.exists(name):
            storage.delete(name)  # only with --replace: the storage was empty otherwise
        with archive.open(entry["entry"]) as source:
            saved = storage.save(name, File(source, name=name))
        written.append((storage, saved))
        if saved != name:
            raise Refused(
                _("The storage saved %(name)s under another name (%(saved)s).")
                % {"name": name, "saved": saved}
            )
        digest = hashlib.sha256()
        with storage.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            raise Refused(
                _("The storage does not give back %(name)s as it was written (SHA-256 differs).")
                % {"name": name}
            )
        size += entry["size"]
    return size


class _RowReader(python.Deserializer):
    """Django's deserialisation with the models of the archive's migration state.

    Content types and permissions, named by natural key, are looked up (and created when this
    installation lacks them: a model removed since, say) with those models too.
    """

    def __init__(
        self,
        rows: Iterator[dict[str, Any]],
        *,
        historical: Apps,
        using: str,
        natural: dict[tuple[str, ...], int],
    ) -> None:
        super().__init__(rows, using=using)
        self.historical = historical
        self.database = using
        self.natural = natural

    def _get_model_from_node(self, model_identifier: str) -> type[models.Model]:
        try:
            return self.historical.get_model(model_identifier)
        except (LookupError, TypeError, ValueError):
            raise base.DeserializationError(
                f"Invalid model identifier: {model_identifier}"
            ) from None

    def _content_type(self, app_label: str, model: str) -> int:
        key = ("contenttypes.contenttype", app_label, model)
        if key not in self.natural:
            manager = self.historical.get_model("contenttypes", "ContentType")._base_manager
            found, _created = manager.db_manager(self.database).get_or_create(
                app_label=app_label, model=model
            )
            self.natural[key] = found.pk
        return self.natural[key]

    def _permission(self, codename: str, app_label: str, model: str) -> int:
        key = ("auth.permission", codename, app_label, model)
        if key not in self.natural:
            manager = self.historical.get_model("auth", "Permission")._base_manager
            found, _created = manager.db_manager(self.database).get_or_create(
                codename=codename,
                content_type_id=self._content_type(app_label, model),
                defaults={"name": codename},
            )
            self.natural[key] = found.pk
        return self.natural[key]

    def _handle_fk_field_node(self, field: Any, field_value: Any) -> Any:
        related = model_label(field.remote_field.model)
        if isinstance(field_value, list):
            if related == "contenttypes.contenttype":
                return self._content_type(*field_value)
            if related == "auth.permission":
                return self._permission(*field_value)
        return base.deserialize_fk_value(field, field_value, self.database, False)


def _historical_models(
    manifest: Manifest, targets: list[tuple[str, str]]
) -> tuple[Apps, list[Any]]:
    """The models of the archive's migration state, one per archived table, in its order."""
    historical = MigrationLoader(None).project_state(targets).apps
    found = []
    for entry in manifest.models:
        try:
            found.append(historical.get_model(entry["label"]))
        except LookupError:
            raise Refused(
                _("The archive holds rows of %(model)s, a model this installation does not have "
                  "at the archive's migration state.") % {"model": entry["label"]}
            ) from None  # fmt: skip
    return historical, found


def _rows_load(
    archive: zipfile.ZipFile,
    manifest: Manifest,
    models_at_state: tuple[Apps, list[Any]],
    connection: BaseDatabaseWrapper,
    *,
    replace: bool,
    progress: Progress,
) -> int:
    historical, loaded = models_at_state
    using = connection.alias
    tables = [model._meta.db_table for model in loaded]
    flushed = list(tables)
    if replace and _SESSIONS_TABLE in connection.introspection.table_names():
        flushed.append(_SESSIONS_TABLE)  # the sessions of the replaced accounts
    natural: dict[tuple[str, ...], int] = {}
    count = 0
    with transaction.atomic(using=using):
        # Inside a caller's transaction (a test), rows it wrote may still have foreign key
        # checks pending, and PostgreSQL empties no table then: run them now.
        connection.check_constraints()
        # What migrations put in the archived tables (the default framework) is in the
        # archive too, as the source installation had it.
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), flushed, reset_sequences=False)
        )
        for entry in manifest.models:
            if entry["count"]:
                progress(f"  {entry['label']}: {entry['count']}")
            reader = _RowReader(
                records(archive, manifest, entry["label"]),
                historical=historical,
                using=using,
                natural=natural,
            )
            for row in reader:
                row.save(using=using, force_insert=True)
                count += 1
        connection.check_constraints(table_names=tables)
        sequences = connection.ops.sequence_reset_sql(no_style(), loaded)
        if sequences:
            with connection.cursor() as cursor:
                for statement in sequences:
                    cursor.execute(statement)
    return count


def backup_restore(
    *,
    path: Path,
    replace: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    progress: Progress = _silent,
) -> RestoreSummary:
    """Restore the archive at ``path`` into this installation (see the module's docstring)."""
    connection = connections[using]
    with archive_open(path) as archive:
        manifest = manifest_read(archive)
        progress(_("Checking the archive (%(created)s, %(vendor)s)…") % {
            "created": manifest.data.get("created_at"),
            "vendor": manifest.data.get("database", {}).get("vendor"),
        })  # fmt: skip
        entries_verify(archive, manifest)
        targets = _migration_targets(MigrationLoader(None).graph, manifest)
        models_at_state = _historical_models(manifest, targets)
        problems = restore_problems(lambda label: records(archive, manifest, label))
        if problems:
            raise Refused(problems[0])
        fields = {
            f"{model_label(model)}.{model_field.name}": model_field
            for model in archived_models()
            for model_field in model._meta.local_fields
            if isinstance(model_field, models.FileField)
        }
        for entry in manifest.files:
            _storage_for(entry, fields)
        _check_empty(connection, manifest, fields, replace)
        warnings = []
        missing = manifest.data.get("missing_files") or []
        if missing:
            warnings.append(
                ngettext(
                    "%(count)d file named by the rows was already missing when the backup was "
                    "made (%(name)s): it is not restored.",
                    "%(count)d files named by the rows were already missing when the backup was "
                    "made (%(name)s…): they are not restored.",
                    len(missing),
                )
                % {"count": len(missing), "name": missing[0].get("name", "?")}
            )
        if manifest.data.get("site_url") not in (None, settings.SITE_URL):
            warnings.append(
                _("The backup was made at %(old)s and SITE_URL is now %(new)s: badges and "
                  "portfolios name their addresses at %(old)s, so they verify only there.")
                % {"old": manifest.data["site_url"], "new": settings.SITE_URL}
            )  # fmt: skip

        progress(_("Migrating the database to the archive's state…"))
        _migrate_to(targets, using)
        progress(_("Writing %(count)d files to the storage…") % {"count": len(manifest.files)})
        written: list[tuple[Storage, str]] = []
        try:
            files_size = _files_write(archive, manifest, fields, written)
            progress(_("Loading the rows in one transaction…"))
            try:
                rows = _rows_load(
                    archive,
                    manifest,
                    models_at_state,
                    connection,
                    replace=replace,
                    progress=progress,
                )
            except (base.DeserializationError, DatabaseError, ValidationError, ValueError) as error:
                reason = (
                    str(error).strip().splitlines()[0]
                    if str(error).strip()
                    else type(error).__name__
                )
                raise Refused(
                    _("The rows could not be loaded (%(reason)s): nothing was restored.")
                    % {"reason": reason}
                ) from error
        except BaseException:
            for storage, name in written:
                storage.delete(name)
            raise
    progress(_("Applying this version's later migrations…"))
    call_command("migrate", database=using, interactive=False, verbosity=0, stdout=io.StringIO())
    return RestoreSummary(
        archive=str(path),
        created_at=str(manifest.data.get("created_at")),
        source_database=str(manifest.data.get("database", {}).get("vendor")),
        database=connection.vendor,
        rows=rows,
        tables=len(manifest.models),
        files=len(manifest.files),
        files_size=files_size,
        warnings=warnings,
    )
