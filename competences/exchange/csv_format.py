"""CSV import and export: one row per competence. The specification is docs/exchange-csv.md.

Columns, in the order of an export (names are case-insensitive on import):

- the domain: ``domain_code``, ``domain_title_fr/en``, ``domain_description_fr/en``;
- the competence: ``code``, ``title_fr/en``, ``description_fr/en``, ``keywords`` (``|``
  between keywords);
- what each level looks like for this competence: ``level_<n>_fr/en``;
- alignments, one group of columns each: ``alignment_<k>_url``, ``_relation`` (exact, close,
  broad, related), ``_label_fr``, ``_label_en``, ``_framework``, ``_code``, ``_note_fr``,
  ``_note_en`` (a one-line justification, e.g. of the ROME crosswalk);
- identifiers: ``domain_uuid``, ``uuid``;
- the framework and the version, given once (on the first row in an export):
  ``framework_*``, ``version_*``, and the scale of levels ``scale_<n>_name_fr/en``,
  ``scale_<n>_descriptor_fr/en``, ``scale_<n>_uuid``.

Rows are numbered like in a spreadsheet: the header is row 1. Reading is in
:mod:`competences.exchange.csv_import`. A cell that would start a formula is written with an
apostrophe in front, and read back without it (``config.spreadsheets``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from competences.models import FRAMEWORK_LANGUAGES, FrameworkVersion
from competences.selectors.frameworks import version_tree
from config.spreadsheets import csv_cell

EXPORT_DELIMITER = ";"
LIST_SEPARATOR = "|"

FRAMEWORK_COLUMNS = (
    "framework_slug",
    "framework_uuid",
    "framework_name_fr",
    "framework_name_en",
    "framework_description_fr",
    "framework_description_en",
    "framework_publisher",
    "framework_licence",
    "framework_licence_url",
    "framework_languages",
)
VERSION_COLUMNS = ("version_label", "version_uuid", "version_notes_fr", "version_notes_en")
DOMAIN_COLUMNS = (
    "domain_code",
    "domain_title_fr",
    "domain_title_en",
    "domain_description_fr",
    "domain_description_en",
)
COMPETENCE_COLUMNS = (
    "code",
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "keywords",
)
ID_COLUMNS = ("domain_uuid", "uuid")
SCALE_FIELDS = ("name_fr", "name_en", "descriptor_fr", "descriptor_en", "uuid")
LEVEL_FIELDS = FRAMEWORK_LANGUAGES
ALIGNMENT_FIELDS = (
    "url",
    "relation",
    "label_fr",
    "label_en",
    "framework",
    "code",
    "note_fr",
    "note_en",
)

SCALE_PATTERN = re.compile(
    r"scale_([1-9][0-9]*)_(name_fr|name_en|descriptor_fr|descriptor_en|uuid)"
)
LEVEL_PATTERN = re.compile(r"level_([1-9][0-9]*)_(fr|en)")
ALIGNMENT_PATTERN = re.compile(
    r"alignment_([1-9][0-9]*)_(url|relation|label_fr|label_en|framework|code|note_fr|note_en)"
)
FIXED_COLUMNS = frozenset(
    (*FRAMEWORK_COLUMNS, *VERSION_COLUMNS, *DOMAIN_COLUMNS, *COMPETENCE_COLUMNS, *ID_COLUMNS)
)
REQUIRED_COLUMNS = ("domain_code", "code")

# --- Export ------------------------------------------------------------------------


def csv_header(*, level_numbers: Iterable[int], alignment_count: int) -> list[str]:
    levels = list(level_numbers)
    return [
        *DOMAIN_COLUMNS,
        *COMPETENCE_COLUMNS,
        *(f"level_{n}_{code}" for n in levels for code in LEVEL_FIELDS),
        *(
            f"alignment_{k}_{name}"
            for k in range(1, alignment_count + 1)
            for name in ALIGNMENT_FIELDS
        ),
        *ID_COLUMNS,
        *FRAMEWORK_COLUMNS,
        *VERSION_COLUMNS,
        *(f"scale_{n}_{name}" for n in levels for name in SCALE_FIELDS),
    ]


def _cell(value: object) -> str:
    """A value as the csv module would write it (``None`` empty), safe from spreadsheets."""
    return csv_cell("" if value is None else str(value))


def csv_export(*, version: FrameworkVersion) -> str:
    """The version as CSV text: UTF-8 byte order mark, ``;`` between cells, CRLF line ends."""
    tree = version_tree(version=version)
    framework = version.framework
    alignment_count = max(
        (
            len(node.competence.alignments.all())
            for domain in tree.domains
            for node in domain.competences
        ),
        default=0,
    )
    header = csv_header(
        level_numbers=[level.number for level in tree.levels], alignment_count=alignment_count
    )
    metadata: dict[str, str] = {
        "framework_slug": framework.slug,
        "framework_uuid": str(framework.uuid),
        "framework_publisher": framework.publisher,
        "framework_licence": framework.licence,
        "framework_licence_url": framework.licence_url,
        "framework_languages": LIST_SEPARATOR.join(framework.languages),
        "version_label": version.label,
        "version_uuid": str(version.uuid),
    }
    for code in FRAMEWORK_LANGUAGES:
        metadata[f"framework_name_{code}"] = getattr(framework, f"name_{code}")
        metadata[f"framework_description_{code}"] = getattr(framework, f"description_{code}")
        metadata[f"version_notes_{code}"] = getattr(version, f"notes_{code}")
    for level in tree.levels:
        metadata[f"scale_{level.number}_uuid"] = str(level.uuid)
        for code in FRAMEWORK_LANGUAGES:
            metadata[f"scale_{level.number}_name_{code}"] = getattr(level, f"name_{code}")
            metadata[f"scale_{level.number}_descriptor_{code}"] = getattr(
                level, f"descriptor_{code}"
            )
    rows: list[dict[str, str]] = []
    for domain_node in tree.domains:
        domain = domain_node.domain
        domain_values = {"domain_code": domain.code, "domain_uuid": str(domain.uuid)}
        for code in FRAMEWORK_LANGUAGES:
            domain_values[f"domain_title_{code}"] = getattr(domain, f"title_{code}")
            domain_values[f"domain_description_{code}"] = getattr(domain, f"description_{code}")
        if not domain_node.competences:
            rows.append(dict(domain_values))
        for node in domain_node.competences:
            competence = node.competence
            values = {
                **domain_values,
                "code": competence.code,
                "uuid": str(competence.uuid),
                "keywords": LIST_SEPARATOR.join(
                    sorted(tag.name for tag in competence.keywords.all())
                ),
            }
            for code in FRAMEWORK_LANGUAGES:
                values[f"title_{code}"] = getattr(competence, f"title_{code}")
                values[f"description_{code}"] = getattr(competence, f"description_{code}")
            for item in node.levels:
                if item.descriptor is not None:
                    for code in FRAMEWORK_LANGUAGES:
                        values[f"level_{item.level.number}_{code}"] = getattr(
                            item.descriptor, f"descriptor_{code}"
                        )
            for k, alignment in enumerate(competence.alignments.all(), start=1):
                values[f"alignment_{k}_url"] = alignment.target_url
                values[f"alignment_{k}_relation"] = alignment.relation
                values[f"alignment_{k}_label_fr"] = alignment.label_fr
                values[f"alignment_{k}_label_en"] = alignment.label_en
                values[f"alignment_{k}_framework"] = alignment.target_framework
                values[f"alignment_{k}_code"] = alignment.target_code
                values[f"alignment_{k}_note_fr"] = alignment.note_fr
                values[f"alignment_{k}_note_en"] = alignment.note_en
            rows.append(values)
    if not rows:
        rows.append({})
    rows[0].update(metadata)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=EXPORT_DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([_cell(values.get(name)) for name in header])
    return buffer.getvalue()
