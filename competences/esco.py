"""ESCO's labels of the skills competences are aligned to, for search: read from the files
shipped in ``competences/data/esco/`` (copies of ESCO v1.1.1's transversal skills, with their
origin and licence in that folder's README.md); never fetched at run time.

An alignment stores one French and one English label (the ones chosen when aligning);
ESCO also gives each skill other names ("team-working", "cooperate with colleagues" for
"work in teams"). Search indexes all of them (:func:`competences.search_text.search_columns`)
so that a person finds a competence with the words they know.

Pure and cached: the data migrations that index competences use it too.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

ESCO_DIR = Path(__file__).resolve().parent / "data" / "esco"
#: The files read, one per language: ESCO's transversal skills collection.
ESCO_FILES = ("transversalSkillsCollection_fr.csv", "transversalSkillsCollection_en.csv")


def _split(alternatives: str) -> list[str]:
    """ESCO separates alternative labels with " | " (or new lines in other exports)."""
    return [part.strip() for line in alternatives.splitlines() for part in line.split("|")]


@cache
def esco_labels_by_uri() -> dict[str, tuple[str, ...]]:
    """``{concept URI: (preferred and alternative labels, French then English)}``."""
    labels: dict[str, list[str]] = {}
    for name in ESCO_FILES:
        with (ESCO_DIR / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                uri = row.get("conceptUri", "").strip()
                if not uri:
                    continue
                texts = labels.setdefault(uri, [])
                for text in [row.get("preferredLabel", ""), *_split(row.get("altLabels", ""))]:
                    if text and text not in texts:
                        texts.append(text)
    return {uri: tuple(texts) for uri, texts in labels.items()}


def esco_labels(uris: list[str] | tuple[str, ...]) -> list[str]:
    """Every ESCO label of these concepts (unknown URIs, other frameworks: none)."""
    known = esco_labels_by_uri()
    return [text for uri in uris for text in known.get(uri.strip(), ())]
