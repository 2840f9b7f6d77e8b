"""Fill a database with synthetic data at regional scale, for the benchmarks (bench/pages.py).

    manage.py generate_scale_data --volunteers 100000 --initiatives 1000 \\
        --contributions 1000000 --awards 100000 --shares 2000 [--seed 1] [--quiet]

The accounts first (``accounts/scale.py``), then each app's ``scale.load(plan=…, loaded=…)``
in the apps' order, found by name like ``manage.py demo_data`` does, so that accounts imports
none of the apps built on it; each part receives what the earlier ones returned. Progress goes
to stderr (unless ``--quiet``); stdout gets one JSON object: the counts, the personas (their
addresses; every generated account has the password ``SCALE_PASSWORD``) and the paths the
benchmarks measure. Refused when ``DEBUG`` is off (known passwords) unless ``--yes-really``,
and on a database that holds other accounts unless ``--append``. docs/performance.md.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import sys
import time
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts import scale as accounts_scale
from config.scale import SCALE_PASSWORD, ScalePlan

# In dependency order (docs/development.md): each app's part uses the previous ones'.
SCALE_APPS = ("competences", "community", "badges", "portfolios")


def _merge(into: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, dict):
            _merge(into.setdefault(key, {}), value)
        else:
            into[key] = value


class Command(BaseCommand):
    help = "Generate synthetic data at regional scale (benchmarks); prints a JSON summary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--volunteers", type=int, default=100_000)
        parser.add_argument("--initiatives", type=int, default=1_000)
        parser.add_argument("--contributions", type=int, default=1_000_000)
        parser.add_argument("--awards", type=int, default=100_000)
        parser.add_argument("--shares", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--quiet", action="store_true", help="No progress on stderr.")
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already holds other accounts (demo or real).",
        )
        parser.add_argument(
            "--yes-really",
            action="store_true",
            help="Run although DEBUG is off: every generated account has a known password.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("volunteers", "initiatives", "contributions", "awards", "shares"):
            if options[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
        if not settings.DEBUG and not options["yes_really"]:
            raise CommandError(
                "DEBUG is off: this looks like a production database, and every generated "
                f"account has the password {SCALE_PASSWORD!r}. Use a throwaway database "
                "(docs/performance.md), or add --yes-really."
            )
        if accounts_scale.other_accounts_exist() and not options["append"]:
            raise CommandError(
                "This database holds accounts that were not generated: use an empty database, "
                "or add --append to mix the generated data in."
            )
        quiet = options["quiet"]
        started = time.monotonic()

        def progress(message: str) -> None:
            if not quiet:
                print(f"[{time.monotonic() - started:7.1f} s] {message}", file=sys.stderr)

        plan = ScalePlan(
            volunteers=options["volunteers"],
            initiatives=options["initiatives"],
            contributions=options["contributions"],
            awards=options["awards"],
            shares=options["shares"],
            seed=options["seed"],
            run=accounts_scale.generated_runs(),
            now=timezone.now().replace(microsecond=0),
            progress=progress,
        )
        logging.disable(logging.INFO)  # the services' lines (issuers created…): noise here
        try:
            summary = self._generate(plan)
        finally:
            logging.disable(logging.NOTSET)
        summary["seconds"] = round(time.monotonic() - started, 1)
        progress("done")
        self.stdout.write(json.dumps(summary, ensure_ascii=False, sort_keys=True))

    def _generate(self, plan: ScalePlan) -> dict[str, Any]:
        loaded: dict[str, Any] = {"accounts": accounts_scale.load(plan=plan, loaded={})}
        summary: dict[str, Any] = {
            "seed": plan.seed,
            "run": plan.run,
            "password": SCALE_PASSWORD,
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        }
        _merge(summary, loaded["accounts"].summary())
        for label in SCALE_APPS:
            module_name = f"{apps.get_app_config(label).name}.scale"
            if importlib.util.find_spec(module_name) is None:
                continue
            part = importlib.import_module(module_name).load(plan=plan, loaded=loaded)
            loaded[label] = part
            _merge(summary, part.summary())
        return summary
