"""Several app servers and a worker share PostgreSQL, Redis and an S3 server: acceptance 4 of #14.

"A test starts two app processes and a worker sharing PostgreSQL, Redis and an S3-compatible
server on loopback: an evidence file uploaded through one is served (with permission) by the
other, a rate limit counted on one applies on the other, a bulk award started on one completes
on the worker; killing one app process loses nothing."

Everything is real and on 127.0.0.1: a throwaway PostgreSQL (tests/config/pg_throwaway.py: a
database on the suite's server when it runs on PostgreSQL, else a cluster of its own), Debian's
``redis-server`` (tests/config/redis_server.py), moto's S3 server (tests/config/s3_server.py),
two gunicorn processes serving ``config.wsgi`` and one ``manage.py db_worker``. They run the
production settings (``DJANGO_DEBUG=0``; tests/config/multi_node_settings.py only skips the
compression of static files), configured by environment variables only: ``DATABASE_URL``,
``CACHE_URL=redis://…``, ``S3_*``, ``TASKS_BACKEND=database``. The test talks to them over
HTTP as a browser without JavaScript would, and reads the database and the bucket to check.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest

from tests.badges.factories.bulk import csv_bytes, people
from tests.community.factories.contributions import pdf_bytes
from tests.config.pg_throwaway import postgres_database
from tests.config.redis_server import free_port, redis_server
from tests.config.s3_server import S3Server, s3_server_running

pytestmark = [pytest.mark.processes, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
PASSWORD = "correct horse battery staple"
ROWS = 5
T = TypeVar("T")

SEED = f"""
import json
from accounts.models import User
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.revocation import setting
from tests.community.factories.contributions import ContributionFactory
s = setting()
outsider = UserFactory(email="outsider@example.org", display_name="Outsider")
for user in (s.leader, s.member, outsider):
    user.preferred_language = "en"
    user.set_password({PASSWORD!r})
    user.save()
contribution = ContributionFactory(owner=s.member, initiative=s.issuer.initiative)
print(json.dumps({{
    "badge": str(s.badge.uuid), "badge_id": s.badge.pk, "leader": s.leader.email,
    "member": s.member.email, "outsider": outsider.email,
    "contribution": str(contribution.uuid),
}}))
"""


# --- The services and the processes ---------------------------------------------------------


def _environment(tmp: Path, database: str, cache: str, s3: S3Server, bucket: str) -> dict:
    keep = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR")
    }
    site = "http://127.0.0.1:8000"  # the address people use: the load balancer's
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "tests.config.multi_node_settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SIGNING_KEY_ENCRYPTION_KEY": secrets.token_hex(32),
        "SITE_URL": site,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # the test stands for the HTTPS proxy in front
        "DATABASE_URL": database,
        "CACHE_URL": cache,
        **s3.environ(bucket),
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(tmp / "media"),  # must stay empty: files are in the bucket
        "STATIC_ROOT": str(tmp / "static"),
        "EMAIL_URL": f"file://{tmp / 'mail'}",
        "RATE_LIMITS": "api_address=5/m",
        "LOG_LEVEL": "warning",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def _manage(env: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(
        [*MANAGE, *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@contextmanager
def _process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A process (in a session of its own, with its children), stopped at the end."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=output, stderr=output, start_new_session=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _kill(process: subprocess.Popen) -> None:
    """The node dies: SIGKILL to gunicorn's master and its workers, nothing finishes."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@contextmanager
def _app(env: dict[str, str], log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """An app server (gunicorn, as in production), started; ``_wait_up`` waits for it."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"]
    command += ["--no-control-socket"]  # gunicorn ≥ 24: one socket path per user otherwise
    with _process(command, env, log) as process:
        yield f"http://127.0.0.1:{port}", process


def _wait_up(base: str, process: subprocess.Popen, log: Path) -> None:
    def up() -> bool:
        assert process.poll() is None, f"the app server stopped: {log.read_text()[-3000:]}"
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=10):  # noqa: S310
                return True
        except OSError:  # refused while it starts; the first answer loads the app
            return False

    _wait_until(up, timeout=90, what="the app server")


def _wait_until(check: Callable[[], T], *, timeout: float, what: str, every: float = 0.1) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)


# --- A browser without JavaScript --------------------------------------------------------------


class _BehindTheProxy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are ``Secure``; the test speaks HTTP to the app servers as the HTTPS
    proxy in front of them would, so it sends them back over HTTP."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """One person's browser: one cookie jar, whichever app server answers."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar(policy=_BehindTheProxy())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        return self._open(urllib.request.Request(url))  # noqa: S310 - http on loopback

    def post(
        self,
        url: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, str, bytes]] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        fields = {**fields, "csrfmiddlewaretoken": token or ""}
        if not files:
            body = urllib.parse.urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            boundary = secrets.token_hex(16)
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
                for name, value in fields.items()
            ]
            for name, (filename, content_type, content) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                    + content
                    + b"\r\n"
                )
            parts.append(f"--{boundary}--\r\n".encode())
            body, kind = b"".join(parts), f"multipart/form-data; boundary={boundary}"
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - loopback
        request.add_header("Content-Type", kind)
        return self._open(request)

    def sign_in(self, base: str, email: str) -> None:
        assert self.get(f"{base}/accounts/login/")[0] == 200
        status, headers, _body = self.post(
            f"{base}/accounts/login/", {"username": email, "password": PASSWORD}
        )
        assert status == 302, (status, headers)

    def _open(self, request: urllib.request.Request) -> tuple[int, dict[str, str], bytes]:
        request.add_header("Accept-Language", "en")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


# --- The test ------------------------------------------------------------------------------------


def _one(database: str, sql: str, *params: Any) -> tuple[Any, ...]:
    with psycopg.connect(database, autocommit=True) as connection:
        row = connection.execute(sql, params).fetchone()
    assert row is not None, sql
    return tuple(row)


def test_two_app_servers_and_a_worker_share_everything_and_a_dead_node_loses_nothing(tmp_path):
    with ExitStack() as stack:
        database = stack.enter_context(postgres_database())
        cache = stack.enter_context(redis_server())
        s3 = stack.enter_context(s3_server_running())
        bucket = s3.bucket_new()
        env = _environment(tmp_path, database, cache, s3, bucket)
        static = stack.enter_context(
            _process([*MANAGE, "collectstatic", "--no-input", "-v", "0"], env, tmp_path / "s.log")
        )  # meanwhile, as each node would on deployment
        _manage(env, "migrate", "--no-input", "-v", "0")
        seeded = json.loads(
            _manage(env, "shell", "--no-imports", "-v", "0", "-c", SEED).strip().splitlines()[-1]
        )
        assert static.wait(timeout=120) == 0, (tmp_path / "s.log").read_text()[-3000:]
        logs = [tmp_path / "app-1.log", tmp_path / "app-2.log"]
        first, first_process = stack.enter_context(_app(env, logs[0]))
        second, second_process = stack.enter_context(_app(env, logs[1]))
        worker_command = [*MANAGE, "db_worker", "--queue-name", "*", "--no-reload"]
        worker_command += ["--no-startup-delay", "--interval", "0.2"]
        stack.enter_context(_process(worker_command, env, tmp_path / "worker.log"))
        _wait_up(first, first_process, logs[0])
        _wait_up(second, second_process, logs[1])

        # 1. Evidence uploaded through the first server, served by the second to its owner
        #    (the session too is shared: signed in on the first), refused to someone else.
        amina = Browser()
        amina.sign_in(first, seeded["member"])
        content = pdf_bytes()
        status, headers, _body = amina.post(
            f"{first}/contributions/{seeded['contribution']}/evidence/new/file/",
            {"visibility": "endorsers"},
            {"file": ("attestation.pdf", "application/pdf", content)},
        )
        assert status == 302, (status, headers)
        evidence, name = _one(database, "SELECT uuid, file FROM community_evidence")
        assert s3.objects(bucket)[name] == content, "the file is in the bucket"
        file_url = f"{second}/evidence/{evidence}/file/"
        status, headers, body = amina.get(file_url)
        assert (status, body) == (200, content)
        assert headers["Content-Disposition"] == 'attachment; filename="attestation.pdf"'
        outsider = Browser()
        outsider.sign_in(second, seeded["outsider"])
        assert outsider.get(file_url)[0] == 404

        # 2. A rate limit counted on the first server applies on the second (one Redis).
        visitor = Browser()
        answers = [visitor.get(f"{first}/api/v1/frameworks/")[0] for _ in range(5)]
        assert answers == [200] * 5
        status, headers, _body = visitor.get(f"{second}/api/v1/frameworks/")
        assert status == 429 and 1 <= int(headers["Retry-After"]) <= 60

        # 3. A bulk award started on the first server; the first server dies at once; the
        #    worker does the run, its page on the second server shows it done.
        sophie = Browser()
        sophie.sign_in(first, seeded["leader"])
        recipients = csv_bytes(people(ROWS))
        status, headers, _body = sophie.post(
            f"{first}/badges/classes/{seeded['badge']}/award/bulk/",
            {},
            {"file": ("recipients.csv", "text/csv", recipients)},
        )
        assert status == 302, (status, headers)
        progress = urllib.parse.urlsplit(headers["Location"]).path
        _kill(first_process)
        with pytest.raises((urllib.error.URLError, ConnectionError)):  # nobody answers there
            urllib.request.urlopen(f"{first}/healthz", timeout=2)  # noqa: S310 - loopback

        def done() -> bool:
            status, _headers, body = sophie.get(f"{second}{progress}")
            assert status == 200, status
            return b"Finished: every row of the file was processed." in body

        _wait_until(done, timeout=60, what="the bulk award to finish", every=0.3)
        bulk_status, processed, awarded = _one(
            database, "SELECT status, processed, awarded FROM badges_bulkaward"
        )
        assert (bulk_status, processed, awarded) == ("done", ROWS, ROWS)
        count, distinct = _one(
            database,
            "SELECT COUNT(*), COUNT(DISTINCT recipient_email) FROM badges_award "
            "WHERE badge_class_id = %s",
            seeded["badge_id"],
        )
        assert (count, distinct) == (ROWS, ROWS), "every row awarded once"

        # 4. Nothing was lost with the first server: the file, the session, the counter.
        status, _headers, body = amina.get(file_url)
        assert (status, body) == (200, content)
        assert visitor.get(f"{second}/api/v1/frameworks/")[0] == 429
        assert s3.objects(bucket)[name] == content
        media = tmp_path / "media"
        assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))
