"""CSV cells that a spreadsheet shows as text, never runs (CSV injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel and LibreOffice: ``=HYPERLINK("http://…","click")`` in a competence's title would
become a live link in the steward's spreadsheet. Following OWASP's rule, every CSV Jalons
writes puts an apostrophe in front of such a cell — the spreadsheets' own mark for "this is
text", which they do not display — and every CSV it reads takes that apostrophe off again, so
that an export imports back to exactly the same values. A cell that starts with an apostrophe
followed by one of those characters gets one more, for the same reason.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def _looks_like_formula(value: str) -> bool:
    """Would a spreadsheet run it, once the text marks in front are taken off?"""
    return value.lstrip(TEXT_MARK).startswith(FORMULA_STARTS)


def csv_cell(value: str) -> str:
    """``value`` as written in a CSV cell: with the text mark when it would start a formula
    (or when it already starts with text marks before such a start)."""
    return TEXT_MARK + value if _looks_like_formula(value) else value


def csv_cell_read(value: str) -> str:
    """The value a CSV cell holds: one text mark dropped in front of what would be a formula
    (the reverse of ``csv_cell``); any other cell as it is."""
    if value.startswith(TEXT_MARK) and _looks_like_formula(value[1:]):
        return value[1:]
    return value
