"""``manage.py framework_export --version UUID --format csv|case [-o FILE]``.

Writes any version (drafts included: the shell is for administrators) as CSV
or as a CASE 1.1 package, to a file or to standard output.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from competences.exchange import case_package_export, csv_export
from competences.models import FrameworkVersion


class Command(BaseCommand):
    help = "Export a framework version as CSV or as a CASE 1.1 package (JSON)."

    def add_base_argument(self, parser: CommandParser, *args: Any, **kwargs: Any) -> None:
        # This command's --version names the framework version to export,
        # instead of printing Django's version.
        if "--version" in args:
            return
        super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--version",
            dest="version",
            required=True,
            metavar="UUID",
            help="The identifier of the version (its CASE CFDocument identifier).",
        )
        parser.add_argument("--format", dest="file_format", choices=("csv", "case"), default="case")
        parser.add_argument(
            "-o", "--output", default="", help="The file to write (default: standard output)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            identifier = uuid.UUID(str(options["version"]))
        except ValueError:
            raise CommandError(_("This is not a valid identifier (UUID).")) from None
        version = (
            FrameworkVersion.objects.select_related("framework").filter(uuid=identifier).first()
        )
        if version is None:
            raise CommandError(
                _("There is no framework version with the identifier %(uuid)s.")
                % {"uuid": identifier}
            )
        if options["file_format"] == "csv":
            text = csv_export(version=version)
        else:
            text = json.dumps(case_package_export(version=version), ensure_ascii=False, indent=2)
            text += "\n"
        if options["output"]:
            try:
                Path(options["output"]).write_bytes(text.encode("utf-8"))
            except OSError as error:
                raise CommandError(
                    _("The file cannot be written: %(reason)s")
                    % {"reason": error.strerror or error}
                ) from None
        else:
            self.stdout.write(text, ending="")
