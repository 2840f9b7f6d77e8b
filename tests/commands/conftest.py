"""One throwaway installation for every command test: migrated, with the demo data.

Made once per test run (about 15 s of CPU: ``migrate``, then ``demo_data``), in a temporary
folder that the xdist workers share (the first one makes it, under a lock; the commands only
read it, or add an award). The set-up itself keeps its emails in that folder; the tests then
run the commands in the default development settings (tests/commands/process.py).
"""

from __future__ import annotations

import fcntl
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.commands.process import Installation, manage


@pytest.fixture(scope="session")
def installation(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Installation:
    base = tmp_path_factory.getbasetemp()
    folder = (base if worker_id == "master" else base.parent) / "commands-installation"
    folder.mkdir(exist_ok=True)
    made = Installation(database=folder / "jalons.sqlite3", media=folder / "media")
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "ready").exists():
            for left in folder.glob("jalons.sqlite3*"):  # a set-up that failed half-way
                left.unlink()
            shutil.rmtree(made.media, ignore_errors=True)
            _set_up(made, outbox=folder / "setup-mail")
            (folder / "ready").touch()
    return made


def _set_up(made: Installation, *, outbox: Path) -> None:
    quiet = {"EMAIL_URL": f"file://{outbox}", "LOG_LEVEL": "warning", "TASKS_BACKEND": "immediate"}
    for step in (("migrate", "--no-input", "-v", "0"), ("demo_data", "--quiet-logins")):
        done = manage(made, *step, **quiet)
        assert done.returncode == 0, (step, done.stdout, done.stderr)


def first_uuid(installation: Installation, sql: str) -> uuid.UUID:
    """The first value of a query on the installation's database, as a UUID."""
    with sqlite3.connect(installation.database) as connection:
        row = connection.execute(sql).fetchone()
    assert row is not None, sql
    return uuid.UUID(str(row[0]))


@pytest.fixture
def clean_outbox() -> Iterator[list]:
    """Files that a test's commands wrote to the project's var/mail/, deleted afterwards."""
    written: list = []
    yield written
    for path in written:
        path.unlink(missing_ok=True)
