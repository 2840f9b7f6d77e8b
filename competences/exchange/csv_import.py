"""Reading a CSV file into a framework version. The columns are in csv_format.py and
docs/exchange-csv.md.

Every problem is collected with its row (the header is row 1) and column; the
reader never stops at the first one.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from competences.exchange.csv_format import (
    ALIGNMENT_FIELDS,
    ALIGNMENT_PATTERN,
    COMPETENCE_COLUMNS,
    DOMAIN_COLUMNS,
    FIXED_COLUMNS,
    LEVEL_FIELDS,
    LEVEL_PATTERN,
    LIST_SEPARATOR,
    REQUIRED_COLUMNS,
    SCALE_FIELDS,
    SCALE_PATTERN,
)
from competences.exchange.document import (
    AlignmentData,
    CompetenceData,
    DomainData,
    FrameworkData,
    FrameworkDocument,
    LevelData,
    LevelTextData,
    VersionData,
    empty_texts,
    target_framework_guess,
)
from competences.exchange.errors import Location, Problem
from competences.models import FRAMEWORK_LANGUAGES
from config.spreadsheets import csv_cell_read


def csv_read(*, text: str) -> tuple[FrameworkDocument | None, list[Problem]]:
    """Read a CSV file (its text, already decoded). Returns the document and every problem."""
    return _CsvReader(text).read()


def delimiter_detect(text: str) -> str:
    """``;`` or ``,``: whichever the header line uses more."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


@dataclass
class _Given:
    """A value given once in the file (framework, version, scale or domain details)."""

    value: str
    row: int


@dataclass
class _DomainEntry:
    data: DomainData
    given: dict[str, _Given] = field(default_factory=dict)


class _CsvReader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[Problem] = []
        self.header: list[str] = []
        self.columns: dict[str, int] = {}
        self.given: dict[str, _Given] = {}
        self.domains: dict[str, _DomainEntry] = {}
        self.level_numbers: set[int] = set()
        self.alignment_numbers: set[int] = set()
        self.first_row = 2

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(message, Location(row=row, column=column)))

    # --- Rows and header ---------------------------------------------------------

    def rows(self) -> list[tuple[int, list[str]]]:
        reader = csv.reader(
            io.StringIO(self.text, newline=""), delimiter=delimiter_detect(self.text)
        )
        rows: list[tuple[int, list[str]]] = []
        number = 0
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return rows
            except csv.Error as error:
                self.problem(
                    _("This row cannot be read as CSV (%(reason)s).") % {"reason": error}, number
                )
                return rows
            rows.append((number, [csv_cell_read(cell) for cell in cells]))

    def read_header(self, cells: list[str]) -> bool:
        self.header = [cell.strip().lower() for cell in cells]
        for index, name in enumerate(self.header):
            if not name:
                continue
            if name in self.columns:
                self.problem(_("This column appears twice."), 1, name)
                continue
            if not self.column_known(name):
                self.problem(
                    _("Unknown column. Check its spelling in the documentation of the CSV format."),
                    1,
                    name,
                )
                continue
            self.columns[name] = index
        missing = [name for name in REQUIRED_COLUMNS if name not in self.columns]
        for name in missing:
            self.problem(_("The column %(column)s is missing.") % {"column": name}, 1)
        if not any(f"title_{code}" in self.columns for code in FRAMEWORK_LANGUAGES):
            self.problem(_("A column title_fr or title_en is needed for the competences."), 1)
            return False
        return not missing

    def column_known(self, name: str) -> bool:
        if name in FIXED_COLUMNS:
            return True
        if match := SCALE_PATTERN.fullmatch(name) or LEVEL_PATTERN.fullmatch(name):
            self.level_numbers.add(int(match.group(1)))
            return True
        if match := ALIGNMENT_PATTERN.fullmatch(name):
            self.alignment_numbers.add(int(match.group(1)))
            return True
        return False

    # --- Reading -----------------------------------------------------------------

    def read(self) -> tuple[FrameworkDocument | None, list[Problem]]:
        rows = self.rows()
        if not rows or not any(cell.strip() for cell in rows[0][1]):
            self.problem(_("The first row must name the columns."), 1)
            return None, self.problems
        if not self.read_header(rows[0][1]):
            return None, self.problems
        competences: list[tuple[str, CompetenceData]] = []
        data_rows = [(number, cells) for number, cells in rows[1:] if any(c.strip() for c in cells)]
        if data_rows:
            self.first_row = data_rows[0][0]
        for number, cells in data_rows:
            row = self.read_row(number, cells)
            if row is not None:
                competences.append(row)
        for domain_code, competence in competences:
            domain = self.domains[domain_code].data
            competence.order = len(domain.competences) + 1
            domain.competences.append(competence)
        framework = self.framework()
        if "framework_languages" not in self.given:
            framework.languages = [
                code
                for code in FRAMEWORK_LANGUAGES
                if any(competence.title[code] for __, competence in competences)
            ] or [FRAMEWORK_LANGUAGES[0]]
        document = FrameworkDocument(
            framework=framework,
            version=self.version(),
            levels=self.levels(),
            domains=[entry.data for entry in self.domains.values()],
        )
        if not document.competences:
            self.problem(_("The file contains no competence."))
        return document, self.problems

    def read_row(self, number: int, cells: list[str]) -> tuple[str, CompetenceData] | None:
        if len(cells) > len(self.header) and any(
            cell.strip() for cell in cells[len(self.header) :]
        ):
            self.problem(
                _("This row has more cells than the first row has columns."),
                number,
            )
        values = {
            name: cells[index].strip() if index < len(cells) else ""
            for name, index in self.columns.items()
        }
        for name, value in values.items():
            if name.startswith(("framework_", "version_", "scale_")):
                self.give(self.given, name, value, number)
        domain_code, code = values.get("domain_code", ""), values.get("code", "")
        competence_values = any(
            value
            for name, value in values.items()
            if name in COMPETENCE_COLUMNS
            or name == "uuid"
            or name.startswith(("level_", "alignment_"))
        )
        if not domain_code:
            if code or competence_values:
                self.problem(
                    _("Give the code of the domain of this competence."), number, "domain_code"
                )
            elif any(values.get(name) for name in (*DOMAIN_COLUMNS, "domain_uuid")):
                self.problem(_("Give the code of this domain."), number, "domain_code")
            return None
        self.read_domain(number, domain_code, values)
        if not code:
            if competence_values:
                self.problem(_("Give the code of this competence."), number, "code")
            return None
        return domain_code, self.read_competence(number, values)

    def give(self, given: dict[str, _Given], name: str, value: str, number: int) -> None:
        """Remember a value given once; report it when another row gives a different one."""
        if not value:
            return
        first = given.get(name)
        if first is None:
            given[name] = _Given(value, number)
        elif first.value != value:
            self.problem(
                _(
                    "This value is different from the one on row %(row)s. "
                    "Give it once, or the same on every row."
                )
                % {"row": first.row},
                number,
                name,
            )

    def value(self, given: dict[str, _Given], name: str) -> str:
        entry = given.get(name)
        return entry.value if entry else ""

    def place(self, given: dict[str, _Given], name: str, default_row: int) -> Location:
        entry = given.get(name)
        return Location(row=entry.row if entry else default_row, column=name)

    def identifier(self, value: str, row: int, column: str) -> uuid.UUID | None:
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.problem(_("This is not a valid identifier (UUID)."), row, column)
            return None

    def read_domain(self, number: int, code: str, values: dict[str, str]) -> None:
        entry = self.domains.get(code)
        if entry is None:
            entry = self.domains[code] = _DomainEntry(
                DomainData(
                    code=code,
                    order=len(self.domains) + 1,
                    where=Location(row=number),
                    columns={"code": "domain_code", "uuid": "domain_uuid"},
                )
            )
        for name in (*DOMAIN_COLUMNS[1:], "domain_uuid"):
            value = values.get(name, "")
            if name == "domain_uuid" and name not in entry.given and value:
                entry.data.uuid = self.identifier(value, number, name)
            self.give(entry.given, name, value, number)
        data = entry.data
        for code_ in FRAMEWORK_LANGUAGES:
            data.title[code_] = self.value(entry.given, f"domain_title_{code_}")
            data.description[code_] = self.value(entry.given, f"domain_description_{code_}")
            for name in ("title", "description"):
                data.places[f"{name}_{code_}"] = self.place(
                    entry.given, f"domain_{name}_{code_}", data.where.row or number
                )

    def read_competence(self, number: int, values: dict[str, str]) -> CompetenceData:
        competence = CompetenceData(
            code=values["code"],
            uuid=self.identifier(values.get("uuid", ""), number, "uuid"),
            keywords=[
                word.strip()
                for word in values.get("keywords", "").split(LIST_SEPARATOR)
                if word.strip()
            ],
            where=Location(row=number),
            columns={name: name for name in (*COMPETENCE_COLUMNS, "uuid")},
        )
        for code in FRAMEWORK_LANGUAGES:
            competence.title[code] = values.get(f"title_{code}", "")
            competence.description[code] = values.get(f"description_{code}", "")
        for n in sorted(self.level_numbers):
            texts = {code: values.get(f"level_{n}_{code}", "") for code in LEVEL_FIELDS}
            if any(texts.values()):
                competence.level_texts.append(
                    LevelTextData(
                        number=n,
                        text={**empty_texts(), **texts},
                        where=Location(row=number),
                        columns={
                            f"descriptor_{code}": f"level_{n}_{code}" for code in LEVEL_FIELDS
                        },
                    )
                )
        for k in sorted(self.alignment_numbers):
            cells = {name: values.get(f"alignment_{k}_{name}", "") for name in ALIGNMENT_FIELDS}
            if not any(cells.values()):
                continue
            competence.alignments.append(
                AlignmentData(
                    target_url=cells["url"],
                    relation=cells["relation"].lower() or "close",
                    label={"fr": cells["label_fr"], "en": cells["label_en"]},
                    target_framework=cells["framework"] or target_framework_guess(cells["url"]),
                    target_code=cells["code"],
                    note={"fr": cells["note_fr"], "en": cells["note_en"]},
                    where=Location(row=number),
                    columns={
                        "target_url": f"alignment_{k}_url",
                        "relation": f"alignment_{k}_relation",
                        "label_fr": f"alignment_{k}_label_fr",
                        "label_en": f"alignment_{k}_label_en",
                        "target_framework": f"alignment_{k}_framework",
                        "target_code": f"alignment_{k}_code",
                        "note_fr": f"alignment_{k}_note_fr",
                        "note_en": f"alignment_{k}_note_en",
                    },
                )
            )
        return competence

    # --- What is given once --------------------------------------------------------

    def framework(self) -> FrameworkData:
        given, row = self.given, self.first_row
        data = FrameworkData(
            slug=self.value(given, "framework_slug"),
            uuid=self.identifier(
                self.value(given, "framework_uuid"),
                self.place(given, "framework_uuid", row).row or row,
                "framework_uuid",
            ),
            publisher=self.value(given, "framework_publisher"),
            licence=self.value(given, "framework_licence"),
            licence_url=self.value(given, "framework_licence_url"),
            where=Location(row=row),
        )
        for name in ("slug", "publisher", "licence", "licence_url", "languages"):
            data.places[name] = self.place(given, f"framework_{name}", row)
        for code in FRAMEWORK_LANGUAGES:
            data.name[code] = self.value(given, f"framework_name_{code}")
            data.description[code] = self.value(given, f"framework_description_{code}")
            data.places[f"name_{code}"] = self.place(given, f"framework_name_{code}", row)
            data.places[f"description_{code}"] = self.place(
                given, f"framework_description_{code}", row
            )
        languages = self.value(given, "framework_languages")
        if languages:
            data.languages = [
                code.strip().lower() for code in re.split(r"[|,\s]+", languages) if code.strip()
            ]
        return data

    def version(self) -> VersionData:
        given, row = self.given, self.first_row
        data = VersionData(
            label=self.value(given, "version_label"),
            uuid=self.identifier(
                self.value(given, "version_uuid"),
                self.place(given, "version_uuid", row).row or row,
                "version_uuid",
            ),
            where=Location(row=row),
        )
        data.places["label"] = self.place(given, "version_label", row)
        data.places["uuid"] = self.place(given, "version_uuid", row)
        for code in FRAMEWORK_LANGUAGES:
            data.notes[code] = self.value(given, f"version_notes_{code}")
            data.places[f"notes_{code}"] = self.place(given, f"version_notes_{code}", row)
        return data

    def levels(self) -> list[LevelData]:
        given, row = self.given, self.first_row
        used = {
            text.number
            for entry in self.domains.values()
            for competence in entry.data.competences
            for text in competence.level_texts
        }
        levels = []
        for n in sorted(self.level_numbers):
            names = [f"scale_{n}_{name}" for name in SCALE_FIELDS]
            if n not in used and not any(self.value(given, name) for name in names):
                continue
            level = LevelData(
                number=n,
                uuid=self.identifier(
                    self.value(given, f"scale_{n}_uuid"),
                    self.place(given, f"scale_{n}_uuid", row).row or row,
                    f"scale_{n}_uuid",
                ),
                where=Location(row=row),
            )
            level.places["uuid"] = self.place(given, f"scale_{n}_uuid", row)
            for code in FRAMEWORK_LANGUAGES:
                level.name[code] = self.value(given, f"scale_{n}_name_{code}")
                level.descriptor[code] = self.value(given, f"scale_{n}_descriptor_{code}")
                for name in ("name", "descriptor"):
                    level.places[f"{name}_{code}"] = self.place(
                        given, f"scale_{n}_{name}_{code}", row
                    )
            levels.append(level)
        return levels
