"""Writes on the reference data of where initiatives are: the French communes.

``communes_load`` reads ``community/data/communes/communes.json.gz`` (origin and licence in
its SOURCES.md) and inserts or updates the communes of some departments, or of all: in one
transaction, so that a failure leaves the table as it was, and again and again with the same
result.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from community.models import Commune

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "communes" / "communes.json.gz"
BATCH = 2000
UPDATED_FIELDS = [
    "name",
    "department",
    "region",
    "epci_code",
    "epci_name",
    "population",
    "postcodes",
    "latitude",
    "longitude",
    "search_name",
]


def search_key(text: str) -> str:
    """``Fontaine-lès-Dijon`` and ``fontaine les dijon`` give the same key: no accents, no
    case, punctuation as spaces (the same rule as ``community/data/communes/build.py``)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    folded = "".join(char if char.isalnum() else " " for char in folded)
    return " ".join(folded.split())


@dataclass(frozen=True)
class CommunesLoaded:
    departments: list[str]
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


class UnknownDepartments(ValueError):
    """Some asked departments are not in the data file."""

    def __init__(self, codes: list[str]) -> None:
        super().__init__(", ".join(codes))
        self.codes = codes


@cache
def _data(path: Path = DATA_FILE) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as data:
        loaded: dict[str, Any] = json.load(data)
    return loaded


def communes_read(*, departments: Iterable[str] = ()) -> list[Commune]:
    """The communes of the data file (of these departments, when given), unsaved."""
    data = _data()
    fields: list[str] = data["fields"]
    epci_names: dict[str, str] = data["epci"]
    wanted = {code.strip().upper() for code in departments if code.strip()}
    if wanted:
        present = {row[fields.index("department")] for row in data["communes"]}
        unknown = sorted(wanted - present)
        if unknown:
            raise UnknownDepartments(unknown)
    communes = []
    for row in data["communes"]:
        values = dict(zip(fields, row, strict=True))
        if wanted and values["department"] not in wanted:
            continue
        communes.append(
            Commune(
                **values,
                epci_name=epci_names.get(values["epci_code"], ""),
                search_name=search_key(values["name"]),
            )
        )
    return communes


@transaction.atomic
def communes_load(*, departments: Iterable[str] = ()) -> CommunesLoaded:
    """Insert or update the communes (of these departments, or all); idempotent."""
    communes = communes_read(departments=departments)
    codes = [commune.code for commune in communes]
    existing: set[str] = set()
    for start in range(0, len(codes), BATCH):
        existing.update(
            Commune.objects.filter(code__in=codes[start : start + BATCH]).values_list(
                "code", flat=True
            )
        )
    Commune.objects.bulk_create(
        communes,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=UPDATED_FIELDS,
    )
    return CommunesLoaded(
        departments=sorted({commune.department for commune in communes}),
        created=len(codes) - len(existing),
        updated=len(existing),
    )
