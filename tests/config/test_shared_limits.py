"""Rate limits hold across app processes: two real servers share one cache.

Acceptance 3 of #11, "including with two app processes sharing the cache": two
``manage.py runserver`` processes on loopback, one SQLite database file, and the cache of
production — the database cache (the default) or a real Redis. Failed logins, password reset
emails and API requests are spread over both servers; the limits count them together.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.config.redis_server import free_port, redis_server

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "amina@example.org"
PASSWORD = "correct horse battery staple"
CREATE_USER = f"""
from django.utils import timezone
from accounts.models import User
User.objects.create_user(email="{EMAIL}", password="{PASSWORD}",
                         email_verified_at=timezone.now(), preferred_language="en")
"""


def _environment(tmp: Path, cache_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CACHE_", "RATE_", "LOGIN_", "EMAIL_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp / 'shared.sqlite3'}",
            "CACHE_URL": cache_url,
            "EMAIL_URL": f"file://{tmp / 'mail'}",
            "TASKS_BACKEND": "immediate",
            # No slow-down here (it is tested in one process): the lock alone, at 10.
            "LOGIN_SLOWDOWN_AFTER": "100",
            "LOGIN_LOCK_AFTER": "10",
            "RATE_LIMITS": "api_address=5/m,reset_email=3/h",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database file with Amina's account, copied for each cache backend."""
    folder = tmp_path_factory.mktemp("template")
    env = _environment(folder, "db://")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "shell", "-c", CREATE_USER], env=env, cwd=ROOT, check=True)
    return folder / "shared.sqlite3"


@contextmanager
def _server(env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload"]
    process = subprocess.Popen(
        [*command, f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - loopback
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the app server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


class Browser:
    """One visitor (one cookie jar) talking to both servers."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, url: str) -> tuple[int, dict[str, str], str]:
        return self._open(urllib.request.Request(url))  # noqa: S310 - http on loopback

    def post(self, url: str, data: dict[str, str]) -> tuple[int, dict[str, str], str]:
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - loopback
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[int, dict[str, str], str]:
        request.add_header("Accept-Language", "en")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _mails(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()))
    return re.findall(r"^Subject: (.+)$", text, flags=re.MULTILINE)


@pytest.mark.parametrize("backend", ["database", pytest.param("redis", marks=pytest.mark.redis)])
def test_two_app_processes_share_the_limits(migrated, tmp_path, backend):
    shutil.copy(migrated, tmp_path / "shared.sqlite3")
    with ExitStack() as stack:
        cache_url = "db://" if backend == "database" else stack.enter_context(redis_server())
        env = _environment(tmp_path, cache_url)
        first = stack.enter_context(_server(env))
        second = stack.enter_context(_server(env))
        visitor = Browser()
        for base in (first, second):
            assert visitor.get(f"{base}/accounts/login/")[0] == 200

        # 10 wrong passwords, 5 on each process: the account is locked on both.
        for attempt in range(10):
            base = (first, second)[attempt % 2]
            status, _headers, _html = visitor.post(
                f"{base}/accounts/login/", {"username": EMAIL, "password": "wrong"}
            )
            assert status == 200, (attempt, status)
        status, headers, html = visitor.post(
            f"{first}/accounts/login/", {"username": EMAIL, "password": PASSWORD}
        )
        assert status == 429 and int(headers["Retry-After"]) > 14 * 60
        assert "This account is locked" in html
        assert (
            visitor.post(f"{second}/accounts/login/", {"username": EMAIL, "password": PASSWORD})[0]
            == 429
        )
        assert _mails(tmp_path / "mail") == ["Your Jalons account is locked for a while"]

        # 10 reset requests, alternating: 3 emails at most, then 429 on either process.
        answers = [
            visitor.post(f"{(first, second)[n % 2]}/accounts/password/reset/", {"email": EMAIL})[0]
            for n in range(10)
        ]
        assert answers == [302, 302, 302] + [429] * 7
        assert len(_mails(tmp_path / "mail")) == 1 + 3

        # The API: 5 requests a minute from this address, counted on both processes.
        codes = [visitor.get(f"{(first, second)[n % 2]}/api/v1/frameworks/") for n in range(6)]
        assert [code for code, _headers, _body in codes] == [200] * 5 + [429]
        assert 1 <= int(codes[-1][1]["Retry-After"]) <= 60
