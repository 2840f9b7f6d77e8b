"""Text helpers shared by the pages, the charts and the PDF."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut.

    The cut falls between words (never "accompagn…"), with the punctuation before it
    dropped; only a single word longer than the space is cut inside.
    """
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if not text[limit - 1].isspace():
        before, space, _part = head.rpartition(" ")
        if space and before.strip():
            head = before
    return head.rstrip(" ,;:.-–—") + "…"


def redact(value: Any, names: Iterable[str], replacement: str) -> Any:
    """``value`` (text, or JSON-like lists and dicts of it) with every occurrence of each of
    ``names`` as a whole word (case ignored) replaced by ``replacement``: a person's name
    erased from what the platform shows. "Ali" is replaced in "Ali confirme" but not in
    "Qualité"; names shorter than 3 characters are left alone."""
    wanted = sorted({name.strip() for name in names if len(name.strip()) >= 3}, key=len)
    if not wanted:
        return value
    alternatives = "|".join(re.escape(name) for name in reversed(wanted))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return pattern.sub(replacement, item)
        if isinstance(item, list):
            return [walk(element) for element in item]
        if isinstance(item, dict):
            return {key: walk(element) for key, element in item.items()}
        return item

    return walk(value)


def json_text_variants(text: str) -> set[str]:
    """How ``text`` may appear inside stored JSON: as is, and with non-ASCII characters
    escaped (SQLite stores JSON with ``\\uXXXX`` escapes): for ``contains`` lookups."""
    return {text, json.dumps(text)[1:-1]}
