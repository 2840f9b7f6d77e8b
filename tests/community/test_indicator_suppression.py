"""Small counts in published tables: primary and secondary suppression, and its audit
(community/indicators/suppression.py), against an independent adversary."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from community.indicators.suppression import (
    Cell,
    Relation,
    Status,
    determined_cells,
    primary_suppress,
    protect,
)
from tests.community.indicator_adversary import Equation, computable_cells, simple_differences


def _k(key):
    """Keys of the small examples are names: as a published row's five fields."""
    return key if isinstance(key, tuple) else (key, "", "", 0, "")


def _rows(cells, protection):
    rows = []
    for cell in cells:
        indicator, level, code, period, breakdown = _k(cell.key)
        published = protection.status[cell.key] == Status.PUBLISHED
        rows.append(
            {
                "indicator": indicator,
                "level": level,
                "code": code,
                "period": period,
                "breakdown": breakdown,
                "value": cell.value if published else None,
            }
        )
    return rows


def _equations(relations):
    return [
        Equation(_k(relation.total), tuple(_k(part) for part in relation.parts))
        for relation in relations
    ]


def test_primary_suppression_hides_cells_about_fewer_people_than_the_threshold():
    cells = [
        Cell("a", 3, 3),
        Cell("b", 0, 0),
        Cell("c", 5, 5),
        Cell("hours", 40, 2),  # many hours, but two people
        Cell("initiatives", 1, None),  # not about people
    ]
    assert primary_suppress(cells, threshold=5) == {"a", "b", "hours"}
    assert primary_suppress(cells, threshold=3) == {"b", "hours"}


def test_a_lone_small_part_takes_another_part_with_it():
    # Territory 53 = Chenôve 3 + Dijon 20 + Quetigny 30: without more, 53 - 20 - 30 = 3.
    cells = [
        Cell("t", 53, 53, True),
        Cell("a", 3, 3, True),
        Cell("b", 20, 20, True),
        Cell("c", 30, 30, True),
    ]
    protection = protect(cells, [Relation("t", ("a", "b", "c"))], threshold=5)
    assert protection.status["a"] == Status.SMALL
    assert protection.status["b"] == Status.HIDDEN  # the smallest other part
    assert protection.status["c"] == Status.PUBLISHED
    assert protection.status["t"] == Status.PUBLISHED


def test_a_single_part_equal_to_its_total_hides_the_total():
    cells = [Cell("commune", 3, 3, True), Cell("initiative", 3, 3, True)]
    protection = protect(cells, [Relation("commune", ("initiative",))], threshold=5)
    assert protection.status["commune"] == Status.SMALL
    assert protection.status["initiative"] == Status.SMALL


def test_small_cells_that_would_be_pinned_at_their_upper_bound_take_one_more():
    # 4 + 4 = 8 with both "fewer than 5": each can only be 4.
    cells = [
        Cell("t", 28, 28, True),
        Cell("a", 4, 4, True),
        Cell("b", 4, 4, True),
        Cell("c", 20, 20, True),
    ]
    protection = protect(cells, [Relation("t", ("a", "b", "c"))], threshold=5)
    assert protection.status["c"] == Status.HIDDEN
    # Not for figures that are not counts of people (hours have no upper bound).
    hours = [Cell("t", 28, 28), Cell("a", 4, 4), Cell("b", 4, 4), Cell("c", 20, 20)]
    protection = protect(hours, [Relation("t", ("a", "b", "c"))], threshold=5)
    assert protection.status["c"] == Status.PUBLISHED


def test_the_audit_finds_a_cell_that_only_a_combination_of_relations_gives():
    # Two relations, each with two hidden members, share a hidden cell: x + y = 10 and
    # x + y + z = 13 give z = 3, though each relation alone hides two.
    relations = [Relation("r1", ("x", "y")), Relation("r2", ("x", "y", "z"))]
    order = {key: i for i, key in enumerate(["r1", "r2", "x", "y", "z"])}
    assert determined_cells(relations, {"x", "y", "z"}, order) == {"z"}
    assert determined_cells(relations, {"x", "y"}, order) == set()
    # protect() hides more until nothing can be computed back.
    cells = [
        Cell("r1", 10, 10),
        Cell("r2", 13, 13),
        Cell("x", 6, 6),
        Cell("y", 4, 4),
        Cell("z", 3, 3),
    ]
    protection = protect(cells, relations, threshold=5)
    rows = _rows(cells, protection)
    assert computable_cells(rows, _equations(relations)) == {}


def _grid(rng: random.Random, *, communes: int, small_share: float):
    """A two-way table: communes x quarters, with their totals (rows, columns, grand)."""
    values = {}
    for c in range(communes):
        for q in (1, 2, 3, 4):
            values[("v", "commune", str(c), q, "")] = (
                rng.randint(0, 4) if rng.random() < small_share else rng.randint(5, 40)
            )
    for c in range(communes):
        values[("v", "commune", str(c), 0, "")] = sum(
            values[("v", "commune", str(c), q, "")] for q in (1, 2, 3, 4)
        )
    for q in (0, 1, 2, 3, 4):
        values[("v", "territory", "", q, "")] = sum(
            values[("v", "commune", str(c), q, "")] for c in range(communes)
        )
    cells = [Cell(key, value, value, True) for key, value in values.items()]
    relations = []
    for q in (0, 1, 2, 3, 4):
        relations.append(
            Relation(
                ("v", "territory", "", q, ""),
                tuple(("v", "commune", str(c), q, "") for c in range(communes)),
            )
        )
    for level, code in [("territory", ""), *(("commune", str(c)) for c in range(communes))]:
        relations.append(
            Relation(
                ("v", level, code, 0, ""), tuple(("v", level, code, q, "") for q in (1, 2, 3, 4))
            )
        )
    return cells, relations


@pytest.mark.parametrize("seed", range(12))
def test_random_two_way_tables_never_give_back_a_hidden_cell(seed):
    rng = random.Random(seed)
    cells, relations = _grid(
        rng, communes=rng.randint(2, 6), small_share=rng.choice([0.1, 0.3, 0.6])
    )
    protection = protect(cells, relations, threshold=5)
    rows = _rows(cells, protection)
    equations = _equations(relations)
    small = {key for key, status in protection.status.items() if status == Status.SMALL}
    assert small == {cell.key for cell in cells if cell.value < 5}
    assert computable_cells(rows, equations) == {}
    assert simple_differences(rows, equations) == {}


def test_the_adversary_finds_what_a_table_without_secondary_suppression_gives_away():
    """The adversary can fail: on primary suppression alone it computes the 3 back."""
    cells = [
        Cell("t", 53, 53, True),
        Cell("a", 3, 3, True),
        Cell("b", 20, 20, True),
        Cell("c", 30, 30, True),
    ]
    rows = [
        {
            "indicator": c.key,
            "level": "",
            "code": "",
            "period": 0,
            "breakdown": "",
            "value": None if c.key == "a" else c.value,
        }
        for c in cells
    ]
    equation = Equation(
        ("t", "", "", 0, ""), (("a", "", "", 0, ""), ("b", "", "", 0, ""), ("c", "", "", 0, ""))
    )
    assert computable_cells(rows, [equation]) == {("a", "", "", 0, ""): Fraction(3)}
    assert simple_differences(rows, [equation]) == {("a", "", "", 0, ""): Fraction(3)}
