"""Statistical disclosure control of published tables: small counts never reveal people.

The method (docs/indicators.md#small-counts) works on one *problem*: the cells of one
indicator for one year (every place, every period, every breakdown) and the *relations*
that readers can write between them (a total equals the sum of its parts: the territory and
its intercommunalities, an intercommunality and its communes, a commune and its initiatives,
a year and its quarters, all domains and each domain, all levels and each level). Counts of
distinct people are not really additive (someone active in two communes counts once in
their sum), but a reader may still subtract them: every relation is treated as an exact
equation, which can only hide more.

1. Primary suppression: a cell about fewer than ``threshold`` people (its ``persons``; zero
   included) is *small*: shown as "fewer than 5", never with its value. Cells that are not
   about people (``persons`` None: initiatives by kind) are always published.
2. Secondary suppression, relation by relation: a relation with exactly one hidden member
   would give it back by difference, so one more member is hidden — the published part with
   the smallest value (the total when no part is published). For counts of people, whose
   small cells lie between 0 and ``threshold - 1``, a relation whose hidden members are all
   small and whose published remainder equals their largest possible sum would pin each of
   them: one more member is hidden. Repeated until no relation changes.
3. Audit, over every relation at once: the hidden cells are the unknowns of the linear
   system that the published cells leave; a hidden cell is *determined* when some linear
   combination of the relations gives its value alone (its unit vector lies in the row space
   of the system, found exactly by a reduced row echelon form, in integers). Each
   determined cell gets one more published neighbour hidden, then steps 2 and 3 run again,
   until no hidden cell is determined.

The functions are pure: they receive numbers and keys and return result objects; the
indicators (``community.indicators.tables``) build the problems and read the result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from math import gcd

Key = Hashable
Number = int | Decimal


class Status(StrEnum):
    """How a cell is shown."""

    PUBLISHED = "published"
    SMALL = "small"  # primary: "fewer than 5"
    HIDDEN = "hidden"  # secondary: hidden so that a small cell cannot be computed back


@dataclass(frozen=True)
class Cell:
    """One number of a table. ``persons``: how many distinct people it is about (None: not
    about people). ``bounded``: the value is itself a count of people, so a small cell lies
    between 0 and ``threshold - 1``."""

    key: Key
    value: Number
    persons: int | None
    bounded: bool = False


@dataclass(frozen=True)
class Relation:
    """``total`` = sum of ``parts``, as a reader may write it."""

    total: Key
    parts: tuple[Key, ...]


@dataclass(frozen=True)
class Protection:
    """The outcome: each cell's status, and how the hiding went (for the method page)."""

    status: Mapping[Key, Status]
    small: int
    hidden: int
    rounds: int
    determined_found: int = 0
    notes: tuple[str, ...] = field(default=())

    def is_published(self, key: Key) -> bool:
        return self.status.get(key, Status.PUBLISHED) == Status.PUBLISHED


# --- Step 1 -------------------------------------------------------------------------------


def primary_suppress(cells: Iterable[Cell], *, threshold: int) -> set[Key]:
    """The cells about fewer than ``threshold`` people."""
    return {cell.key for cell in cells if cell.persons is not None and cell.persons < threshold}


# --- Step 2 -------------------------------------------------------------------------------


def _choose_to_hide(
    relation: Relation, hidden: set[Key], values: Mapping[Key, Number], order: Mapping[Key, int]
) -> Key | None:
    """The published part with the smallest value (then the first in order), else the total."""
    published_parts = [part for part in relation.parts if part not in hidden]
    if published_parts:
        return min(published_parts, key=lambda part: (values[part], order[part]))
    if relation.total not in hidden:
        return relation.total
    return None


def relation_suppress(
    cells: Mapping[Key, Cell],
    relations: Sequence[Relation],
    hidden: set[Key],
    small: set[Key],
    *,
    threshold: int,
    order: Mapping[Key, int],
) -> set[Key]:
    """Step 2: hide more members until no relation gives back a hidden cell on its own.
    Returns the new hidden set (``hidden`` is not changed)."""
    hidden = set(hidden)
    values = {key: cell.value for key, cell in cells.items()}
    changed = True
    while changed:
        changed = False
        for relation in relations:
            members = (relation.total, *relation.parts)
            hidden_members = [member for member in members if member in hidden]
            if not hidden_members:
                continue
            if len(hidden_members) == 1:
                extra = _choose_to_hide(relation, hidden, values, order)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
                continue
            if relation.total in hidden or not all(
                member in small and cells[member].bounded for member in hidden_members
            ):
                continue
            remainder = values[relation.total] - sum(
                (values[part] for part in relation.parts if part not in hidden), start=0
            )
            if remainder == len(hidden_members) * (threshold - 1):
                extra = _choose_to_hide(relation, hidden, values, order)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
    return hidden


# --- Step 3 -------------------------------------------------------------------------------


def _eliminate(row: dict[Key, int], column: Key, pivot: dict[Key, int]) -> dict[Key, int]:
    """``row`` without ``column``, by an integer combination with ``pivot`` (exact, with no
    fractions: both rows are scaled, then divided by the gcd of what is left)."""
    a, b = pivot[column], row[column]
    combined: dict[Key, int] = {}
    for key in row.keys() | pivot.keys():
        value = a * row.get(key, 0) - b * pivot.get(key, 0)
        if value:
            combined[key] = value
    divisor = gcd(*combined.values()) if combined else 1
    return {key: value // divisor for key, value in combined.items()}


def determined_cells(
    relations: Sequence[Relation], hidden: set[Key], order: Mapping[Key, int]
) -> set[Key]:
    """The hidden cells whose value a linear combination of the relations gives alone.

    Each relation with hidden members is a row over the hidden cells (+1 for the total,
    -1 for each part; published members go to the constant side). A cell is determined
    exactly when its column is a pivot of the reduced row echelon form and its row has no
    other non-zero entry. The rows are sparse and reduced as they come in, in exact integer
    arithmetic (each row scaled by the pivot, then divided by its gcd)."""
    pivots: dict[Key, dict[Key, int]] = {}
    holding: dict[Key, set[Key]] = defaultdict(set)  # column -> pivots whose row holds it
    for relation in relations:
        row: dict[Key, int] = {}
        if relation.total in hidden:
            row[relation.total] = 1
        for part in relation.parts:
            if part in hidden:
                row[part] = row.get(part, 0) - 1
                if row[part] == 0:
                    del row[part]
        # Reduce by the pivots already found (their rows hold no other pivot column).
        for column in [column for column in row if column in pivots]:
            if row.get(column):
                row = _eliminate(row, column, pivots[column])
        if not row:
            continue
        column = min(row, key=lambda key: order[key])
        # Keep the echelon form reduced: remove the new pivot's column from the others.
        for key in list(holding.get(column, ())):
            before = pivots[key]
            after = _eliminate(before, column, row)
            for gone in before.keys() - after.keys():
                holding[gone].discard(key)
            for added in after.keys() - before.keys():
                holding[added].add(key)
            pivots[key] = after
        pivots[column] = row
        for key in row:
            holding[key].add(column)
    return {column for column, row in pivots.items() if len(row) == 1}


def _neighbour_to_hide(
    key: Key,
    relations_of: Mapping[Key, list[Relation]],
    hidden: set[Key],
    values: Mapping[Key, Number],
    order: Mapping[Key, int],
) -> Key | None:
    """A published cell that shares a relation with ``key``: the smallest part first."""
    candidates: list[tuple[int, Number, int, Key]] = []
    for relation in relations_of.get(key, []):
        for part in relation.parts:
            if part not in hidden:
                candidates.append((0, values[part], order[part], part))
        if relation.total not in hidden:
            candidates.append((1, values[relation.total], order[relation.total], relation.total))
    if not candidates:
        return None
    return min(candidates)[3]


# --- All steps -------------------------------------------------------------------------------


def protect(cells: Sequence[Cell], relations: Sequence[Relation], *, threshold: int) -> Protection:
    """Steps 1 to 3: which cells are published, small or hidden."""
    by_key = {cell.key: cell for cell in cells}
    order = {cell.key: index for index, cell in enumerate(cells)}
    relations = [
        relation
        for relation in relations
        if relation.total in by_key and all(part in by_key for part in relation.parts)
    ]
    relations_of: dict[Key, list[Relation]] = {}
    for relation in relations:
        for member in (relation.total, *relation.parts):
            relations_of.setdefault(member, []).append(relation)
    values = {key: cell.value for key, cell in by_key.items()}

    small = primary_suppress(cells, threshold=threshold)
    hidden = set(small)
    rounds = 0
    found = 0
    while True:
        rounds += 1
        hidden = relation_suppress(
            by_key, relations, hidden, small, threshold=threshold, order=order
        )
        determined = determined_cells(relations, hidden, order)
        if not determined:
            break
        found += len(determined)
        added = False
        for key in sorted(determined, key=lambda key: order[key]):
            extra = _neighbour_to_hide(key, relations_of, hidden, values, order)
            if extra is not None:
                hidden.add(extra)
                added = True
        if not added:  # nothing left to hide around them: cannot happen with totals
            break
    status = {
        key: Status.SMALL if key in small else Status.HIDDEN if key in hidden else Status.PUBLISHED
        for key in by_key
    }
    return Protection(
        status=status,
        small=len(small),
        hidden=len(hidden) - len(small),
        rounds=rounds,
        determined_found=found,
    )
