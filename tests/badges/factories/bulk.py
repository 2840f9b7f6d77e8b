"""Data of the bulk award tests: CSV files as spreadsheets save them, and uploads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from badges.models.bulk import BulkAward, BulkStatus
from config.runs import lease_duration
from tests.badges.factories.revocation import Setting

HEADER_EN = ("email", "name", "narrative", "evidence URL")
HEADER_FR = ("Courriel", "Nom", "Récit", "Preuve")


def csv_bytes(
    rows: Iterable[Sequence[str]],
    *,
    header: Sequence[str] = HEADER_EN,
    delimiter: str = ",",
    bom: bool = False,
) -> bytes:
    """A CSV file with a header row; cells are quoted when they need it (CRLF lines)."""

    def cell(text: str) -> str:
        if any(char in text for char in (delimiter, '"', "\n", "\r")):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(cell(text) for text in line) for line in [header, *rows]]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def upload(data: bytes, name: str = "recipients.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def people(count: int, *, start: int = 0) -> list[tuple[str, str, str, str]]:
    return [(f"person{n}@example.org", f"Person {n}", f"Row {n}.", "") for n in range(start, count)]


def bulk_add(s: Setting, **kwargs: object) -> BulkAward:
    """A bulk award as ``bulk_award_start`` leaves it (``rows`` given, nothing processed,
    reserved for its task for one lease duration: not stale)."""
    values: dict[str, object] = {
        "badge_class": s.badge,
        "created_by": s.leader,
        "file_name": "recipients.csv",
        "status": BulkStatus.QUEUED,
        "lease_expires_at": timezone.now() + lease_duration(),
    }
    values.update(kwargs)
    return BulkAward.objects.create(**values)
