"""Reads of the communes: find the one someone typed, list those that have initiatives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import QuerySet

from community.models import Commune
from community.services.territory import search_key

# "21300", "Chenôve", "Chenôve 21300", "21300 Chenôve", "Chenôve (21)".
_POSTCODE = re.compile(r"\b(\d{5})\b")
_DEPARTMENT = re.compile(r"\(\s*(\d[\dAB]?\d?)\s*\)", re.IGNORECASE)
CANDIDATES_SHOWN = 8


@dataclass(frozen=True)
class CommuneMatch:
    """What a typed commune gave: one commune, several (ambiguous) or none."""

    commune: Commune | None = None
    candidates: list[Commune] = field(default_factory=list)

    @property
    def is_ambiguous(self) -> bool:
        return self.commune is None and len(self.candidates) > 1


def communes_loaded() -> bool:
    return Commune.objects.exists()


def commune_get(*, code: str) -> Commune | None:
    return Commune.objects.filter(code=code).first()


def _with_postcode(queryset: QuerySet[Commune], postcode: str) -> QuerySet[Commune]:
    # The JSON list as text contains the quoted code: the same on SQLite and PostgreSQL.
    return queryset.filter(postcodes__icontains=f'"{postcode}"')


def commune_match(*, text: str, postcode: str = "") -> CommuneMatch:
    """The commune that ``text`` names (a name, a postcode, or both), narrowed by
    ``postcode`` when given; accents, case and punctuation do not matter."""
    found = _POSTCODE.search(text)
    if found and not postcode:
        postcode = found.group(1)
    department = _DEPARTMENT.search(text)
    rest = _DEPARTMENT.sub(" ", _POSTCODE.sub(" ", text))
    key = search_key(rest)
    queryset = Commune.objects.all()
    if department:
        queryset = queryset.filter(department=department.group(1).upper())
    if key:
        named = queryset.filter(search_name=key)
        if postcode:
            narrowed = _with_postcode(named, postcode)
            if narrowed.exists():
                named = narrowed
        rows = list(named[: CANDIDATES_SHOWN + 1])
        if not rows:
            # Help with "Dijon" typed for "Fontaine-lès-Dijon": names that start the same.
            start = list(queryset.filter(search_name__startswith=key)[:CANDIDATES_SHOWN])
            return CommuneMatch(candidates=start)
    elif postcode:
        rows = list(_with_postcode(queryset, postcode)[: CANDIDATES_SHOWN + 1])
    else:
        return CommuneMatch()
    if len(rows) == 1:
        return CommuneMatch(commune=rows[0], candidates=rows)
    return CommuneMatch(candidates=rows[:CANDIDATES_SHOWN])
