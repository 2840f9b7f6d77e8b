"""Benchmark: p50/p95/max and size of the main pages and API lists at regional scale.

    .venv/bin/python bench/pages.py --quick        # seconds: small data, throwaway SQLite
    bench/pg.sh .venv/bin/python bench/pages.py    # the real run: throwaway PostgreSQL,
                                                   # 100,000 volunteers (generated first)
    .venv/bin/python bench/pages.py --data scale.json   # a database generated earlier

Against ``DATABASE_URL`` (without ``--quick``): migrates it, fills it with
``manage.py generate_scale_data`` (sizes below) unless ``--data`` gives the JSON that command
printed for it, then starts gunicorn (``config.wsgi``, 2 sync workers, ``DJANGO_DEBUG=false``,
the same database) on a free loopback port, signs in the personas the generator names (login
form, CSRF, session cookie) and requests each page ``--warmup`` times, then ``--requests``
times, one request at a time over a keep-alive connection. Prints one table: p50, p95 and
max in milliseconds, the body size, and each page's p50 as a multiple (x) of ``/healthz`` (a
one-query page) measured in the same run. A page that does not answer 200 is shown as an
error and the script exits 1. Results: docs/performance.md#pages-at-regional-scale.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import free_port  # noqa: E402 (the project's root, just added)

QUICK_SIZES = {
    "volunteers": 300,
    "initiatives": 8,
    "contributions": 3000,
    "awards": 400,
    "shares": 60,
}
FULL_SIZES = {
    "volunteers": 100_000,
    "initiatives": 1_000,
    "contributions": 1_000_000,
    "awards": 100_000,
    "shares": 2_000,
}
# (label, persona, the generator's path key): the pages the issue names.
TARGETS = (
    ("initiative's members page", "leader", "members_page"),
    ("advisor workspace", "advisor", "advisor_workspace"),
    ("API: shared portfolios", "advisor", "api_shared_portfolios"),
    ("API: an issuer's awards", "steward", "api_issuer_awards"),
    ("initiatives list", "volunteer", "initiatives_page"),
    ("API: initiatives", "volunteer", "api_initiatives"),
    ("leader's endorsement queue", "leader", "endorsement_queue"),
    ("API: contributions", "volunteer", "api_contributions"),
)


def environment(database_url: str, *, debug: bool) -> dict[str, str]:
    """The same secrets for the generator and the server (the signing keys it encrypts)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "true" if debug else "false",
            "DATABASE_URL": database_url,
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-" + "k" * 60,
            "SIGNING_KEY_ENCRYPTION_KEY": env.get("SIGNING_KEY_ENCRYPTION_KEY") or "0" * 64,
            "LOG_LEVEL": "warning",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 -- this project's manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout or ""


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[int]:
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 -- gunicorn from this venv
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi"),
                *("-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "120"),
            ],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start:\n{log.read_text()}") from None
                time.sleep(0.1)
        try:
            yield port
        except (OSError, http.client.HTTPException):
            alive = "running" if process.poll() is None else f"exited ({process.returncode})"
            print(f"gunicorn {alive}; its log ends with:", file=sys.stderr)
            print(log.read_text()[-3000:], file=sys.stderr)
            raise
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Client:
    """One person's keep-alive connection, with their cookies. The server runs with
    DJANGO_DEBUG=false behind no proxy: ``X-Forwarded-Proto: https`` stands for the TLS
    proxy (no redirect to https), and cookies are kept by hand (they are ``Secure``)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "fr",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = headers["Referer"] = f"https://127.0.0.1:{self.port}"
        for attempt in range(2):  # sync workers close the connection: reconnect once
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError, BrokenPipeError):
                self.connection.close()
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content

    def login(self, email: str, password: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or match is None:
            raise SystemExit(f"login page: {status}")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": email,
                "password": password,
            },
        )
        if status != 302:
            raise SystemExit(f"could not sign in as {email}: {status}")


@dataclass
class Row:
    label: str
    persona: str
    path: str
    times: list[float]
    size: int
    status: int

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000


def measure(client: Client, row: Row, *, warmup: int, requests: int) -> Row:
    for _ in range(warmup):
        client.request("GET", row.path)
    for _ in range(requests):
        started = time.perf_counter()
        status, body = client.request("GET", row.path)
        row.times.append(time.perf_counter() - started)
        row.size = len(body)
        if status != 200:
            row.status = status
    return row


def print_table(rows: list[Row], data: dict[str, Any], header: list[str]) -> None:
    base = statistics.median(rows[0].times) * 1000 if rows and rows[0].times else 0
    print("== Pages at regional scale (bench/pages.py) ==")
    for line in header:
        print(line)
    print(
        f"{'page':<28} {'persona':<10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'KiB':>8} {'x healthz':>10}"
    )
    for row in rows:
        if row.status != 200:
            print(f"{row.label:<28} {row.persona:<10} ERROR: HTTP {row.status} for {row.path}")
            continue
        p50 = row.percentile(0.5)
        print(
            f"{row.label:<28} {row.persona:<10} {p50:8.1f} {row.percentile(0.95):8.1f} "
            f"{max(row.times) * 1000:8.1f} {row.size / 1024:8.1f} "
            f"{(p50 / base if base else 0):9.1f}x"
        )


def static_files(env: dict[str, str]) -> None:
    """Static files with their manifest, as DJANGO_DEBUG=false serves them: collected into
    var/static when the manifest is missing or older than a file of static/ (compressing
    the API docs' assets takes minutes on a busy machine; once is enough)."""
    manifest = ROOT / "var" / "static" / "staticfiles.json"
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file())
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        print("Collecting the static files (once)…", file=sys.stderr)
        manage(env, "collectstatic", "--no-input", "-v", "0")


def describe(data: dict[str, Any]) -> str:
    counts = data.get("counts", {})
    names = ("volunteers", "initiatives", "contributions", "awards", "shares")
    return ", ".join(f"{counts.get(name, 0):,} {name}" for name in names)


def run(args: argparse.Namespace, database_url: str, folder: Path) -> int:
    debug_env = environment(database_url, debug=True)
    server_env = environment(database_url, debug=False)
    if args.data:
        data = json.loads(Path(args.data).read_text())
    else:
        manage(debug_env, "migrate", "--no-input", "-v", "0")
        sizes = QUICK_SIZES if args.quick else FULL_SIZES
        options = [
            f"--{name}={getattr(args, name) if getattr(args, name) is not None else value}"
            for name, value in sizes.items()
        ]
        print(f"Generating the data ({' '.join(options)})…", file=sys.stderr)
        output = manage(
            debug_env,
            "generate_scale_data",
            *options,
            f"--seed={args.seed}",
            *([] if args.verbose else ["--quiet"]),
            capture=True,
        )
        data = json.loads(output)
        if args.save_data:
            Path(args.save_data).write_text(output)
    static_files(server_env)
    personas = data["personas"]
    paths = data["paths"]
    password = data["password"]
    with gunicorn(server_env, folder / "gunicorn.log") as port:
        anonymous = Client(port)
        rows = [
            measure(
                anonymous,
                Row("healthz (one query)", "anonymous", "/healthz", [], 0, 200),
                warmup=args.warmup,
                requests=args.requests,
            )
        ]
        clients: dict[str, Client] = {}
        for label, persona, key in TARGETS:
            if persona not in clients:
                clients[persona] = Client(port)
                clients[persona].login(personas[persona]["email"], password)
            row = Row(label, persona, paths[key], [], 0, 200)
            rows.append(measure(clients[persona], row, warmup=args.warmup, requests=args.requests))
    engine = data.get("database", "?")
    header = [
        f"data: {describe(data)} on {engine}"
        + (f" (generated in {data['seconds']:,.0f} s)" if "seconds" in data else ""),
        f"members page: {personas['leader'].get('members', 0):,} members; queue: "
        f"{personas['leader'].get('queue', 0):,} waiting; advisor: "
        f"{personas['advisor'].get('shares', 0):,} shares; issuer: "
        f"{personas['issuer'].get('awards', 0):,} awards; volunteer: "
        f"{personas['volunteer'].get('contributions', 0):,} contributions",
        f"gunicorn -w 2 (sync), DJANGO_DEBUG=false; {args.warmup} warm-up then "
        f"{args.requests} sequential requests per page, one keep-alive client",
    ]
    print_table(rows, data, header)
    return 0 if all(row.status == 200 for row in rows) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data, throwaway SQLite")
    parser.add_argument("--data", help="the JSON printed by generate_scale_data for this database")
    parser.add_argument("--save-data", help="write the generator's JSON there (for --data)")
    parser.add_argument("--requests", type=int, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="the generator's progress")
    for name in FULL_SIZES:
        parser.add_argument(f"--{name}", type=int, help=f"generated {name}")
    args = parser.parse_args()
    if args.requests is None:
        args.requests = 8 if args.quick else 30
    folder = Path(tempfile.mkdtemp(prefix="jalons-bench-pages-"))
    try:
        if args.quick:
            return run(args, f"sqlite:///{folder / 'bench.sqlite3'}", folder)
        database_url = os.environ.get("DATABASE_URL", "")
        if not database_url.startswith(("postgres://", "postgresql://")):
            print(
                "bench/pages.py needs DATABASE_URL=postgres://… (a throwaway database: it is "
                "filled with generated data); `bench/pg.sh .venv/bin/python bench/pages.py` "
                "starts a throwaway cluster. Or: --quick.",
                file=sys.stderr,
            )
            return 2
        return run(args, database_url, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
