"""Benchmark: the territorial indicators page at 100,000 contributions.

    .venv/bin/python bench/indicators.py [--quick] [--contributions 100000] [--requests 50]

Creates a database of its own and drops it at the end (PostgreSQL when ``DATABASE_URL``
names one; else a temporary SQLite file), migrates it, fills it with
``manage.py generate_scale_data`` and places the initiatives in twelve Dijon métropole
towns. Then, in-process (Django's test client, ``DJANGO_DEBUG=false``, the local-memory
cache), measures:

- computing and storing a year's protected figures (the aggregate queries, the cells,
  primary and secondary suppression and its audit, the JSON stored): what the background
  task and ``manage.py indicators_publish`` pay per year, never a request;
- ``/indicators/`` reading the stored figures (what every request pays: one narrow query,
  the figures held in the process), p50 and p95, and the first read in a process (the
  stored JSON loaded);
- ``/indicators/`` for one town and one quarter, and ``/open-data/indicators.csv``.

``--quick``: 5,000 contributions, 10 requests (a smoke test). Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import fresh_database  # noqa: E402 (the project's root, just added)

TOWNS = [
    ("21231", "Dijon", 159346),
    ("21166", "Chenôve", 14161),
    ("21515", "Quetigny", 9686),
    ("21617", "Talant", 11416),
    ("21355", "Longvic", 9088),
    ("21278", "Fontaine-lès-Dijon", 8902),
    ("21605", "Saint-Apollinaire", 7577),
    ("21171", "Chevigny-Saint-Sauveur", 11378),
    ("21485", "Plombières-lès-Dijon", 2848),
    ("21452", "Marsannay-la-Côte", 5295),
    ("21003", "Ahuy", 1267),
    ("21370", "Magny-sur-Tille", 893),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function: object, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--contributions", type=int)
    parser.add_argument("--requests", type=int)
    args = parser.parse_args()
    contributions = args.contributions or (5_000 if args.quick else 100_000)
    requests = args.requests or (10 if args.quick else 50)
    with fresh_database("jalons_bench_indicators") as url:
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DJANGO_DEBUG": "false",
                "DATABASE_URL": url,
                "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + "k" * 60,
                "SIGNING_KEY_ENCRYPTION_KEY": os.environ.get("SIGNING_KEY_ENCRYPTION_KEY")
                or "0" * 64,
                "ALLOWED_HOSTS": "testserver",
                "SECURE_SSL_REDIRECT": "false",
                "LOG_LEVEL": "warning",
            }
        )
        import django

        django.setup()
        from django.conf import settings

        # The pages name their files without the collected manifest (no collectstatic here).
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from community.models import Commune, Initiative
        from community.selectors import indicators as indicator_selectors
        from community.selectors.indicators import indicator_years
        from community.services.indicators import publication_refresh

        call_command("migrate", "--no-input", verbosity=0)
        started = time.perf_counter()
        call_command(
            "generate_scale_data",
            volunteers=max(contributions // 10, 100),
            initiatives=max(contributions // 1000, 20),
            contributions=contributions,
            awards=contributions // 10,
            shares=contributions // 100,
            quiet=True,
            yes_really=True,  # a throwaway database of this script
            stdout=open(os.devnull, "w"),  # noqa: SIM115 -- the generator's JSON is not needed
        )
        generated = time.perf_counter() - started
        for code, name, population in TOWNS:
            Commune.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "department": "21",
                    "region": "27",
                    "epci_code": "242100410",
                    "epci_name": "Dijon Métropole",
                    "population": population,
                },
            )
        ids = list(Initiative.objects.order_by("pk").values_list("pk", flat=True))
        for index, code in enumerate(code for code, _, _ in TOWNS):
            Initiative.objects.filter(pk__in=ids[index :: len(TOWNS)]).update(place_id=code)
        years = indicator_years()
        year = years[0]
        compute = timed(lambda: publication_refresh(year=year), 1 if args.quick else 3)
        for other in years[1:]:
            publication_refresh(year=other)
        client = Client()
        page = "/indicators/"
        assert client.get(page).status_code == 200

        def first_read() -> None:
            indicator_selectors._held.clear()
            client.get(page)

        first = timed(first_read, max(requests // 5, 3))
        warm = timed(lambda: client.get(page), requests)
        town = timed(
            lambda: client.get(page, {"year": year, "period": 2, "place": "commune:21166"}),
            requests,
        )
        client.get("/open-data/indicators.csv")
        csv = timed(lambda: client.get("/open-data/indicators.csv"), max(requests // 5, 3))
        cache.clear()
        print("== Territorial indicators (bench/indicators.py) ==")
        print(
            f"data: {contributions:,} contributions, {len(ids):,} initiatives in "
            f"{len(TOWNS)} towns, years {years[-1]}–{years[0]} on {connection.vendor} "
            f"(generated in {generated:.0f} s); in-process client, DJANGO_DEBUG=false"
        )
        print(f"{'measure':44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for label, values in (
            (f"compute and store a year's figures ({year})", compute),
            ("/indicators/ (stored figures, held)", warm),
            ("/indicators/ (first read in a process)", first),
            ("/indicators/ one town, one quarter", town),
            ("/open-data/indicators.csv (all years)", csv),
        ):
            print(
                f"{label:44} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f}"
                f" {max(values):8.1f}"
            )
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
