"""``manage.py framework_import FILE``: import a framework version from CSV or CASE 1.1.

Without ``--framework``, the file becomes a new framework; with it, a new
version of that framework. The version is published with the dates of the file
(the published version until then is retired), unless ``--as-draft``. When the
file has problems, every one is printed with its row or JSON path, nothing is
saved and the command exits with status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competences.exchange import MAX_IMPORT_BYTES, ImportFailed, framework_import_file
from competences.exchange.reading import FORMATS
from competences.models import Framework


class Command(BaseCommand):
    help = (
        "Import a competence framework version from a CSV file or a CASE 1.1 package. "
        "Nothing is saved when the file has a problem: every problem is printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The file to import, or - to read standard input.")
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=FORMATS,
            default="auto",
            help="csv, case, or auto (default: detected from the content).",
        )
        parser.add_argument(
            "--framework",
            metavar="SLUG",
            help="Import as a new version of this existing framework (default: a new framework).",
        )
        parser.add_argument(
            "--slug",
            default="",
            help="Short name of the new framework (default: the one in the file).",
        )
        parser.add_argument(
            "--as-draft",
            action="store_true",
            help="Leave the imported version as a draft (default: publish it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        framework = None
        if options["framework"]:
            framework = Framework.objects.filter(slug=options["framework"]).first()
            if framework is None:
                raise CommandError(
                    _("There is no framework with the short name “%(slug)s”.")
                    % {"slug": options["framework"]}
                )
        data = self.read(options["file"])
        try:
            result = framework_import_file(
                data=data,
                file_format=options["file_format"],
                framework=framework,
                slug=options["slug"],
                publish=not options["as_draft"],
            )
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                ngettext(
                    "%(count)s problem: nothing was imported.",
                    "%(count)s problems: nothing was imported.",
                    len(failure.problems),
                )
                % {"count": len(failure.problems)}
            ) from None
        for notice in result.notices:
            self.stdout.write(notice)
        version = result.version
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(framework)s (%(slug)s), version %(label)s, %(status)s: "
                    "%(domains)s domains, %(competences)s competences, %(levels)s levels. "
                    "Identifier: %(uuid)s"
                )
                % {
                    "framework": result.framework.name,
                    "slug": result.framework.slug,
                    "label": version.label,
                    "status": version.get_status_display(),
                    "domains": result.domain_count,
                    "competences": result.competence_count,
                    "levels": result.level_count,
                    "uuid": version.uuid,
                }
            )
        )

    def read(self, name: str) -> bytes:
        """The file's bytes, at most one more than the limit (the importer reports the size)."""
        try:
            if name == "-":
                return sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
            with Path(name).open("rb") as handle:
                return handle.read(MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise CommandError(
                _("The file cannot be read: %(reason)s") % {"reason": error.strerror or error}
            ) from None
