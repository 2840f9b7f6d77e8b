"""``manage.py load_rome [--quiet]``: the ROME 4.0 reference data of France Travail.

Loads the 16 savoir-être, the job sheets, the job titles and which savoir-être each sheet
asks for, from the files shipped in ``competences/data/rome/`` (origin, version and licence
in its SOURCES.md). Idempotent (a second run changes nothing) and atomic. Prints one JSON
object on stdout (the ROME version, then per kind of row how many were created, updated and
removed); progress on stderr, silenced by ``--quiet``. Exit status: 0 done, 1 refused (a
file is missing or inconsistent; one line on stderr says why), 2 wrong usage.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from competences.rome import RomeDataError, rome_read
from competences.services.rome import rome_load


class Command(BaseCommand):
    help = (
        "Load the ROME 4.0 reference data (savoir-être, job sheets, job titles) "
        "shipped with Jalons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress on stderr.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0

        def progress(text: str) -> None:
            if not quiet:
                self.stderr.write(
                    _("Loading the ROME 4.0: %(what)s…") % {"what": text},
                    style_func=lambda line: line,
                )

        try:
            data = rome_read()
        except RomeDataError as error:
            raise CommandError(
                _("The ROME data cannot be read: %(reason)s") % {"reason": error}, returncode=1
            ) from None
        loaded = rome_load(data=data, progress=progress)
        if not quiet:
            self.stderr.write(
                _("ROME 4.0 version %(version)s loaded.") % {"version": loaded.version}
                if loaded.changed
                else _("ROME 4.0 version %(version)s already loaded: nothing changed.")
                % {"version": loaded.version},
                style_func=lambda line: line,
            )
        self.stdout.write(json.dumps({"version": loaded.version, **loaded.counts}))
