"""``manage.py backup DESTINATION [--quiet]``: the database and the stored files in one archive.

DESTINATION is the ZIP file to create, or an existing folder (the archive is then named
``jalons-backup-<UTC date>-<time>.zip`` in it). Prints one JSON object on stdout (the
archive, its size, how many rows and files); progress and warnings go to stderr, and
``--quiet`` keeps only the warnings. Exit status: 0 done, 1 refused (one line on stderr
says why), 2 wrong usage. docs/operations.md#backup-and-restore.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from config.backup.archive import Refused
from config.backup.dump import backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the stored files (evidence, images, PDFs) together, "
        "consistently, into one ZIP archive that manage.py restore reads."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "destination",
            help="The archive to create (a .zip file), or an existing folder to create it in.",
        )
        parser.add_argument(
            "--database", default="default", help="The database to back up (default: default)."
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
            summary = backup_create(
                destination=Path(options["destination"]),
                using=options["database"],
                progress=progress,
            )
        except Refused as refused:
            raise CommandError(str(refused), returncode=1) from None
        for name in summary.missing_files:
            self.stderr.write(
                _("Warning: %(name)s is named in the database but missing from the storage: "
                  "the archive does not hold it.") % {"name": name}
            )  # fmt: skip
        progress(
            _("Backup written: %(archive)s (%(size)d bytes).")
            % {"archive": summary.archive, "size": summary.size}
        )
        self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
