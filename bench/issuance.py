"""Benchmark: issuing awards against the bare signature they carry.

    .venv/bin/python bench/issuance.py [--quick] [--rows 500] [--awards 50] [--profile 200]

Creates a database of its own and drops it at the end: on the PostgreSQL server of
``DATABASE_URL`` when it names one (a database ``jalons_bench_issuance_<random>``, so the role
needs CREATEDB), else a temporary SQLite file. It migrates it, adds an issuer with its key and a
badge class (image, three competence alignments, two tags), then prints:

- the bare signing time of one credential: the same kind of document (an award's credential,
  its proof removed) signed with the same key directly through ``badges.crypto``;
- ``award_issue`` per award (one award, one transaction, as a leader awarding by hand);
- a bulk award of ``--rows`` rows from upload to done, run by the development task worker
  (``config/task_backend.py``, a thread of this process), in awards/s;
- the ratio of each to the bare signing time, measured in the same run.

``--profile N`` prints instead the cProfile of N awards of a bulk run (the 25 most expensive
functions by cumulative time). ``--quick``: 20 awards and a bulk of 60 rows (a smoke test).
Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import fresh_database  # noqa: E402 (the project's root, just added)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def seed():
    """An issuer (with its key), its leader, a badge class with alignments and tags."""
    from badges.models import BadgeClass, BadgeRule
    from competences.models import Competence, Status
    from tests.badges.factories.revocation import setting

    s = setting()
    s.leader.preferred_language = "en"
    s.leader.save(update_fields=["preferred_language"])
    s.badge.tags.add("repair", "workshop")
    published = Competence.objects.filter(version__status=Status.PUBLISHED).order_by("pk")[:3]
    for competence in published:
        BadgeRule.objects.create(badge_class=s.badge, competence=competence, min_level=2)
    BadgeClass.objects.filter(pk=s.badge.pk).update(description="Anime un atelier. " * 10)
    s.badge.refresh_from_db()
    return s


def bare_signing(issuer, document: dict, count: int) -> float:
    """Seconds per credential: sign ``document`` ``count`` times with the issuer's key."""
    from badges.crypto.data_integrity import sign
    from badges.crypto.keys import decrypt_private_key
    from badges.models import SigningKey

    key = SigningKey.objects.get(issuer=issuer, retired_at__isnull=True)
    private_key = decrypt_private_key(key.encrypted_private_key)
    unsigned = {name: value for name, value in document.items() if name != "proof"}
    sign(unsigned, private_key=private_key, verification_method=key.verification_method_id)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        sign(unsigned, private_key=private_key, verification_method=key.verification_method_id)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def award_issue_time(s, count: int) -> float:
    """Seconds per award: ``award_issue`` one award at a time (its own transaction)."""
    from badges.services.awards import award_issue

    times = []
    for n in range(count):
        started = time.perf_counter()
        award_issue(
            badge_class=s.badge,
            email=f"single{n}@example.org",
            narrative="Trois ateliers.",
            awarded_by=s.leader,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bulk_run(s, rows: int, prefix: str) -> tuple[float, int]:
    """Seconds from the upload to the run done (its task in the worker thread), awards made."""
    from django.db import transaction

    from badges.models import Award
    from badges.models.bulk import BulkAward, BulkStatus
    from badges.services.bulk import bulk_award_start
    from tests.badges.factories.bulk import csv_bytes, upload

    data = csv_bytes(
        [(f"{prefix}{n}@example.org", f"Person {n}", f"Row {n}.", "") for n in range(rows)]
    )
    before = Award.objects.filter(badge_class=s.badge).count()
    started = time.perf_counter()
    with transaction.atomic():
        bulk = bulk_award_start(badge_class=s.badge, by=s.leader, upload=upload(data))
    while True:
        status = BulkAward.objects.values_list("status", flat=True).get(pk=bulk.pk)
        if status in (BulkStatus.DONE, BulkStatus.FAILED):
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    assert status == BulkStatus.DONE, status
    return elapsed, Award.objects.filter(badge_class=s.badge).count() - before


def profile_bulk(s, rows: int) -> None:
    """cProfile of the bulk run's work (its task's function, in this thread)."""
    from django.db import transaction

    from badges.services.bulk_run import bulk_award_rows_run
    from tests.badges.factories.bulk import bulk_add

    with transaction.atomic():
        bulk = bulk_add(
            s,
            rows=[
                {"line": n + 2, "email": f"profiled{n}@example.org", "narrative": f"Row {n}."}
                for n in range(rows)
            ],
            total=rows,
        )
    profiler = cProfile.Profile()
    profiler.enable()
    bulk_award_rows_run(bulk_uuid=bulk.uuid)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
        os.environ.get("BENCH_PROFILE_FILTER", ""), 25
    )
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run (seconds)")
    parser.add_argument("--rows", type=int, default=500, help="rows of the bulk award")
    parser.add_argument("--awards", type=int, default=50, help="single awards timed")
    parser.add_argument("--signatures", type=int, default=50, help="bare signatures timed")
    parser.add_argument("--profile", type=int, default=0, help="profile N bulk awards instead")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.awards, args.signatures = 60, 20, 20

    with (
        tempfile.TemporaryDirectory(prefix="jalons-bench-files-") as files,
        fresh_database("jalons_bench_issuance") as url,
    ):
        os.environ.update(
            {
                "DATABASE_URL": url,
                "TASKS_BACKEND": "thread",
                "EMAIL_URL": f"file://{files}/mail",
                "MEDIA_ROOT": f"{files}/media",
            }
        )
        import django
        from django.core.management import call_command

        django.setup()
        logging.disable(logging.WARNING)
        call_command("migrate", verbosity=0, interactive=False)
        s = seed()
        run(s, args)


def run(s, args: argparse.Namespace) -> None:
    from django.db import connection

    from badges.models import Award
    from config.task_backend import tasks_finish

    if args.profile:
        profile_bulk(s, args.profile)
        tasks_finish(timeout=600)
        return
    single = award_issue_time(s, args.awards)
    document = Award.objects.filter(badge_class=s.badge).earliest("pk").credential
    bare = bare_signing(s.issuer, document, args.signatures)
    elapsed, made = bulk_run(s, args.rows, "bulk")
    assert made == args.rows, (made, args.rows)
    started = time.perf_counter()
    tasks_finish(timeout=600)  # the emails (their own queue and thread), before the drop
    emails = time.perf_counter() - started
    per_award = elapsed / args.rows
    print(f"database: {connection.vendor}, {os.cpu_count()} CPUs")
    print(f"bare eddsa-rdfc-2022 signing:    {bare * 1000:7.1f} ms per credential")
    print(
        f"award_issue (one at a time):     {single * 1000:7.1f} ms per award"
        f"   ({single / bare:.2f}x bare signing)"
    )
    print(
        f"bulk award of {args.rows} rows (worker): {elapsed:6.2f} s, "
        f"{args.rows / elapsed:6.1f} awards/s, {per_award * 1000:.1f} ms per award"
        f"   ({per_award / bare:.2f}x bare signing)"
    )
    print(f"its emails, rendered and sent by their own task: done {emails:.2f} s later")


if __name__ == "__main__":
    main()
