"""How much Schemathesis ran: each test process counts the examples it sent per persona and
operation into a JSON file of the run's folder (``JALONS_API_STATS``, made by
``tests/conftest.py``), which prints the total at the end of the run."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

_COUNTS: Counter[str] = Counter()


def record_example(persona: str, operation: str) -> None:
    _COUNTS[f"{persona}\t{operation}"] += 1
    folder = os.environ.get("JALONS_API_STATS")
    if folder:
        path = Path(folder) / f"{os.getpid()}.json"
        path.write_text(json.dumps(dict(_COUNTS)), encoding="utf-8")


def summary(folder: str) -> str | None:
    """ "Schemathesis: 109 operations, 1,090 examples (volunteer 545, leader 545)"."""
    counts: Counter[str] = Counter()
    for path in Path(folder).glob("*.json"):
        counts.update(json.loads(path.read_text(encoding="utf-8")))
    if not counts:
        return None
    operations = {key.split("\t", 1)[1] for key in counts}
    by_persona: Counter[str] = Counter()
    for key, number in counts.items():
        by_persona[key.split("\t", 1)[0]] += number
    personas = ", ".join(f"{persona} {number:,}" for persona, number in sorted(by_persona.items()))
    return (
        f"Schemathesis: {len(operations)} operations, {sum(counts.values()):,} examples "
        f"({personas})"
    )
