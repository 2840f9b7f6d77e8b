"""The base of the CASE reader: its state, and how it reads texts, dates and extensions.

See :mod:`competences.exchange.case_import`.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from competences.exchange.case_common import EXTENSION
from competences.exchange.document import Texts, empty_texts
from competences.exchange.errors import Location, Problem
from competences.models import FRAMEWORK_LANGUAGES

if TYPE_CHECKING:
    from competences.exchange.case_tree import TreeItem

LANGUAGE_CODES = {"fr": "fr", "fra": "fr", "fre": "fr", "en": "en", "eng": "en"}


def language_code(value: Any) -> str | None:
    """``fr``, ``fr-FR``, ``fre``, ``fra`` → ``fr``; ``en``, ``en-US``, ``eng`` → ``en``."""
    if not isinstance(value, str) or not value.strip():
        return None
    return LANGUAGE_CODES.get(re.split(r"[-_]", value.strip().lower())[0])


def identifier_parse(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def whole_number(value: Any) -> int | None:
    """An integer from an integer or a whole float; None otherwise (booleans too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


class CaseReaderBase:
    """What every part of the CASE reader shares."""

    def __init__(self, package: dict[str, Any], notices: list[str]) -> None:
        self.package = package
        self.problems: list[Problem] = []
        self.notices = list(notices)
        self.language = "en"
        self.document_id: uuid.UUID | None = None
        self.items: dict[uuid.UUID, TreeItem] = {}
        self.alignments: dict[uuid.UUID, list[tuple[dict[str, Any], str]]] = {}
        self.replaced_by: dict[uuid.UUID, uuid.UUID] = {}
        self.left_out: Counter[str] = Counter()
        self.shortened = 0

    def problem(self, message: str, path: str) -> None:
        self.problems.append(Problem(message, Location(path=path)))

    def jalons(self, obj: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """The Jalons extension of a CASE object, and its path relative to the object."""
        extensions = obj.get("extensions")
        if isinstance(extensions, dict) and isinstance(extensions.get(EXTENSION), dict):
            return extensions[EXTENSION], f"extensions.{EXTENSION}"
        if isinstance(extensions, list):
            for index, entry in enumerate(extensions):
                if isinstance(entry, dict) and isinstance(entry.get(EXTENSION), dict):
                    return entry[EXTENSION], f"extensions[{index}].{EXTENSION}"
        return {}, f"extensions.{EXTENSION}"

    def texts(
        self,
        owner: dict[str, Any],
        member: str,
        *,
        value: Any = None,
        language: str | None = None,
    ) -> tuple[Texts, dict[str, str]]:
        """A bilingual text: ``member`` in the object's language, the others from the extension.

        Returns the texts and, for each language, the member's path relative to ``owner``.
        """
        language = language or self.language
        if value is None:
            value = owner.get(member)
        texts = empty_texts()
        paths: dict[str, str] = {language: member}
        texts[language] = value.strip() if isinstance(value, str) else ""
        extension, prefix = self.jalons(owner)
        translations = extension.get("translations")
        for code in FRAMEWORK_LANGUAGES:
            entry = translations.get(code) if isinstance(translations, dict) else None
            path = f"{prefix}.translations.{code}.{member}"
            if isinstance(entry, dict) and isinstance(entry.get(member), str):
                texts[code] = entry[member].strip()
                paths[code] = path
            paths.setdefault(code, path)
        return texts, paths

    def when(self, value: Any, path: str) -> datetime | None:
        if not isinstance(value, str):
            return None
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            self.problem(
                _("This is not a date and time (ISO 8601, for example 2026-01-31T12:00:00+00:00)."),
                path,
            )
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    @staticmethod
    def day(value: Any) -> datetime | None:
        if not isinstance(value, str):
            return None
        try:
            return datetime.combine(date.fromisoformat(value.strip()), time(), tzinfo=UTC)
        except ValueError:
            return None  # the schema reports it

    def objects(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.package.get(name)
        if not isinstance(value, list):
            return []
        return [(index, obj) for index, obj in enumerate(value) if isinstance(obj, dict)]
