"""What several benchmark scripts need: a throwaway database and a free loopback port."""

from __future__ import annotations

import os
import secrets
import socket
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """The URL of an empty database, dropped afterwards (PostgreSQL if DATABASE_URL says so:
    ``<prefix>_<random>`` on that server; else a temporary SQLite file)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        with tempfile.TemporaryDirectory(prefix="jalons-bench-") as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
