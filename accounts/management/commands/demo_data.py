"""Load demo data: accounts now; later apps add their own `demo.load()`."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from accounts import demo as accounts_demo

PROJECT_APPS = ("accounts", "competences", "portfolios", "badges")


class Command(BaseCommand):
    help = "Create the demo accounts and data (idempotent) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = accounts_demo.load()
        for label in PROJECT_APPS[1:]:
            module_name = f"{apps.get_app_config(label).name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            importlib.import_module(module_name).load()
        # Last, once every app's data exists: a portfolio showing it, shared with the advisor.
        portfolios_demo = importlib.import_module("portfolios.demo_portfolios")
        shared = portfolios_demo.summary(portfolios_demo.load())
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {accounts_demo.DEMO_PASSWORD})")
        for account, _user in accounts:
            self.stdout.write(f"  {account.role:<18} {account.email}")
        for line in shared:
            self.stdout.write(f"  {line}")
