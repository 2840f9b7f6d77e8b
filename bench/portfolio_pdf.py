"""Benchmark: render a ~10-page portfolio with 20 badges to PDF, N times.

    .venv/bin/python bench/portfolio_pdf.py [--runs 7] [--badges 20] [--contributions 32]

Uses the project's Django settings and no database: the content is built by hand
(``tests/portfolios/factories/pdf.py``) with badge images drawn by Pillow into a
temporary ``MEDIA_ROOT``; the CLR attached is a JSON of about the size of a real one.
Prints the median and spread of the rendering time, the peak Python memory of one
rendering (tracemalloc, measured in a separate run since tracing slows it down), the
process's peak resident memory (getrusage), the page count and the PDF size.
Results and the machine they were measured on: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--badges", type=int, default=20)
    parser.add_argument("--contributions", type=int, default=32)
    parser.add_argument("--endorsements", type=int, default=12)
    parser.add_argument("--language", default="fr", choices=("fr", "en"))
    parser.add_argument("--output", help="also write the last PDF there")
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    logging.disable(logging.INFO)  # WeasyPrint logs each rendering step at INFO
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="jalons-bench-media-")

    import weasyprint
    from pypdf import PdfReader

    from portfolios.pdf import render_pdf
    from tests.portfolios.factories.pdf import hand_content

    content = hand_content(
        domains=5,
        contributions=args.contributions,
        endorsements=args.endorsements,
        badges=args.badges,
        language=args.language,
    )
    clr = json.dumps(
        {
            "type": ["VerifiableCredential", "ClrCredential"],
            "credentialSubject": {
                "verifiableCredential": [
                    badge.credential | {"pad": "x" * 3000} for badge in content.badges
                ]
            },
        }
    )
    verify = (
        settings.SITE_URL.rstrip("/")
        + "/portfolios/releases/00000000-0000-4000-8000-000000000000/verify/"
    )

    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Django loaded, no PDF

    def render() -> bytes:
        return render_pdf(content, verification_url=verify, clr_json=clr)

    pdf = render()  # warm-up: fonts, templates, imports
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        pdf = render()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    render()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

    pages = len(PdfReader(__import__("io").BytesIO(pdf)).pages)
    if args.output:
        Path(args.output).write_bytes(pdf)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"python {platform.python_version()}, WeasyPrint {weasyprint.__version__}")
    print(
        f"portfolio: {content.competence_count} competences, {len(content.contributions)} "
        f"contributions, {len(content.endorsements)} endorsements, {len(content.badges)} badges, "
        f"CLR {len(clr) // 1024} KiB attached"
    )
    print(f"pages: {pages}, PDF size: {len(pdf) / 1024:.0f} KiB")
    print(
        f"rendering time over {args.runs} runs: median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f} s, max {max(times):.3f} s)"
    )
    print(f"peak Python memory of one rendering (tracemalloc): {traced_peak / 2**20:.1f} MiB")
    print(
        f"peak resident memory of the process (ru_maxrss): {max_rss_kib / 1024:.1f} MiB "
        f"({baseline_kib / 1024:.1f} MiB before the first rendering)"
    )
    print("load average (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
