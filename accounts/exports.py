"""The ZIP of a person's data: what each app's section writes, put together.

``ZipExportWriter`` implements ``accounts.data_rights.ExportWriter``: the sections
(``<app>/personal_data.py``) give it their data, their files and their lines of the index;
``close`` then writes, beside their files:

- ``data.json``: every section's data under its key, with ``format``, ``format_version``,
  ``generated_at``, ``site`` and ``language`` (docs/personal-data.md lists every key);
- ``<key>.json``: each key on its own, for people who open one part only;
- ``index.html``: the human-readable index, self-contained (its style inside it, no
  script, no address outside the ZIP), in the person's language (the caller activates it).

Like the other document builders, it receives its data and queries nothing.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise

from accounts.data_rights import IndexLink

FORMAT = "jalons-personal-data"
FORMAT_VERSION = 1
DATA_FILE = "data.json"
INDEX_FILE = "index.html"
# What a section may not call its data or its files: the ZIP's own files.
RESERVED = {DATA_FILE, INDEX_FILE, "format", "format_version", "generated_at", "site", "language"}


class ExportPathError(ValueError):
    """A section gave a path or a key that cannot be in the ZIP (or is there already)."""


@dataclass(frozen=True)
class IndexLine:
    text: str
    path: str = ""


@dataclass(frozen=True)
class IndexSection:
    heading: str
    lines: list[IndexLine]


def export_json(data: Any) -> bytes:
    """The JSON of an export: indented, UTF-8, dates in ISO 8601."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def safe_path(path: str) -> str:
    """``path`` if it is a plain relative path inside the ZIP, else ``ExportPathError``."""
    parts = PurePosixPath(path).parts
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or path != "/".join(parts)
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise ExportPathError(f"Not a path inside the export: {path!r}")
    return path


def _date_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    local = timezone.localtime(moment)
    return (local.year, local.month, local.day, local.hour, local.minute, local.second)


class ZipExportWriter:
    """Writes an export into ``target`` (a binary file open for writing)."""

    def __init__(
        self,
        target: IO[bytes],
        *,
        generated_at: datetime,
        after_each_file: Callable[[], None] | None = None,
    ) -> None:
        self.generated_at = generated_at
        # Called after each file written (the caller keeps its lease on the export alive
        # through a long section; it may raise to stop the export).
        self.after_each_file = after_each_file
        self.data: dict[str, Any] = {}
        self.sections: list[IndexSection] = []
        self.paths: set[str] = set()
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)

    def _write(self, path: str, content: bytes) -> None:
        path = safe_path(path)
        if path in self.paths:
            raise ExportPathError(f"Already in the export: {path!r}")
        self.paths.add(path)
        info = zipfile.ZipInfo(path, date_time=_date_time(self.generated_at))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, content)
        if self.after_each_file is not None:
            self.after_each_file()

    # --- ExportWriter -------------------------------------------------------------------

    def add_data(self, key: str, data: Any) -> None:
        if not key.isidentifier() or key in self.data or key in RESERVED:
            raise ExportPathError(f"Not a key of data.json: {key!r}")
        self.data[key] = data

    def add_file(self, path: str, content: bytes) -> None:
        if "/" not in path:
            # The top of the ZIP is for data.json, index.html and the <key>.json files.
            raise ExportPathError(f"Put files in a folder of the export: {path!r}")
        self._write(path, content)

    def add_index(self, heading: str | Promise, lines: Sequence[str | Promise | IndexLink]) -> None:
        self.sections.append(
            IndexSection(
                heading=str(heading),
                lines=[
                    IndexLine(text=str(line.text), path=safe_path(line.path))
                    if isinstance(line, IndexLink)
                    else IndexLine(text=str(line))
                    for line in lines
                ],
            )
        )

    # --- The ZIP's own files ------------------------------------------------------------

    def close(self, *, site: str, language: str, person: str) -> None:
        """Write ``data.json``, one ``<key>.json`` per key and ``index.html``; close the ZIP."""
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "generated_at": self.generated_at,
            "site": site,
            "language": language,
        }
        self._write(DATA_FILE, export_json({**header, **self.data}))
        for key, data in self.data.items():
            self._write(f"{key}.json", export_json(data))
        index = render_to_string(
            "accounts/data/export_index.html",
            {
                "generated_at": self.generated_at,
                "site": site,
                "person": person,
                "language": language,
                "data_file": DATA_FILE,
                "keys": [(key, f"{key}.json") for key in self.data],
                "sections": self.sections,
            },
        )
        self._write(INDEX_FILE, index.encode("utf-8"))
        self._zip.close()

    def abort(self) -> None:
        self._zip.close()
