"""Exchange formats of the competence framework: CSV and 1EdTech CASE 1.1.

- ``csv_export`` / ``case_package_export``: a version as CSV text or as a CFPackage;
- ``framework_import_file``: bytes of an uploaded file → a new framework, or a new
  version of an existing one, atomically; raises ``ImportFailed`` listing every
  problem (row and column, or JSON path) when anything is wrong.

Specifications: docs/exchange-csv.md and docs/exchange-case.md.
"""

from __future__ import annotations

from accounts.api import User
from competences.exchange.case_export import (
    case_document_export,
    case_item_export,
    case_item_find,
    case_package_export,
)
from competences.exchange.case_import import case_package_read
from competences.exchange.csv_format import csv_export
from competences.exchange.csv_import import csv_read
from competences.exchange.errors import ImportFailed, Location, Problem
from competences.exchange.importer import ImportResult, framework_import
from competences.exchange.reading import MAX_IMPORT_BYTES, format_check, text_decode
from competences.models import Framework

__all__ = [
    "MAX_IMPORT_BYTES",
    "ImportFailed",
    "ImportResult",
    "Location",
    "Problem",
    "case_document_export",
    "case_item_export",
    "case_item_find",
    "case_package_export",
    "csv_export",
    "framework_import",
    "framework_import_file",
]


def framework_import_file(
    *,
    data: bytes,
    file_format: str = "auto",
    framework: Framework | None = None,
    slug: str = "",
    publish: bool = False,
    imported_by: User | None = None,
) -> ImportResult:
    """Import a CSV file or a CASE package (``file_format``: auto, csv or case).

    The file is checked by its content: size, UTF-8, then CSV or JSON. See
    ``framework_import`` for what is saved; nothing is when it raises ``ImportFailed``.
    """
    text = text_decode(data=data)
    is_case = format_check(text=text, chosen=file_format) == "case"
    document, problems = case_package_read(text=text) if is_case else csv_read(text=text)
    try:
        return framework_import(
            document=document,
            problems=problems,
            framework=framework,
            slug=slug,
            publish=publish,
            imported_by=imported_by,
        )
    except ImportFailed as failure:
        if not is_case:  # CSV problems read best in the order of the rows
            failure.problems.sort(
                key=lambda problem: problem.location.sort_key if problem.location else (0, "")
            )
        raise
