"""A bulk award survives its worker's death: acceptance 4 of #12, with real processes.

"A bulk award of 600 rows whose worker is killed with SIGKILL at row ~200 finishes after a new
worker starts (and, in the development set-up, after the progress page is opened again), with
600 awards and no duplicate; tested on SQLite and PostgreSQL."

- Production set-up: ``manage.py db_worker`` processes (``TASKS_BACKEND=database``).
- Development set-up: ``manage.py runserver --noreload`` with the thread backend (the default),
  the file uploaded over HTTP, the server killed, a new one started, the progress page opened.

The app processes use a database of their own: a SQLite file, or, when the suite runs on
PostgreSQL (``DATABASE_URL=postgres://…``, as ``.ci/run`` does), a database created on the same
server. It is migrated once per module and copied for each test. Leases last 2 seconds here
(``RUN_LEASE_SECONDS``), so that a dead worker's run is stale soon.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from django.conf import settings

from tests.badges.factories.bulk import csv_bytes, people
from tests.config.redis_server import free_port

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
ROWS = 600
KILL_AT = 200
LEASE_SECONDS = 2
PASSWORD = "correct horse battery staple"
T = TypeVar("T")

SEED = f"""
import json
from tests.badges.factories.revocation import setting
s = setting()
s.leader.preferred_language = "en"
s.leader.set_password({PASSWORD!r})
s.leader.save()
print(json.dumps({{"badge_id": s.badge.pk, "badge_uuid": str(s.badge.uuid),
                  "leader": s.leader.email}}))
"""

# The upload as the service receives it (the production set-up has no web request to test).
BULK_START = """
import json, os
from pathlib import Path
from django.core.files.uploadedfile import SimpleUploadedFile
from accounts.models import User
from badges.models import BadgeClass
from badges.services.bulk import bulk_award_start
bulk = bulk_award_start(
    badge_class=BadgeClass.objects.get(pk=int(os.environ["BADGE_ID"])),
    by=User.objects.get(email=os.environ["LEADER"]),
    upload=SimpleUploadedFile("recipients.csv", Path(os.environ["BULK_CSV"]).read_bytes()),
)
print(json.dumps({"bulk_id": bulk.pk}))
"""


# --- A database for the app processes --------------------------------------------------------


def _postgres() -> dict[str, Any] | None:
    """How to reach the suite's PostgreSQL server, or None when the suite runs on SQLite."""
    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        return None
    return {
        "host": database.get("HOST") or "localhost",
        "port": int(database.get("PORT") or 5432),
        "user": database.get("USER") or "",
        "password": database.get("PASSWORD") or "",
        "dbname": "postgres",  # the maintenance database, to create and drop others
    }


@dataclass
class Database:
    """A database the app processes share, and the test's own connection to read it."""

    url: str
    sqlite_path: Path | None = None
    postgres: dict[str, Any] | None = None
    _connection: Any = None

    def one(self, sql: str, *params: Any) -> tuple[Any, ...]:
        """The first row of a query (``%s`` placeholders)."""
        if self._connection is None:
            self._connection = (
                sqlite3.connect(self.sqlite_path, timeout=20, isolation_level=None)
                if self.sqlite_path
                else psycopg.connect(**self.postgres, autocommit=True)
            )
        if self.sqlite_path:
            sql = sql.replace("%s", "?")
        row = self._connection.execute(sql, params).fetchone()
        assert row is not None, sql
        return tuple(row)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _pg_admin(server: dict[str, Any], statement: str) -> None:
    with psycopg.connect(**server, autocommit=True) as connection:
        connection.execute(statement)


def _pg_url(server: dict[str, Any], name: str) -> str:
    user = urllib.parse.quote(server["user"], safe="")
    password = urllib.parse.quote(server["password"], safe="")
    return f"postgres://{user}:{password}@{server['host']}:{server['port']}/{name}"


def _environment(tmp: Path, database_url: str, tasks_backend: str) -> dict[str, str]:
    prefixes = ("DATABASE_", "CACHE_", "EMAIL_", "TASKS_", "RUN_", "MEDIA_", "RATE_", "LOGIN_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": database_url,
            "EMAIL_URL": f"file://{tmp / 'mail'}",
            "MEDIA_ROOT": str(tmp / "media"),
            "TASKS_BACKEND": tasks_backend,
            "RUN_LEASE_SECONDS": str(LEASE_SECONDS),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def _shell(env: dict[str, str], script: str) -> dict[str, Any]:
    """Run Python in ``manage.py shell``; the JSON object its last line prints."""
    done = subprocess.run(
        [*MANAGE, "shell", "--no-imports", "-v", "0", "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict]]:
    """A migrated database with an issuer, its leader and a badge class (no rules)."""
    folder = tmp_path_factory.mktemp("runs-template")
    server = _postgres()
    if server is None:
        database = Database(url=f"sqlite:///{folder / 'db.sqlite3'}")
    else:
        name = f"jalons_runs_{secrets.token_hex(4)}"
        _pg_admin(server, f'CREATE DATABASE "{name}"')
        database = Database(url=_pg_url(server, name), postgres={**server, "dbname": name})
    try:
        env = _environment(folder, database.url, "database")
        subprocess.run([*MANAGE, "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
        seeded = _shell(env, SEED)
        seeded["media"] = folder / "media"
        yield database, seeded
    finally:
        if database.postgres and server is not None:
            _pg_admin(server, f'DROP DATABASE IF EXISTS "{database.postgres["dbname"]}"')


@pytest.fixture
def database(template: tuple[Database, dict], tmp_path: Path) -> Iterator[Database]:
    """A copy of the template for one test (and its media files)."""
    source, seeded = template
    shutil.copytree(seeded["media"], tmp_path / "media")
    if source.postgres is None:
        path = tmp_path / "db.sqlite3"
        original = sqlite3.connect(source.url.removeprefix("sqlite:///"))
        with original, sqlite3.connect(path) as copy:
            original.backup(copy)
        original.close()
        database = Database(url=f"sqlite:///{path}", sqlite_path=path)
        yield database
        database.close()
        return
    server = {**source.postgres, "dbname": "postgres"}
    name = f"jalons_runs_{secrets.token_hex(4)}"
    _pg_admin(server, f'CREATE DATABASE "{name}" TEMPLATE "{source.postgres["dbname"]}"')
    database = Database(url=_pg_url(server, name), postgres={**server, "dbname": name})
    try:
        yield database
    finally:
        database.close()
        _pg_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Processes --------------------------------------------------------------------------------


@contextmanager
def _process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A process of the app, stopped at the end (unless the test killed it)."""
    with log.open("ab") as output:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=output)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _worker(env: dict[str, str], log: Path):
    command = ["db_worker", "--queue-name", "*", "--no-reload", "--no-startup-delay"]
    return _process([*MANAGE, *command, "--interval", "0.2"], env, log)


@contextmanager
def _server(env: dict[str, str], log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    command = [*MANAGE, "runserver", "--noreload", f"127.0.0.1:{port}"]
    with _process(command, env, log) as process:
        base = f"http://127.0.0.1:{port}"

        def up() -> bool:
            assert process.poll() is None, f"the server stopped: see {log}"
            return _healthy(base)

        _wait_until(up, timeout=60, what="the server")
        yield base, process


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - loopback
            return True
    except (urllib.error.URLError, ConnectionError):
        return False


def _wait_until(check: Callable[[], T], *, timeout: float, what: str, every: float = 0.05) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)


def _kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class Visitor:
    """A browser without JavaScript: cookies, forms with their CSRF token, no redirects."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, url: str) -> tuple[int, dict[str, str], str]:
        return self._open(urllib.request.Request(url))  # noqa: S310 - http on loopback

    def post(self, url: str, fields: dict[str, str], file: bytes | None = None):
        fields = {**fields, "csrfmiddlewaretoken": self._csrf()}
        if file is None:
            body = urllib.parse.urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            boundary = secrets.token_hex(16)
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
                for name, value in fields.items()
            ]
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="recipients.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                + file
                + f"\r\n--{boundary}--\r\n".encode()
            )
            body, kind = b"".join(parts), f"multipart/form-data; boundary={boundary}"
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - loopback
        request.add_header("Content-Type", kind)
        return self._open(request)

    def _csrf(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def _open(self, request: urllib.request.Request) -> tuple[int, dict[str, str], str]:
        request.add_header("Accept-Language", "en")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --- What the database says -------------------------------------------------------------------


def _run(database: Database, bulk_id: int) -> tuple[str, int, int, int, bool]:
    """status, processed, awarded, claims, resumed"""
    status, processed, awarded, claims, resumed = database.one(
        "SELECT status, processed, awarded, claims, resumed_at IS NOT NULL "
        "FROM badges_bulkaward WHERE id = %s",
        bulk_id,
    )
    return status, processed, awarded, claims, bool(resumed)


def _awards(database: Database, badge_id: int) -> tuple[int, int]:
    """How many awards of the badge class, and how many distinct emails among them."""
    count, emails = database.one(
        "SELECT COUNT(*), COUNT(DISTINCT recipient_email) FROM badges_award "
        "WHERE badge_class_id = %s",
        badge_id,
    )
    return count, emails


def _processed_at_least(database: Database, bulk_id: int, rows: int) -> int:
    processed = _run(database, bulk_id)[1]
    return processed if processed >= rows else 0


def _killed_mid_run(database: Database, bulk_id: int) -> int:
    status, processed, awarded, _claims, _resumed = _run(database, bulk_id)
    assert status == "running" and KILL_AT <= processed < ROWS, (status, processed)
    assert _awards(database, _badge_id(database, bulk_id)) == (awarded, awarded)
    return processed


def _badge_id(database: Database, bulk_id: int) -> int:
    return database.one("SELECT badge_class_id FROM badges_bulkaward WHERE id = %s", bulk_id)[0]


def _emails_written(folder: Path) -> int:
    """How many messages the file backend wrote: one file per connection, and two connections
    opened in the same second may share a file name (Django names it after the time and the
    connection's ``id()``, which Python reuses), so messages are counted, not files."""
    if not folder.exists():
        return 0
    return sum(
        len(re.findall(r"^To: ", path.read_text("utf-8", "replace"), flags=re.MULTILINE))
        for path in folder.iterdir()
    )


# --- The tests --------------------------------------------------------------------------------


def test_a_worker_killed_at_row_200_the_next_workers_finish_600_awards_once(
    database, template, tmp_path
):
    seeded = template[1]
    env = _environment(tmp_path, database.url, "database")
    (tmp_path / "recipients.csv").write_bytes(csv_bytes(people(ROWS)))
    started = _shell(
        {
            **env,
            "BULK_CSV": str(tmp_path / "recipients.csv"),
            "BADGE_ID": str(seeded["badge_id"]),
            "LEADER": seeded["leader"],
        },
        BULK_START,
    )
    bulk_id = started["bulk_id"]
    assert _run(database, bulk_id)[:2] == ("queued", 0)  # queued, not run by the upload

    with _worker(env, tmp_path / "worker-1.log") as first:
        _wait_until(
            lambda: _processed_at_least(database, bulk_id, KILL_AT), timeout=180, what="row 200"
        )
        _kill(first)
    at_kill = _killed_mid_run(database, bulk_id)

    # Two new workers: both look for stale runs, one only queues the run again and works on it.
    with _worker(env, tmp_path / "worker-2.log"), _worker(env, tmp_path / "worker-3.log"):
        _wait_until(
            lambda: _run(database, bulk_id)[0] == "done", timeout=240, what="the run to finish"
        )

    status, processed, awarded, claims, resumed = _run(database, bulk_id)
    assert (status, processed, awarded) == ("done", ROWS, ROWS)
    assert claims == 2 and resumed, "claimed once by each worker that ran it, resumed once"
    assert _awards(database, seeded["badge_id"]) == (ROWS, ROWS), "600 awards, no duplicate"
    # The dead worker's task is marked failed (django-tasks-db left it running); one new task.
    tasks = database.one(
        "SELECT COUNT(*), "
        "SUM(CASE WHEN status = 'FAILED' AND exception_class_path = 'config.runs.WorkerLost' "
        "THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'SUCCESSFUL' THEN 1 ELSE 0 END) "
        "FROM django_tasks_database_dbtaskresult WHERE task_path = 'badges.tasks.bulk_award_run'"
    )
    assert tuple(int(value) for value in tasks) == (2, 1, 1), tasks
    assert at_kill < ROWS


def test_the_development_server_killed_at_row_200_the_progress_page_resumes_the_run(
    database, template, tmp_path
):
    seeded = template[1]
    env = _environment(tmp_path, database.url, "thread")
    visitor = Visitor()
    with _server(env, tmp_path / "server-1.log") as (base, server):
        visitor.get(f"{base}/accounts/login/")
        status, _headers, _html = visitor.post(
            f"{base}/accounts/login/", {"username": seeded["leader"], "password": PASSWORD}
        )
        assert status == 302
        form = f"{base}/badges/classes/{seeded['badge_uuid']}/award/bulk/"
        assert visitor.get(form)[0] == 200
        asked = time.monotonic()
        status, headers, _html = visitor.post(form, {}, file=csv_bytes(people(ROWS)))
        answered = time.monotonic()
        assert status == 302, status
        progress = headers["Location"]
        bulk_id = database.one("SELECT MAX(id) FROM badges_bulkaward")[0]
        # The request answered at once: the rows are awarded after it, in a worker thread.
        assert answered - asked < 10 and _run(database, bulk_id)[1] < ROWS
        _wait_until(
            lambda: _processed_at_least(database, bulk_id, KILL_AT), timeout=180, what="row 200"
        )
        _kill(server)
        killed_at = time.monotonic()
    at_kill = _killed_mid_run(database, bulk_id)

    with _server(env, tmp_path / "server-2.log") as (base, _server_process):
        # The lease runs out; a new server does not resume the run by itself...
        time.sleep(max(0.0, killed_at + LEASE_SECONDS + 0.5 - time.monotonic()))
        assert _run(database, bulk_id)[1] == at_kill
        # ...opening its progress page does (the page refreshes itself every 3 seconds).
        status, _headers, html = visitor.get(f"{base}{progress}")
        assert status == 200
        assert "The work was interrupted (the server stopped) and resumed on" in html
        assert '<meta http-equiv="refresh" content="3">' in html

        def finished() -> str:
            html = visitor.get(f"{base}{progress}")[2]
            return html if "Finished: every row of the file was processed." in html else ""

        html = _wait_until(finished, timeout=240, what="the run to finish", every=0.5)
        assert f"{ROWS} of {ROWS} rows" in html and 'http-equiv="refresh"' not in html
        assert "resumed on" in html
        # The emails of the awards still go out (their own worker thread, queue "emails").
        _wait_until(
            lambda: _emails_written(tmp_path / "mail") >= ROWS - at_kill,
            timeout=60,
            what="the emails",
        )

    status, processed, awarded, claims, resumed = _run(database, bulk_id)
    assert (status, processed, awarded, claims, resumed) == ("done", ROWS, ROWS, 2, True)
    assert _awards(database, seeded["badge_id"]) == (ROWS, ROWS), "600 awards, no duplicate"
    text = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "mail").iterdir())
    assert re.search(r"^To: person599@example\.org$", text, flags=re.MULTILINE)
