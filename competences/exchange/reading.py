"""Turning uploaded bytes into text, checked by content (never by file name)."""

from __future__ import annotations

from typing import Literal

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from competences.exchange.errors import ImportFailed, Problem

#: The largest file accepted for import. The default framework is about 40 kB in CSV.
MAX_IMPORT_BYTES = 5 * 1024 * 1024

FileFormat = Literal["csv", "case"]
FORMATS: tuple[str, ...] = ("auto", "csv", "case")


def text_decode(*, data: bytes) -> str:
    """The file's text: UTF-8, with or without a byte order mark, not too big, not empty."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFailed(
            [
                Problem(
                    _("The file is too big: %(size)s. The largest file accepted is %(limit)s.")
                    % {
                        "size": filesizeformat(len(data)),
                        "limit": filesizeformat(MAX_IMPORT_BYTES),
                    }
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFailed(
            [
                Problem(
                    _(
                        "The file is not written in UTF-8 (the first unreadable character is on "
                        "line %(line)s). In your spreadsheet, save it again as “CSV UTF-8”."
                    )
                    % {"line": line}
                )
            ]
        ) from None
    if "\x00" in text:
        raise ImportFailed(
            [Problem(_("This is not a text file. Choose a CSV file or a CASE JSON file."))]
        )
    if not text.strip():
        raise ImportFailed([Problem(_("The file is empty."))])
    return text


def format_detect(text: str) -> FileFormat:
    """A CASE package is a JSON object; anything else is read as CSV."""
    return "case" if text.lstrip().startswith(("{", "[")) else "csv"


def format_check(*, text: str, chosen: str) -> FileFormat:
    """The format to read ``text`` with: the chosen one, or the one its content shows."""
    detected = format_detect(text)
    if chosen == "csv" and detected == "case":
        raise ImportFailed(
            [Problem(_("This file contains JSON, not CSV. Choose the CASE format, or “detect”."))]
        )
    if chosen == "case" and detected == "csv":
        raise ImportFailed(
            [Problem(_("This file does not contain JSON: it is not a CASE package."))]
        )
    return detected
