"""A throwaway PostgreSQL database for tests whose app processes need the real thing.

``with postgres_database() as url:`` gives the URL of a new, empty database:

- when the suite itself runs on PostgreSQL (``DATABASE_URL=postgres://…``, as ``.ci/run``
  does), a database created on that server and dropped afterwards;
- otherwise a cluster of its own, as ``.ci/run`` starts one: ``initdb`` in a temporary folder,
  ``postgres`` listening on 127.0.0.1 only, no durability (fsync off), stopped and deleted
  afterwards. As root (initdb refuses it) the cluster runs as ``PG_OS_USER`` (``nobody`` by
  default). The binaries come from ``PG_BIN`` or the newest ``/usr/lib/postgresql/*/bin``;
  without them the test is skipped (failed on CI).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings

from tests.config.redis_server import free_port


def pg_bin() -> Path | None:
    configured = os.environ.get("PG_BIN")
    candidates = (
        [Path(configured)]
        if configured
        else sorted(
            Path("/usr/lib/postgresql").glob("*/bin"),
            key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
            reverse=True,
        )
    )
    return next((path for path in candidates if (path / "initdb").is_file()), None)


def _url(server: dict[str, Any], name: str) -> str:
    user = urllib.parse.quote(server["user"], safe="")
    password = urllib.parse.quote(server["password"], safe="")
    credentials = f"{user}:{password}" if password else user
    return f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"


@contextmanager
def _database_on(server: dict[str, Any]) -> Iterator[str]:
    name = f"jalons_{secrets.token_hex(5)}"
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _url(server, name)
    finally:
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _cluster() -> Iterator[dict[str, Any]]:
    binaries = pg_bin()
    if binaries is None:
        reason = "PostgreSQL binaries missing (/usr/lib/postgresql/*/bin; PG_BIN to choose)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    as_root = os.geteuid() == 0
    user = os.environ.get("PG_OS_USER", "nobody") if as_root else None
    folder = Path(tempfile.mkdtemp(prefix="jalons-pg-"))
    if user is not None:
        shutil.chown(folder, user)
    data, port = folder / "data", free_port()
    run_as: dict[str, Any] = {"user": user, "cwd": folder} if user else {"cwd": folder}
    process = None
    try:
        subprocess.run(
            [
                *(str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8"),
                *("--no-locale", "--auth=trust", "--no-sync"),
            ],
            check=True,
            capture_output=True,
            **run_as,
        )
        process = subprocess.Popen(
            [
                *(str(binaries / "postgres"), "-D", str(data), "-p", str(port)),
                *("-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={folder}"),
                *("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"),
                *("-c", "max_connections=60"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **run_as,
        )
        server = {"host": "127.0.0.1", "port": port, "user": "postgres", "password": ""}
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(**server, dbname="postgres", connect_timeout=1):
                    break
            except psycopg.OperationalError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the throwaway PostgreSQL did not start") from None
                time.sleep(0.1)
        yield server
    finally:
        if process is not None:
            process.terminate()  # "smart" shutdown: the clients are gone by now
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_database() -> Iterator[str]:
    database = settings.DATABASES["default"]
    if "postgresql" in database["ENGINE"]:
        server = {
            "host": database.get("HOST") or "localhost",
            "port": int(database.get("PORT") or 5432),
            "user": database.get("USER") or "",
            "password": database.get("PASSWORD") or "",
        }
        with _database_on(server) as url:
            yield url
        return
    with _cluster() as server, _database_on(server) as url:
        yield url
