"""``manage.py load_default_framework``: create the default framework if it is missing.

The data migration already does this on a fresh install; the command is for
databases where the framework was deleted while it was still a draft, or for
scripts that want to be sure it is there. It never changes an existing one. Prints one
line for people; exits 0 in both cases (it is there afterwards), docs/commands.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from competences.services.defaults import default_framework_load


class Command(BaseCommand):
    help = "Create and publish the default competence framework if it is not there yet."

    def handle(self, *args: Any, **options: Any) -> None:
        if default_framework_load():
            self.stdout.write(
                self.style.SUCCESS(_("The default framework is created and published."))
            )
        else:
            self.stdout.write(_("The default framework is already there: nothing to do."))
