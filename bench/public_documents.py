"""Benchmark: the public OB 3.0 credential against a bare Django one-row JSON view.

    .venv/bin/python bench/public_documents.py [--quick] [--seconds 5] [--clients 2]
        [--worker-class sync] [--health-checks]

Creates a database of its own and drops it at the end (PostgreSQL when ``DATABASE_URL``
names one: a database ``jalons_bench_public_<random>``, the role needs CREATEDB; else a
temporary SQLite file), migrates it and issues one award. Then starts gunicorn (2 workers,
``DJANGO_DEBUG=false``, the site's settings plus one bare view: ``bench/bare_settings.py``)
and, with a keep-alive HTTP client (standard library, ``--clients`` threads), measures in
alternating rounds, in the same run and the same server:

- the award's OB 3.0 credential (``/badges/awards/<uuid>.json``, the real view);
- ``/bench/one-row.json``: a bare Django view that reads one row and returns ``JsonResponse``
  (it goes through every middleware, as any page does);
- ``/bench/one-row-direct.json``: the same view on the public documents' short path (the
  stricter comparison: the same layers as the credential);

and prints requests/s, p50 and p99 of each and the ratio, and checks that a request with the
credential's ``ETag`` gets ``304``. ``--health-checks`` adds a run of the credential with the
database health check off (``CONN_HEALTH_CHECKS``), to show what it costs.
``--quick``: one short round (a smoke test). Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import free_port, fresh_database  # noqa: E402 (the project's root, just added)

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bare_settings"


@contextmanager
def gunicorn(port: int, env: dict[str, str], worker_class: str) -> Iterator[None]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--workers=2",
        f"--worker-class={worker_class}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.1)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


@dataclass
class Figures:
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def hammer(port: int, path: str, *, seconds: float, clients: int) -> Figures:
    """``clients`` threads, each with one keep-alive connection, GET ``path`` for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures: list[str] = []
    stop = time.perf_counter() + seconds

    def client(mine: list[float]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                failures.append(repr(error))
                connection.close()
                continue
            if response.status != 200:
                failures.append(f"{path}: {response.status}")
                continue
            mine.append(time.perf_counter() - started)
        connection.close()

    threads = [threading.Thread(target=client, args=(mine,)) for mine in latencies]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        print(f"  {len(failures)} failed request(s) on {path}, first: {failures[0]}")
    every = [latency for mine in latencies for latency in mine]
    return Figures(requests=len(every), seconds=time.perf_counter() - began, latencies=every)


def wait_ready(port: int, path: str) -> None:
    """Until the workers answer (they load Django after the port is open)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} does not answer 200")
        time.sleep(0.2)


def merge(runs: list[Figures]) -> Figures:
    return Figures(
        requests=sum(run.requests for run in runs),
        seconds=sum(run.seconds for run in runs),
        latencies=[latency for run in runs for latency in run.latencies],
    )


def conditional_status(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    first = connection.getresponse()
    first.read()
    etag = first.getheader("ETag") or ""
    connection.request("GET", path, headers={"Host": "127.0.0.1", "If-None-Match": etag})
    second = connection.getresponse()
    second.read()
    connection.close()
    return second.status, etag


def line(name: str, figures: Figures) -> str:
    return (
        f"{name:<28} {figures.per_second:8.0f} req/s   p50 {figures.percentile(0.50):6.2f} ms"
        f"   p99 {figures.percentile(0.99):6.2f} ms   ({figures.requests} requests)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short round (seconds)")
    parser.add_argument("--seconds", type=float, default=5.0, help="per round and target")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--clients", type=int, default=2, help="client threads")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument(
        "--health-checks", action="store_true", help="also measure without CONN_HEALTH_CHECKS"
    )
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.rounds = 1.0, 1

    with (
        tempfile.TemporaryDirectory(prefix="jalons-bench-files-") as files,
        fresh_database("jalons_bench_public") as url,
    ):
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SIGNING_KEY_ENCRYPTION_KEY": secrets.token_hex(32),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "TASKS_BACKEND": "thread",
            "EMAIL_URL": f"file://{files}/mail",
            "MEDIA_ROOT": f"{files}/media",
            "LOG_LEVEL": "warning",
            "DJANGO_SETTINGS_MODULE": "bench.bare_settings",
            "PYTHONPATH": str(ROOT),
        }
        os.environ.update(env)
        import django
        from django.core.management import call_command

        django.setup()
        logging.disable(logging.WARNING)
        call_command("migrate", verbosity=0, interactive=False)
        from tests.badges.factories.revocation import award_add, setting

        s = setting()
        award = award_add(s)
        from django.db import connections

        connections.close_all()
        credential = award.ob3_path
        bare = f"/bench/one-row.json?uuid={s.issuer.uuid}"
        direct = f"/bench/one-row-direct.json?uuid={s.issuer.uuid}"
        port = free_port()
        print(f"database: {connections['default'].vendor}; gunicorn: 2 {args.worker_class}")
        print(f"workers, DJANGO_DEBUG=false; {args.clients} keep-alive clients")
        with gunicorn(port, env, args.worker_class):
            wait_ready(port, credential)
            for path in (credential, bare, direct):  # warm both workers
                hammer(port, path, seconds=0.5, clients=args.clients)
            runs: dict[str, list[Figures]] = {credential: [], bare: [], direct: []}
            for _round in range(args.rounds):
                for path, figures in runs.items():
                    figures.append(hammer(port, path, seconds=args.seconds, clients=args.clients))
            status, etag = conditional_status(port, credential)
        document, baseline, short = (merge(runs[path]) for path in (credential, bare, direct))
        print(line("bare one-row JSON view", baseline))
        print(line("  the same, short path", short))
        print(line("OB 3.0 credential", document))
        print(
            f"ratio credential / bare view: {document.per_second / baseline.per_second:.2f}"
            f"; / bare view on the short path: {document.per_second / short.per_second:.2f}"
            " (target >= 0.80, p99 <= 15 ms)"
        )
        print(f'conditional request (If-None-Match {etag[:12]}…"): {status} (expected 304)')
        if args.health_checks:
            without = {**env, "BENCH_HEALTH_CHECKS": "0"}
            with gunicorn(port, without, args.worker_class):
                wait_ready(port, credential)
                hammer(port, credential, seconds=0.5, clients=args.clients)
                unchecked = [
                    hammer(port, credential, seconds=args.seconds, clients=args.clients)
                    for _ in range(args.rounds)
                ]
            print(line("credential, no health check", merge(unchecked)))
        if status != 304:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
