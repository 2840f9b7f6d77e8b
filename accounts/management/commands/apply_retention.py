"""``manage.py apply_retention [--only KEY] [--dry-run] [--json] [--quiet]``: run daily.

Runs every retention rule that the apps registered (``accounts.data_rights.retention_rules``),
each with the cut-off "now minus its period": the period is ``rule.days()`` when the rule
gives one, else ``settings.RETENTION_DAYS[rule.key]``. Prints on stdout what each rule purged,
one short line per rule, or with ``--json`` one JSON object and nothing else; progress goes
to stderr. ``--dry-run`` counts without deleting: each rule runs inside a transaction that is
rolled back (what a rule does outside the database must wait for ``transaction.on_commit``).

Exit status: 0 done; 1 refused input (``--only`` names an unknown rule; nothing ran); 2 bad
usage (unknown option); 3 a rule failed (the others still ran; the error is on stderr and in
the JSON). Scheduling (cron, systemd timer): docs/privacy.md.
"""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.data_rights import RetentionRule, retention_rules

EXIT_REFUSED = 1
EXIT_RULE_FAILED = 3


@dataclass(frozen=True)
class Outcome:
    """What one rule did (``purged``), or would have done with ``--dry-run``."""

    rule: RetentionRule
    days: int | None
    cutoff: datetime | None
    purged: int | None
    error: str = ""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.rule.key,
            "label": str(self.rule.label),
            "days": self.days,
            "cutoff": self.cutoff.isoformat() if self.cutoff else None,
            "purged": self.purged,
        }
        if self.error:
            data["error"] = self.error
        return data


def retention_period(rule: RetentionRule) -> int:
    """The rule's period in days: its own, or ``settings.RETENTION_DAYS[rule.key]``."""
    if rule.days is not None:
        days = rule.days()
    elif rule.key in settings.RETENTION_DAYS:
        days = settings.RETENTION_DAYS[rule.key]
    else:
        raise ImproperlyConfigured(f"settings.RETENTION_DAYS has no period for {rule.key!r}")
    if days < 0:
        raise ValueError(f"the period of {rule.key} is negative ({days} days)")
    return days


def retention_apply(*, rule: RetentionRule, cutoff: datetime, dry_run: bool) -> int:
    """Run one rule; with ``dry_run``, inside a transaction that is rolled back."""
    if not dry_run:
        return rule.purge(cutoff)
    with transaction.atomic():
        purged = rule.purge(cutoff)
        transaction.set_rollback(True)
    return purged


class Command(BaseCommand):
    help = (
        "Delete what the platform keeps only for a while (settings.RETENTION_DAYS): "
        "unconfirmed accounts, closed share links, outside referents' links, export files. "
        "Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="KEY",
            help="Run only this rule (repeat it, or separate keys with commas).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be purged, and purge nothing.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object on stdout (and nothing else there).",
        )
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="No progress on stderr and, without --json, nothing on stdout but errors.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0
        rules = self.selected(retention_rules(), options["only"])
        now = timezone.now()
        dry_run = options["dry_run"]
        outcomes = [self.run(rule, now=now, dry_run=dry_run, quiet=quiet) for rule in rules]
        failed = [outcome for outcome in outcomes if outcome.error]
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "at": now.isoformat(),
                        "dry_run": dry_run,
                        "rules": [outcome.as_json() for outcome in outcomes],
                        "purged": sum(outcome.purged or 0 for outcome in outcomes),
                    },
                    ensure_ascii=False,
                )
            )
        elif not quiet:
            for outcome in outcomes:
                self.stdout.write(self.line(outcome, dry_run=dry_run))
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)s rule failed: %(keys)s.",
                    "%(count)s rules failed: %(keys)s.",
                    len(failed),
                )
                % {"count": len(failed), "keys": ", ".join(o.rule.key for o in failed)},
                returncode=EXIT_RULE_FAILED,
            )

    def selected(self, rules: list[RetentionRule], only: list[str]) -> list[RetentionRule]:
        keys = [key.strip() for item in only for key in item.split(",") if key.strip()]
        known = [rule.key for rule in rules]
        unknown = [key for key in keys if key not in known]
        if unknown:
            raise CommandError(
                _("Unknown retention rule: %(unknown)s. The rules are: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(known) or "—"},
                returncode=EXIT_REFUSED,
            )
        return [rule for rule in rules if not keys or rule.key in keys]

    def run(self, rule: RetentionRule, *, now: datetime, dry_run: bool, quiet: bool) -> Outcome:
        days: int | None = None
        cutoff: datetime | None = None
        try:
            days = retention_period(rule)
            cutoff = now - timedelta(days=days)
            if not quiet:
                self.stderr.write(
                    _("%(key)s: cut-off %(cutoff)s (%(days)s days)…")
                    % {
                        "key": rule.key,
                        "cutoff": cutoff.isoformat(timespec="seconds"),
                        "days": days,
                    }
                )
            purged = retention_apply(rule=rule, cutoff=cutoff, dry_run=dry_run)
        except Exception as error:  # one rule's failure does not stop the others
            self.stderr.write(traceback.format_exc())
            return Outcome(rule, days, cutoff, None, error=f"{type(error).__name__}: {error}")
        return Outcome(rule, days, cutoff, purged)

    def line(self, outcome: Outcome, *, dry_run: bool) -> str:
        key, label = outcome.rule.key, outcome.rule.label
        if outcome.error:
            return _("%(key)s: failed (%(error)s)") % {"key": key, "error": outcome.error}
        count = outcome.purged or 0
        if dry_run:
            text = ngettext("%(count)s would be purged", "%(count)s would be purged", count)
        else:
            text = ngettext("%(count)s purged", "%(count)s purged", count)
        return _("%(key)s: %(result)s — %(label)s, %(days)s days") % {
            "key": key,
            "result": text % {"count": count},
            "label": label,
            "days": outcome.days,
        }
