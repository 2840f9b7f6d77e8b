"""Running ``manage.py apply_retention`` in tests (shared by the apps' retention tests)."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management import call_command


def apply_retention(*args: str) -> dict[str, Any]:
    """Run the command with ``--json`` and return its document; stdout must hold only it."""
    out, err = io.StringIO(), io.StringIO()
    call_command("apply_retention", "--json", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue())


def purged(document: dict[str, Any]) -> dict[str, int | None]:
    """What each rule purged, by key."""
    return {rule["key"]: rule["purged"] for rule in document["rules"]}
