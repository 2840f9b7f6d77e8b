"""An adversary that reads every published number and tries to compute the hidden ones.

It is written apart from ``community.indicators.suppression`` on purpose: it builds its own
equations from what anyone sees (the published rows and the public geography: communes,
their intercommunality), and reduces them with its own elimination, modulo a large prime
(exact for these small integer systems). A hidden cell is *computed* when some linear
combination of the equations gives it alone: its unit vector is in the span of the
equations' rows over the hidden cells. It also tries the plain differences one by one
(total minus the published parts), which is what a person with a spreadsheet would do first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Row = Mapping[str, object]  # one published row: indicator, level, code, period, breakdown, value


@dataclass(frozen=True)
class Equation:
    total: tuple
    parts: tuple[tuple, ...]


def equations_from_rows(
    rows: Sequence[Row], *, commune_epci: Mapping[str, str], unplaced: bool = True
) -> list[Equation]:
    """What a reader writes: year = sum of quarters; territory = sum of EPCIs (+ communes
    outside any EPCI, + not placed); EPCI = sum of its communes; total = sum of each family
    of breakdowns (``domain:``, ``level:``, ``issuer:``, ``kind:``)."""
    keys = {_key(row) for row in rows}
    equations = []
    groups: dict[tuple, set[tuple]] = defaultdict(set)
    for indicator, level, code, period, breakdown in keys:
        groups[(indicator, period, breakdown)].add((level, code))
    for (indicator, period, breakdown), places in groups.items():
        epcis = {code for level, code in places if level == "epci"}
        top = [("epci", code) for code in sorted(epcis)]
        top += [
            ("commune", code)
            for level, code in places
            if level == "commune" and not commune_epci.get(code)
        ]
        if unplaced and ("unplaced", "") in places:
            top.append(("unplaced", ""))
        if ("territory", "") in places and top:
            equations.append(
                Equation(
                    (indicator, "territory", "", period, breakdown),
                    tuple((indicator, lv, cd, period, breakdown) for lv, cd in top),
                )
            )
        for epci in epcis:
            communes = sorted(
                code
                for level, code in places
                if level == "commune" and commune_epci.get(code) == epci
            )
            if communes:
                equations.append(
                    Equation(
                        (indicator, "epci", epci, period, breakdown),
                        tuple((indicator, "commune", c, period, breakdown) for c in communes),
                    )
                )
    for indicator, level, code, period, breakdown in keys:
        if period == 0:
            quarters = tuple((indicator, level, code, q, breakdown) for q in (1, 2, 3, 4))
            if all(q in keys for q in quarters):
                equations.append(Equation((indicator, level, code, 0, breakdown), quarters))
        if breakdown == "":
            families: dict[str, list[tuple]] = defaultdict(list)
            for other in keys:
                if other[:4] == (indicator, level, code, period) and other[4]:
                    families[other[4].split(":")[0]].append(other)
            for members in families.values():
                equations.append(
                    Equation((indicator, level, code, period, ""), tuple(sorted(members)))
                )
    return equations


def _key(row: Row) -> tuple:
    return (row["indicator"], row["level"], row["code"], int(str(row["period"])), row["breakdown"])


PRIME = (1 << 61) - 1  # ranks of these 0/±1 systems over GF(p) equal their ranks over Q


def _echelon_mod_p(rows: list[dict[int, int]]) -> dict[int, dict[int, int]]:
    """The reduced row echelon form of sparse integer rows, modulo ``PRIME``: pivot column
    -> its row."""
    pivots: dict[int, dict[int, int]] = {}
    for original in rows:
        row = {c: v % PRIME for c, v in original.items() if v % PRIME}
        for column in [c for c in row if c in pivots]:
            factor = row.get(column, 0)
            if factor:
                for c, v in pivots[column].items():
                    value = (row.get(c, 0) - factor * v) % PRIME
                    if value:
                        row[c] = value
                    else:
                        row.pop(c, None)
        if not row:
            continue
        column = min(row)
        inverse = pow(row[column], PRIME - 2, PRIME)
        row = {c: v * inverse % PRIME for c, v in row.items()}
        for pivot_row in pivots.values():
            factor = pivot_row.get(column, 0)
            if factor:
                for c, v in row.items():
                    value = (pivot_row.get(c, 0) - factor * v) % PRIME
                    if value:
                        pivot_row[c] = value
                    else:
                        pivot_row.pop(c, None)
        pivots[column] = row
    return pivots


def computable_cells(rows: Sequence[Row], equations: Iterable[Equation]) -> dict[tuple, Fraction]:
    """The hidden cells that a linear combination of the equations gives alone, with the
    value it gives (from the published numbers). One indicator at a time: no equation links
    two indicators."""
    published = {
        _key(row): Fraction(str(row["value"])) for row in rows if row["value"] not in (None, "")
    }
    hidden = sorted({_key(row) for row in rows} - set(published))
    index = {key: i for i, key in enumerate(hidden)}
    sparse: list[dict[int, int]] = []
    dense: list[tuple[dict[int, int], Fraction]] = []
    for equation in equations:
        members = [(equation.total, 1)] + [(p, -1) for p in equation.parts]
        row: dict[int, int] = {}
        constant = Fraction(0)
        for key, sign in members:
            if key in index:
                row[index[key]] = row.get(index[key], 0) + sign
            elif key in published:
                constant -= sign * published[key]
            # a cell that is not published at all: zero, as a reader would assume
        row = {c: v for c, v in row.items() if v}
        if row:
            sparse.append(row)
            dense.append((row, constant))
    pivots = _echelon_mod_p(sparse)
    determined = [column for column, row in pivots.items() if len(row) == 1]
    if not determined:
        return {}
    width = len(hidden)
    matrix = [[Fraction(row.get(c, 0)) for c in range(width)] for row, _ in dense]
    constants = [constant for _, constant in dense]
    return {hidden[i]: _solve_for(matrix, constants, i) for i in determined}


def _solve_for(matrix: list[list[Fraction]], constants: list[Fraction], i: int) -> Fraction:
    """The value of unknown ``i`` once it is determined (reduced row echelon form)."""
    rows = [[*row, c] for row, c in zip(matrix, constants, strict=True)]
    rank = 0
    width = len(matrix[0])
    pivots = {}
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][column]
        rows[rank] = [a / lead for a in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        pivots[column] = rank
        rank += 1
    return rows[pivots[i]][-1]


def simple_differences(rows: Sequence[Row], equations: Iterable[Equation]) -> dict[tuple, Fraction]:
    """Total minus published parts, or a part from the total and the other parts: what one
    equation alone gives."""
    published = {
        _key(row): Fraction(str(row["value"])) for row in rows if row["value"] not in (None, "")
    }
    found = {}
    for equation in equations:
        members = [equation.total, *equation.parts]
        unknown = [m for m in members if m not in published]
        if len(unknown) == 1:
            key = unknown[0]
            parts = sum(
                (published.get(p, Fraction(0)) for p in equation.parts if p != key), Fraction(0)
            )
            found[key] = parts if key == equation.total else published[equation.total] - parts
    return found
