"""Benchmark: sign the territory's trust list for N recognised issuers.

    .venv/bin/python bench/trust_list.py [--issuers 50 200 500] [--runs 3]

No database: the entries are built by hand (two keys and one period of recognition per
issuer, as ``badges.selectors.recognition.trust_list_entries`` gives them) and signed with a
fresh Ed25519 key, exactly as ``badges.services.trust_list.trust_list_signed`` does on a cache
miss. Prints, per size, the median time to build and sign the list (RDF canonicalization
dominates) and the size of the signed JSON. A signed list is then reused from the cache until
something changes, for an hour at most (docs/trust-list.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issuers", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from badges.crypto.data_integrity import sign
    from badges.crypto.keys import generate_key_pair
    from badges.trust_list import (
        TrustListEntry,
        TrustListKey,
        TrustListPeriod,
        trust_list_credential,
    )

    site = "https://jalons.example.org"
    territory = f"{site}/issuers/00000000-0000-4000-8000-000000000000"
    seed, public = generate_key_pair()
    method = f"{territory}#{public}"
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    for count in args.issuers:
        entries = []
        for number in range(count):
            issuer = f"{site}/issuers/00000000-0000-4000-8000-{number:012d}"
            keys = []
            for day in (0, 200):
                key = generate_key_pair()[1]
                keys.append(
                    TrustListKey(
                        id=f"{issuer}#{key}",
                        public_key_multibase=key,
                        created_at=start + timedelta(days=day),
                        retired_at=start + timedelta(days=200) if day == 0 else None,
                    )
                )
            entries.append(
                TrustListEntry(
                    id=issuer,
                    ob2_profile=f"{site}/ob/v2/issuers/{number}",
                    name=f"Initiative n° {number}",
                    url="https://www.example.org",
                    status="recognised",
                    status_since=start + timedelta(days=1),
                    reason="",
                    keys=keys,
                    periods=[TrustListPeriod(since=start + timedelta(days=1), note="Vérifiée.")],
                )
            )
        times = []
        size = 0
        for _ in range(args.runs):
            began = time.perf_counter()
            document = trust_list_credential(
                list_url=f"{site}/.well-known/trust-list.json",
                territory_id=territory,
                territory_name="Territoire de Dijon",
                name="Émetteurs reconnus par Territoire de Dijon",
                description="…",
                entries=entries,
                valid_from=datetime.now(UTC).replace(microsecond=0),
            )
            signed = sign(document, private_key=seed, verification_method=method)
            times.append(time.perf_counter() - began)
            size = len(json.dumps(signed, ensure_ascii=False).encode())
        print(
            f"{count:>5} issuers: sign median {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}), {size / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
