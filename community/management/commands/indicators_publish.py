"""``manage.py indicators_publish [--year Y] [--quiet]``: compute and store the territorial
indicators (docs/indicators.md#when-the-figures-are-computed, docs/commands.md).

Run by a timer (docs/deployment.md): every year with recorded contributions is computed
again and its stored figures replaced, so that pages, files and the API, which never
compute, stay fresh. ``--year`` computes one year.

stdout: one JSON object on one line, ``{"years": [{"year", "status", "changed", "seconds",
"fingerprint", "computed_at"}]}`` (``status``: ``done``, or ``busy`` when another worker is
computing that year). stderr: one progress line per year (not with ``--quiet``).
Exit status: 0 done; 1 refused (``--year`` has no recorded contribution; nothing computed);
2 bad usage.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from community.selectors.indicators import indicator_years_read
from community.services.indicators import PublishOutcome, publication_refresh


def outcome_json(outcome: PublishOutcome) -> dict[str, Any]:
    return {
        "year": outcome.year,
        "status": outcome.status,
        "changed": outcome.changed,
        "seconds": outcome.seconds,
        "fingerprint": outcome.fingerprint,
        "computed_at": outcome.computed_at.isoformat() if outcome.computed_at else None,
    }


class Command(BaseCommand):
    help = "Compute and store the territorial indicators of every year (or of --year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Only this year.")
        parser.add_argument("--quiet", action="store_true", help="No progress on stderr.")

    def handle(self, *args: Any, **options: Any) -> None:
        years = indicator_years_read()
        year = options["year"]
        if year is not None:
            if year not in years:
                raise CommandError(
                    _("No contribution was recorded in %(year)s: there is nothing to compute.")
                    % {"year": year},
                    returncode=1,
                )
            years = [year]
        outcomes = []
        for each in sorted(years):
            outcome = publication_refresh(year=each)
            outcomes.append(outcome)
            if not options["quiet"]:
                self.stderr.write(
                    f"{each}: {outcome.status}"
                    + (f" in {outcome.seconds:.1f} s" if outcome.seconds is not None else "")
                    + (" (changed)" if outcome.changed else "")
                )
        self.stdout.write(json.dumps({"years": [outcome_json(o) for o in outcomes]}))
