"""``manage.py restore ARCHIVE [--replace] [--quiet]``: a backup into an empty installation.

Checks everything first (the archive whole, its format and migrations known here, the
signing keys readable with this ``SIGNING_KEY_ENCRYPTION_KEY``, the database and the storage
empty), then migrates the database to the archive's state, writes the files, loads the rows
in one transaction and applies the later migrations (``config.backup.load``). Prints one
JSON object on stdout; progress and warnings go to stderr (``--quiet``: warnings only).
Exit status: 0 done, 1 refused (one line on stderr says why; nothing was changed), 2 wrong
usage. docs/operations.md#backup-and-restore.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from config.backup.archive import Refused
from config.backup.load import backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of manage.py backup (database and stored files) into an empty "
        "installation: a new database (migrated or not) and an empty storage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The archive that manage.py backup wrote.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Restore even though the database or the storage is not empty: every row of "
                "the backed-up tables is replaced, files of the same name are overwritten."
            ),
        )
        parser.add_argument(
            "--database", default="default", help="The database to restore into (default: default)."
        )
        parser.add_argument(
            "--quiet", action="store_true", help="No progress on stderr (warnings still)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0

        def progress(message: str) -> None:
            if not quiet:
                self.stderr.write(message, style_func=lambda text: text)

        try:
            summary = backup_restore(
                path=Path(options["archive"]),
                replace=options["replace"],
                using=options["database"],
                progress=progress,
            )
        except Refused as refused:
            raise CommandError(str(refused), returncode=1) from None
        for warning in summary.warnings:
            self.stderr.write(_("Warning: %(warning)s") % {"warning": warning})
        progress(
            _("Restored %(rows)d rows and %(files)d files from %(archive)s.")
            % {"rows": summary.rows, "files": summary.files, "archive": summary.archive}
        )
        self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
