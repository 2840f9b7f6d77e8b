"""``manage.py apply_retention`` (issue #12, acceptance 3): the command's contract (output,
``--only``, ``--dry-run``, ``--quiet``, exit codes, run as a real process), and the rule of
accounts: accounts never confirmed, purged N days after sign-up, nothing else.

The other rules are tested next to their app: tests/community/test_retention.py (outside
referents' tokens) and tests/portfolios/test_retention.py (closed share links).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accounts import data_rights
from accounts.data_rights import RetentionRule
from accounts.models import AuditAction, AuditEvent, User
from tests.accounts.factories.users import UserFactory
from tests.accounts.retention import apply_retention, purged

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SIGN_UP = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _unverified(email: str, joined: dt.datetime, **fields) -> User:
    return UserFactory(email=email, email_verified_at=None, date_joined=joined, **fields)


@pytest.fixture
def accounts(db):
    """Accounts around the 30-day boundary, and accounts the rule must never touch."""
    return {
        "due": _unverified("due@example.org", SIGN_UP - timedelta(minutes=1)),
        "boundary": _unverified("boundary@example.org", SIGN_UP),
        "young": _unverified("young@example.org", SIGN_UP + timedelta(minutes=1)),
        # never touched, however old:
        "confirmed": UserFactory(
            email="confirmed@example.org", date_joined=SIGN_UP - timedelta(days=400)
        ),
        "steward": _unverified(
            "steward@example.org", SIGN_UP - timedelta(days=400), is_steward=True
        ),
        "staff": _unverified("staff@example.org", SIGN_UP - timedelta(days=400), is_staff=True),
        "superuser": _unverified(
            "root@example.org", SIGN_UP - timedelta(days=400), is_superuser=True
        ),
        "advisor": _unverified(
            "advisor@example.org", SIGN_UP - timedelta(days=400), is_advisor=True
        ),
    }


def _emails() -> set[str]:
    return set(User.objects.values_list("email", flat=True))


def test_unconfirmed_accounts_go_30_days_after_sign_up_and_nothing_else(accounts, time_machine):
    everyone = _emails()
    time_machine.move_to(SIGN_UP + timedelta(days=30) - timedelta(seconds=1), tick=False)
    assert purged(apply_retention())["unverified_accounts"] == 1
    assert everyone - _emails() == {"due@example.org"}

    time_machine.move_to(SIGN_UP + timedelta(days=30), tick=False)  # exactly 30 days old
    assert purged(apply_retention())["unverified_accounts"] == 1
    assert everyone - _emails() == {"due@example.org", "boundary@example.org"}

    time_machine.move_to(SIGN_UP + timedelta(days=30, minutes=1), tick=False)
    assert purged(apply_retention())["unverified_accounts"] == 1
    time_machine.move_to(SIGN_UP + timedelta(days=3000), tick=False)
    assert purged(apply_retention())["unverified_accounts"] == 0
    assert _emails() == {
        "confirmed@example.org",
        "steward@example.org",
        "staff@example.org",
        "root@example.org",
        "advisor@example.org",
    }


def test_each_deletion_is_in_the_audit_log_as_done_by_the_platform(accounts, time_machine):
    due = accounts["due"].pk
    time_machine.move_to(SIGN_UP + timedelta(days=30), tick=False)
    apply_retention("--only", "unverified_accounts")
    entries = AuditEvent.objects.filter(action=AuditAction.ACCOUNT_DELETE)
    assert sorted(entries.values_list("target_id", flat=True)) == sorted(
        [str(due), str(accounts["boundary"].pk)]
    )
    assert all(entry.actor_id is None for entry in entries)


def test_the_period_is_the_setting(accounts, settings, time_machine):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "unverified_accounts": 10}
    time_machine.move_to(SIGN_UP + timedelta(days=10), tick=False)
    document = apply_retention("--only", "unverified_accounts")
    [rule] = document["rules"]
    assert rule["days"] == 10
    assert rule["cutoff"] == SIGN_UP.isoformat()
    assert rule["purged"] == 2
    assert "due@example.org" not in _emails() and "young@example.org" in _emails()


def test_a_dry_run_counts_and_changes_nothing(accounts, time_machine):
    time_machine.move_to(SIGN_UP + timedelta(days=31), tick=False)
    before, audit = _emails(), AuditEvent.objects.count()
    document = apply_retention("--dry-run")
    assert document["dry_run"] is True
    assert purged(document)["unverified_accounts"] == 3
    assert document["purged"] >= 3
    assert _emails() == before and AuditEvent.objects.count() == audit
    # The real run then purges what the dry run counted.
    assert purged(apply_retention())["unverified_accounts"] == 3


def test_the_text_output_says_per_rule_what_was_purged(accounts, time_machine):
    time_machine.move_to(SIGN_UP + timedelta(days=31), tick=False)
    out, err = io.StringIO(), io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        rule.key for rule in data_rights.retention_rules()
    ]
    assert "unverified_accounts: 3 would be purged" in out.getvalue()
    assert "unverified_accounts: cut-off 2026-03-03" in err.getvalue()  # progress: stderr
    out, err = io.StringIO(), io.StringIO()
    call_command("apply_retention", "--quiet", stdout=out, stderr=err)
    assert out.getvalue() == "" and err.getvalue() == ""
    assert "due@example.org" not in _emails()


def test_only_runs_the_rules_named():
    document = apply_retention("--only", "unverified_accounts,referent_tokens")
    assert [rule["key"] for rule in document["rules"]] == ["unverified_accounts", "referent_tokens"]
    document = apply_retention("--only", "closed_share_links", "--only", "unverified_accounts")
    assert {rule["key"] for rule in document["rules"]} == {
        "closed_share_links",
        "unverified_accounts",
    }


def test_an_unknown_rule_is_refused_with_status_1_and_nothing_runs(accounts, time_machine):
    time_machine.move_to(SIGN_UP + timedelta(days=31), tick=False)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Unknown retention rule: nope") as refused:
        call_command("apply_retention", "--only", "unverified_accounts,nope", stdout=out)
    assert refused.value.returncode == 1
    assert "unverified_accounts" in str(refused.value)  # the known rules are listed
    assert out.getvalue() == ""
    assert "due@example.org" in _emails()


def test_a_failing_rule_does_not_stop_the_others_and_exits_with_3(
    accounts, monkeypatch, time_machine
):
    def broken(cutoff: dt.datetime) -> int:
        raise RuntimeError("the disk is full")

    seen: list[dt.datetime] = []

    def own_period(cutoff: dt.datetime) -> int:
        seen.append(cutoff)
        return 0

    monkeypatch.setitem(
        data_rights._RULES, "broken", RetentionRule("broken", "Broken", broken, days=lambda: 1)
    )
    monkeypatch.setitem(
        data_rights._RULES, "no_period", RetentionRule("no_period", "No period", own_period)
    )
    monkeypatch.setitem(
        data_rights._RULES,
        "own_period",
        RetentionRule("own_period", "Own period", own_period, days=lambda: 2),
    )
    time_machine.move_to(SIGN_UP + timedelta(days=31), tick=False)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 rules failed: broken, no_period") as failed:
        call_command("apply_retention", "--json", stdout=out, stderr=err)
    assert failed.value.returncode == 3
    document = json.loads(out.getvalue())
    by_key = {rule["key"]: rule for rule in document["rules"]}
    assert by_key["broken"]["purged"] is None
    assert by_key["broken"]["error"] == "RuntimeError: the disk is full"
    assert by_key["no_period"]["error"] == (
        "ImproperlyConfigured: settings.RETENTION_DAYS has no period for 'no_period'"
    )
    assert by_key["unverified_accounts"]["purged"] == 3
    assert by_key["own_period"]["days"] == 2  # a rule's own period wins over the setting
    assert seen == [SIGN_UP + timedelta(days=29)]
    assert "the disk is full" in err.getvalue()


# --- As cron runs it: a separate process -------------------------------------------------


def _database_url(tmp_path: Path) -> str:
    """An address of the test database for another process (SQLite: a copy in a file)."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}"
    db = connection.settings_dict
    host = quote(db["HOST"] or "localhost", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def _copy_back(tmp_path: Path) -> None:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(tmp_path / "db.sqlite3")
        source.backup(connection.connection)
        source.close()


def test_as_a_process_stdout_is_one_json_document(transactional_db, tmp_path):
    now = timezone.now()
    _unverified("forgotten@example.org", now - timedelta(days=31))
    _unverified("recent@example.org", now - timedelta(days=29))
    UserFactory(email="kept@example.org", date_joined=now - timedelta(days=400))
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CACHE_", "RETENTION_", "DJANGO_", "TASKS_"))
    }
    environment.update(
        DATABASE_URL=_database_url(tmp_path),
        CACHE_URL="locmem://",
        EMAIL_URL="memory://",
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "apply_retention", "--json"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)  # the whole of stdout: one JSON document, nothing else
    assert result.stdout.count("\n") <= 1
    assert document["dry_run"] is False
    assert purged(document)["unverified_accounts"] == 1
    assert {rule["key"] for rule in document["rules"]} >= {
        "unverified_accounts",
        "closed_share_links",
        "referent_tokens",
    }
    # Progress on stderr, in the site's language (French by default).
    assert re.search(r"unverified_accounts\s?: (cut-off|date limite)", result.stderr)
    _copy_back(tmp_path)
    assert _emails() == {"recent@example.org", "kept@example.org"}

    usage = subprocess.run(
        [sys.executable, "manage.py", "apply_retention", "--no-such-option"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert usage.returncode == 2 and usage.stdout == ""
    assert "unrecognized arguments" in usage.stderr
