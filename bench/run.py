"""Run every benchmark of bench/ in sequence and print their blocks (``make bench``).

    .venv/bin/python bench/run.py            # make bench: the real runs (long: the pages
                                             # benchmark generates 100,000 volunteers)
    .venv/bin/python bench/run.py --quick    # make bench-quick: each one's short run

The scripts measured on PostgreSQL (pages, public documents, issuance) run inside
``bench/pg.sh`` (a throwaway cluster) unless ``DATABASE_URL`` already names a PostgreSQL
server; ``--quick`` runs them on SQLite. A script not written yet is skipped with a note.
Exits 1 if one failed. What each prints and how to read it: bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# (script, arguments of the real run, arguments of the quick run, needs PostgreSQL)
SCRIPTS: tuple[tuple[str, list[str], list[str], bool], ...] = (
    ("pages.py", [], ["--quick"], True),
    ("public_documents.py", [], ["--quick"], True),
    ("issuance.py", [], ["--quick"], True),
    ("portfolio_pdf.py", [], ["--runs", "1"], False),
    ("trust_list.py", [], ["--issuers", "50", "--runs", "1"], False),
    ("indicators.py", [], ["--quick"], True),
    ("rome_jobs.py", [], ["--quick"], True),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="each benchmark's short run")
    args = parser.parse_args()
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    failed = []
    for script, full, quick, needs_postgres in SCRIPTS:
        path = BENCH / script
        if not path.exists():
            print(f"\n### bench/{script}: not there yet, skipped", flush=True)
            continue
        command = [sys.executable, str(path), *(quick if args.quick else full)]
        if needs_postgres and not args.quick and not on_postgres:
            command = [str(BENCH / "pg.sh"), *command]
        print(f"\n### bench/{script} {' '.join(quick if args.quick else full)}", flush=True)
        started = time.monotonic()
        result = subprocess.run(command, cwd=BENCH.parent, check=False)  # noqa: S603 -- ours
        print(f"### ({time.monotonic() - started:.0f} s)", flush=True)
        if result.returncode:
            failed.append(script)
    if failed:
        print(f"\nFailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
