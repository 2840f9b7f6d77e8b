"""Benchmark: "jobs that ask for what you already have" with the full ROME 4.0 loaded.

    .venv/bin/python bench/rome_jobs.py [--quick] [--requests 200]

A fresh database (PostgreSQL when ``DATABASE_URL`` names one, e.g. under ``bench/pg.sh``; else a
temporary SQLite file) is migrated and filled with ``manage.py load_rome`` (16 savoir-être,
1,584 job sheets, 13,120 job titles, 5,255 links). A volunteer's portfolio selects every
competence of the default framework, each confirmed: the worst case, since its savoir-être
are asked for by almost every job sheet. The page (``/portfolios/<uuid>/rome/jobs/``), its
filtered and last pages and the target-job page with a search are then requested in the
process through Django's test client, signed in (middleware, templates, queries included; no
network; debug settings, so templates are not cached: pessimistic): p50, p95 and max per
page, and the number of queries. Target (#16, acceptance 3):
p95 under 100 ms. ``--quick``: 30 requests a page.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="30 requests a page")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    count = 30 if args.quick else args.requests

    from bench.common import fresh_database

    with fresh_database("bench_rome") as url:
        os.environ["DATABASE_URL"] = url
        # Debug settings (no collected static files needed): templates are not cached and
        # queries are logged, so the figures are, if anything, pessimistic.
        os.environ["DJANGO_DEBUG"] = "true"
        import django

        django.setup()
        return _run(count)


def _run(count: int) -> int:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from competences.api import Competence, FrameworkVersion
    from competences.services.defaults import default_framework_data
    from tests.accounts.factories.users import UserFactory
    from tests.portfolios.factories.shares import portfolio_with_competences

    started = time.perf_counter()
    call_command("migrate", "--no-input", verbosity=0)
    call_command("load_rome", "--quiet", stdout=open(os.devnull, "w"))  # noqa: SIM115
    loaded = time.perf_counter() - started
    version = FrameworkVersion.objects.get(uuid=default_framework_data()["version"]["uuid"])
    codes = list(Competence.objects.filter(version=version).values_list("code", flat=True))
    volunteer = UserFactory(email="bench.rome@example.org")
    portfolio = portfolio_with_competences(volunteer, version, dict.fromkeys(codes, 3))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(volunteer)
    jobs = reverse("portfolios:portfolio_rome_jobs", kwargs={"uuid": portfolio.uuid})
    reading = reverse("portfolios:portfolio_rome", kwargs={"uuid": portfolio.uuid})
    pages = [
        ("jobs, first page", jobs, {}),
        ("jobs, grand domaine M", jobs, {"domain": "M"}),
        ("jobs, page 40", jobs, {"page": "40"}),
        ("target jobs + search", reading, {"q": "agent accueil"}),
    ]
    print(
        f"== ROME jobs page (bench/rome_jobs.py) ==\n"
        f"data: ROME 4.0 loaded in {loaded:.1f} s (with migrations) on {connection.vendor}; "
        f"portfolio: {len(codes)} confirmed competences\n"
        f"python {platform.python_version()}, {os.cpu_count()} CPUs; in-process test client, "
        f"5 warm-up then {count} sequential requests per page"
    )
    print(f"{'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    slow = False
    for name, path, data in pages:
        for _ in range(5):
            assert client.get(path, data).status_code == 200
        times = []
        for _ in range(count):
            begun = time.perf_counter()
            response = client.get(path, data)
            times.append((time.perf_counter() - begun) * 1000)
            if response.status_code != 200:
                print(f"{name:<26}ERROR: HTTP {response.status_code}")
                return 1
        with CaptureQueriesContext(connection) as queries:
            client.get(path, data)
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        slow = slow or p95 > 100
        print(
            f"{name:<26}{statistics.median(times):>9.1f}{p95:>9.1f}{times[-1]:>9.1f}"
            f"{len(queries):>9}"
        )
    print("target: p95 < 100 ms" + ("  (NOT MET)" if slow else "  (met)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
