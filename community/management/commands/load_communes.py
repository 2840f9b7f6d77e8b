"""``manage.py load_communes [--department 21 …] [--quiet]``: the French communes.

Loads the reference communes shipped in ``community/data/communes/`` (origin and licence in
its SOURCES.md) into the database: all of them, or those of the departments given. Idempotent
(run it again: the same rows, updated) and atomic. Prints one JSON object on stdout (the
departments, how many communes were created and updated); progress on stderr, silenced by
``--quiet``. Exit status: 0 done, 1 refused (one line on stderr says why), 2 wrong usage.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from community.services.territory import UnknownDepartments, communes_load


class Command(BaseCommand):
    help = (
        "Load the French communes (INSEE code, name, postcodes, intercommunality, population, "
        "centre) from the data shipped with Jalons: all, or those of some departments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--department",
            action="append",
            default=[],
            metavar="CODE",
            help="A department code (21, 2A, 971…); repeat it for several. Default: all.",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress on stderr.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0
        departments: list[str] = options["department"]
        if not quiet:
            self.stderr.write(
                _("Loading the communes of %(which)s…")
                % {"which": ", ".join(departments) or _("every department")},
                style_func=lambda text: text,
            )
        try:
            loaded = communes_load(departments=departments)
        except UnknownDepartments as unknown:
            raise CommandError(
                _("Unknown department code: %(codes)s.") % {"codes": ", ".join(unknown.codes)},
                returncode=1,
            ) from None
        if not quiet:
            self.stderr.write(
                _("%(created)d communes created, %(updated)d updated.")
                % {"created": loaded.created, "updated": loaded.updated},
                style_func=lambda text: text,
            )
        self.stdout.write(
            json.dumps(
                {
                    "departments": loaded.departments,
                    "created": loaded.created,
                    "updated": loaded.updated,
                }
            )
        )
