"""Writes on bulk awards: a CSV file of recipients checked on upload, awarded by a task.

``bulk_award_start`` (issuer staff) reads the file, refuses it whole when it cannot be
used (not UTF-8 text, no email column, too big, empty), checks each row, stores the
rows to award and the rows refused in a ``BulkAward``, then queues the
``bulk_award_run`` task once the upload is committed (``config.runs.run_enqueue``: the run
is leased, and resumed if its worker dies). ``bulk_award_rows_run``
(``badges.services.bulk_run``) is the task's work: it awards the rows by batches through
``awards_issue``, each batch in its own transaction with its progress counted, so that it can
run again after a crash and resume where it stopped. A row whose email already holds a
valid award of the badge class is skipped: the same file run twice awards nothing the second time.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.api import AuditAction, User, audit_record
from badges.models import BadgeClass
from badges.models.bulk import BulkAward
from badges.selectors.issuers import user_is_issuer_staff
from badges.services.bulk_run import refusal
from config.runs import run_enqueue

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
NARRATIVE_MAX_LENGTH = 4000
EVIDENCE_URL_MAX_LENGTH = 500
# What a refused row keeps of the email as typed (a cell can hold anything).
DELIMITERS = (";", ",")
# Files that are surely not text: their first bytes (PNG, JPEG, GIF, PDF, ZIP/XLSX, OLE/XLS).
BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
)

# Accepted column names, compared without case, accents, spaces, hyphens or underscores.
COLUMN_NAMES = {
    "email": ("email", "e-mail", "mail", "courriel", "adresse email", "adresse e-mail",
              "adresse courriel", "adresse électronique", "email address"),
    "name": ("name", "nom", "full name", "nom complet", "prénom nom", "nom prénom"),
    "narrative": ("narrative", "récit", "description", "narration"),
    "evidence_url": ("evidence", "evidence url", "evidence link", "preuve", "url de la preuve",
                     "lien de la preuve", "url preuve", "lien preuve"),
}  # fmt: skip


def _column_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(char for char in letters if char.isalnum())


COLUMNS_BY_KEY = {
    _column_key(name): column for column, names in COLUMN_NAMES.items() for name in names
}


@dataclass
class ParsedFile:
    """What a CSV file holds: the rows to award, the rows refused, how many rows in all."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


def _text(data: bytes) -> str:
    """The file as text, if it is UTF-8 text (with or without the BOM Excel writes)."""
    not_text = ValidationError(
        _("This file is not a CSV file: it looks like an image, a PDF or a spreadsheet. "
          "Save your table in the CSV format and send that file."),
        code="not_csv",
    )  # fmt: skip
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data:
        raise not_text
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("This file is not UTF-8 text. In your spreadsheet, save it as "
              "“CSV UTF-8” (Excel) or choose the “Unicode (UTF-8)” character set "
              "(LibreOffice)."),
            code="not_utf8",
        ) from error  # fmt: skip
    if any(unicodedata.category(char) == "Cc" and char not in "\t\r\n" for char in text):
        raise not_text
    return text


def _delimiter(line: str) -> str:
    """The separator whose split of the first line names the most known columns."""

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([line], delimiter=delimiter), [])
        known = sum(1 for cell in cells if _column_key(cell) in COLUMNS_BY_KEY)
        return known, len(cells)

    return max(DELIMITERS, key=score)


def _columns(header: list[str]) -> dict[str, int]:
    """Where each known column is (``email`` required); other columns are ignored."""
    positions: dict[str, int] = {}
    for position, cell in enumerate(header):
        column = COLUMNS_BY_KEY.get(_column_key(cell))
        if column is None:
            continue
        if column in positions:
            raise ValidationError(
                _("The column “%(name)s” appears twice in the first row.") % {"name": cell.strip()},
                code="duplicate_column",
            )
        positions[column] = position
    if "email" not in positions:
        found = ", ".join(f"“{cell.strip()}”" for cell in header if cell.strip()) or "—"
        raise ValidationError(
            _("The file has no email column. Its first row must name the columns, for example "
              "“email;name;narrative;evidence URL” (or “courriel;nom;récit;preuve”). "
              "Columns found: %(columns)s.") % {"columns": found},
            code="no_email_column",
        )  # fmt: skip
    return positions


def _values(record: list[str], positions: dict[str, int]) -> dict[str, str]:
    """The cells of a row by column (``""`` for a column the file lacks or a short row)."""
    return {
        column: record[positions[column]].strip()
        if column in positions and positions[column] < len(record)
        else ""
        for column in COLUMN_NAMES
    }


def _row_problem(email: str, narrative: str, evidence_url: str, seen: dict[str, int]) -> str:
    """Why a row is refused ("" if it is fine)."""
    if not email:
        return _("The email address is missing.")
    try:
        validate_email(email)
    except ValidationError:
        return _("This is not a valid email address.")
    if email.lower() in seen:
        return _("This email address is already on line %(line)s.") % {"line": seen[email.lower()]}
    if len(narrative) > NARRATIVE_MAX_LENGTH:
        return _("The narrative is too long: %(count)s characters, 4000 at most.") % {
            "count": len(narrative)
        }
    if evidence_url:
        if len(evidence_url) > EVIDENCE_URL_MAX_LENGTH:
            return _("The evidence URL is too long (500 characters at most).")
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            return _("The evidence URL must be a web address starting with http:// or https://.")
    return ""


def bulk_file_parse(data: bytes) -> ParsedFile:
    """Read a CSV file of recipients; a file that cannot be used raises ``ValidationError``.

    The first non-empty row names the columns (French or English names, any case); the
    separator is ``;`` or ``,``. Line numbers are those of the file (as a text editor
    counts them), so that people find the rows refused.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is too big (2 MB at most): split it into several files."),
            code="too_big",
        )
    text = _text(data)
    if not text.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    first_line = next(line for line in text.splitlines() if line.strip())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    parsed = ParsedFile()
    positions: dict[str, int] | None = None
    seen: dict[str, int] = {}
    try:
        line = 1
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if positions is None:
                positions = _columns(record)
                continue
            parsed.total += 1
            if parsed.total > MAX_ROWS:
                raise ValidationError(
                    _("The file has more than 5000 rows: split it into several files."),
                    code="too_many_rows",
                )

            values = _values(record, positions)
            email, narrative = values["email"], values["narrative"]
            evidence_url = values["evidence_url"]
            problem = _row_problem(email, narrative, evidence_url, seen)
            if problem:
                parsed.errors.append(refusal(start, email, problem))
                continue
            seen[email.lower()] = start
            parsed.rows.append(
                {
                    "line": start,
                    "email": email.lower(),
                    "name": values["name"][:200],
                    "narrative": narrative,
                    "evidence_url": evidence_url,
                }
            )
    except csv.Error as error:
        raise ValidationError(
            _("This file cannot be read as CSV (line %(line)s).") % {"line": reader.line_num},
            code="not_csv",
        ) from error
    if not parsed.total:
        raise ValidationError(
            _("The file has no rows of recipients under its first row (the column names)."),
            code="empty",
        )
    return parsed


@transaction.atomic
def bulk_award_start(*, badge_class: BadgeClass, by: User, upload: UploadedFile) -> BulkAward:
    """Issuer staff upload a CSV file of recipients; its rows are awarded in the background.

    Refused rows are kept with their line, the email as typed and a message in the
    uploader's language. A file that cannot be used creates nothing (``ValidationError``).
    """
    if not user_is_issuer_staff(issuer=badge_class.issuer, user=by):
        raise PermissionDenied
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is too big (2 MB at most): split it into several files."),
            code="too_big",
        )
    data = upload.read(MAX_FILE_BYTES + 1)
    parsed = bulk_file_parse(data)
    bulk = BulkAward.objects.create(
        badge_class=badge_class,
        created_by=by,
        file_name=(upload.name or "")[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        rows=parsed.rows,
        errors=parsed.errors,
        total=parsed.total,
    )
    run_enqueue(bulk)
    audit_record(
        action=AuditAction.AWARD_BULK,
        actor=by,
        target_type="badge_class",
        target_id=badge_class.uuid,
        target_label=badge_class.name,
        target_path=badge_class.get_absolute_url(),
        details={"rows": parsed.total, "refused": len(parsed.errors)},
    )
    logger.info(
        "Bulk award %s of badge class %s: %s rows to award, %s refused (by user %s)",
        bulk.uuid,
        badge_class.uuid,
        len(parsed.rows),
        len(parsed.errors),
        by.pk,
    )
    return bulk
