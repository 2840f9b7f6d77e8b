"""Load demo data: the accounts, then each app's ``demo.load()`` in dependency order.

An app's ``demo`` module may also offer ``summary(loaded) -> list[str]``: lines printed with
the demo logins (the portfolios app prints the demo share link that way), and
``address_problem() -> str``: the other site address its existing demo data was made for
(signed badges), in which case nothing is loaded and the command says what to do. The apps are found
by name, so that accounts, the first app, imports none of those built on it.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo as accounts_demo

# In dependency order (docs/development.md): each app's demo data uses the previous ones'.
DEMO_APPS = ("competences", "community", "badges", "portfolios")


class Command(BaseCommand):
    help = "Create the demo accounts and data (idempotent) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        modules = []
        for label in DEMO_APPS:
            module_name = f"{apps.get_app_config(label).name}.demo"
            if importlib.util.find_spec(module_name) is not None:
                modules.append(importlib.import_module(module_name))
        for demo in modules:
            # Demo data made for another SITE_URL (badges signed with it) is not mixed in.
            previous = demo.address_problem() if hasattr(demo, "address_problem") else ""
            if previous:
                raise CommandError(
                    f"The demo data in this database was made for {previous}, not for "
                    f"{settings.SITE_URL} (its badges are signed with that address): keep that "
                    f"address (SITE_URL={previous}, or the PORT it uses), or start the demo "
                    "again: `make reset` deletes var/ (the SQLite database, files and outbox), "
                    "then `make run`.",
                    returncode=1,
                )
        accounts = accounts_demo.load()
        lines: list[str] = []
        for demo in modules:
            loaded = demo.load()
            if hasattr(demo, "summary"):
                lines += demo.summary(loaded)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {accounts_demo.DEMO_PASSWORD})")
        for account, _user in accounts:
            self.stdout.write(f"  {account.role:<18} {account.email}")
        for line in lines:
            self.stdout.write(f"  {line}")
