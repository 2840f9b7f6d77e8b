"""CSV injection: a competence whose title a spreadsheet would run as a formula is exported as
text (OWASP's rule, ``config.spreadsheets``), and imports back unchanged."""

from __future__ import annotations

import csv
import io

import pytest

from competences.exchange.csv_format import csv_export
from competences.exchange.csv_import import csv_read
from config.spreadsheets import FORMULA_STARTS, csv_cell, csv_cell_read
from tests.competences.factories.frameworks import (
    CompetenceFactory,
    DomainFactory,
    FrameworkVersionFactory,
    ProficiencyLevelFactory,
)

TITLES = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3", "'=already marked"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2", "'-2"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("Animer un atelier", "Animer un atelier"),
        ("l'accueil", "l'accueil"),
        ("'quoted'", "'quoted'"),
        ("", ""),
    ],
)
def test_a_cell_that_would_run_gets_the_text_mark(value, written):
    assert csv_cell(value) == written
    assert csv_cell_read(written) == value


def test_no_written_cell_starts_like_a_formula():
    for value in ["=1", "+", "-", "@", "\t", "\r", "'=", "''@x", "a=1"]:
        assert not csv_cell(value).startswith(FORMULA_STARTS)


@pytest.fixture
def dangerous_version(db):
    draft = FrameworkVersionFactory.create()
    ProficiencyLevelFactory(version=draft, number=1)
    domain = DomainFactory(version=draft, code="D", title_fr="=cmd|' /C calc'!A0")
    for index, title in enumerate(TITLES, start=1):
        CompetenceFactory(
            domain=domain, code=f"C{index}", order=index, title_fr=title, description_fr="@desc"
        )
    return draft


def test_the_export_shows_every_formula_as_text(dangerous_version):
    text = csv_export(version=dangerous_version)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert "'+1" in cells
    assert "'@SUM(A1)" in cells
    assert "'=cmd|' /C calc'!A0" in cells


def test_the_export_reads_back_to_the_same_titles(dangerous_version):
    text = csv_export(version=dangerous_version).lstrip("\ufeff")  # as files are read
    document, problems = csv_read(text=text)
    assert problems == []
    assert document is not None
    assert [competence.title["fr"] for competence in document.competences] == TITLES
    assert document.domains[0].title["fr"] == "=cmd|' /C calc'!A0"
