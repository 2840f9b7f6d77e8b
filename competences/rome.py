"""The ROME 4.0 files shipped in ``competences/data/rome/``, read into unsaved rows (pure).

Origin, licence and how the copies were made: ``competences/data/rome/SOURCES.md``. The
loader (``competences/services/rome.py``) saves what this module reads; the tests load
the full data with it too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from competences.models import RomeJobSheet, RomeJobTitle, RomeSoftSkill
from competences.search_text import indexed

ROME_DIR = Path(__file__).resolve().parent / "data" / "rome"
#: ``target_framework`` of the crosswalk's alignments (ExternalAlignment) to savoir-être.
ROME_FRAMEWORK = "ROME 4.0"
#: The version of the shipped files (``version.txt``; a test checks they agree).
ROME_VERSION = "60"
#: The ROME publishes codes, not URIs: its open-data page, with the item's code as fragment.
ROME_URI_BASE = "https://francetravail.org/opendata/repertoire-operationnel-des-meti.html"
_VERSION = re.compile(r"Numero de version\s*:\s*(\d+)")


class RomeDataError(ValueError):
    """A ROME file is missing or does not have the expected columns."""


def rome_soft_skill_uri(code: str) -> str:
    """The address that identifies a savoir-être in documents (CASE associations)."""
    return f"{ROME_URI_BASE}#savoir-etre-{code}"


def job_title_search_text(*, label: str, code: str, sheet_code: str) -> str:
    return indexed(label, sheet_code, code)


@dataclass(frozen=True)
class RomeData:
    version: str
    soft_skills: list[RomeSoftSkill]
    sheets: list[RomeJobSheet]
    titles: list[RomeJobTitle]
    links: list[tuple[str, str]]  # (sheet code, soft skill code)


def _rows(name: str, columns: tuple[str, ...], directory: Path) -> Iterator[dict[str, str]]:
    path = directory / name
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise RomeDataError(f"{name}: {error.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise RomeDataError(f"{name}: missing columns {', '.join(missing)}")
        for row in reader:
            yield {column: (row[column] or "").strip() for column in columns}


def rome_version(directory: Path = ROME_DIR) -> str:
    try:
        text = (directory / "version.txt").read_text(encoding="utf-8")
    except OSError as error:
        raise RomeDataError(f"version.txt: {error.strerror}") from None
    match = _VERSION.search(text)
    return match.group(1) if match else ""


def rome_read(directory: Path = ROME_DIR) -> RomeData:
    """Every row of the shipped files, checked for consistency (unknown codes refused)."""
    soft_skills = [
        RomeSoftSkill(
            code=row["code_ogr"],
            macro_code=row["code_macro_comp"],
            label=row["libelle"],
            definition=row["definition"],
            sheet_count=int(row["nb_fiches_rome_liees"] or 0),
        )
        for row in _rows(
            "rome_v460_savoir_etre_professionnels.csv",
            ("code_ogr", "code_macro_comp", "libelle", "definition", "nb_fiches_rome_liees"),
            directory,
        )
    ]
    sheets = [
        RomeJobSheet(
            code=row["code_rome"],
            label=row["libelle_rome"],
            grand_domain_code=row["code_grand_domaine"],
            grand_domain_label=row["libelle_grand_domaine"],
            domain_code=row["code_domaine_professionnel"],
            domain_label=row["libelle_domaine_professionnel"],
        )
        for row in _rows(
            "rome_v460_fiches.csv",
            (
                "code_rome",
                "libelle_rome",
                "code_grand_domaine",
                "libelle_grand_domaine",
                "code_domaine_professionnel",
                "libelle_domaine_professionnel",
            ),
            directory,
        )
    ]
    sheet_codes = {sheet.code for sheet in sheets}
    skill_codes = {skill.code for skill in soft_skills}
    titles = []
    for row in _rows(
        "rome_v460_appellations.csv",
        ("code_ogr", "libelle_appellation_long", "code_rome"),
        directory,
    ):
        if row["code_rome"] not in sheet_codes:
            raise RomeDataError(
                f"job title {row['code_ogr']}: unknown job sheet {row['code_rome']}"
            )
        titles.append(
            RomeJobTitle(
                code=row["code_ogr"],
                label=row["libelle_appellation_long"],
                sheet_id=row["code_rome"],
                search_text=job_title_search_text(
                    label=row["libelle_appellation_long"],
                    code=row["code_ogr"],
                    sheet_code=row["code_rome"],
                ),
            )
        )
    links = []
    for row in _rows(
        "rome_v460_fiche_savoir_etre.csv", ("code_rome", "code_ogr_savoir_etre"), directory
    ):
        if row["code_rome"] not in sheet_codes or row["code_ogr_savoir_etre"] not in skill_codes:
            raise RomeDataError(
                f"link {row['code_rome']}–{row['code_ogr_savoir_etre']}: unknown code"
            )
        links.append((row["code_rome"], row["code_ogr_savoir_etre"]))
    links = sorted(set(links))
    asked: dict[str, int] = {}
    for sheet_code, _skill in links:
        asked[sheet_code] = asked.get(sheet_code, 0) + 1
    for sheet in sheets:
        sheet.soft_skill_count = asked.get(sheet.code, 0)
    return RomeData(
        version=rome_version(directory),
        soft_skills=soft_skills,
        sheets=sheets,
        titles=titles,
        links=links,
    )


@cache
def rome_data() -> RomeData:
    """The shipped files, read once per process (the tests load them many times)."""
    return rome_read()
