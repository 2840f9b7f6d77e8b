"""Reading a CASE 1.1 CFPackage into a framework version. Specification: docs/exchange-case.md.

A package made by Jalons comes back exactly as it was exported (texts in both
languages, codes, orders, levels, alignments, identifiers and dates). A
package made elsewhere is read as faithfully as the Jalons model allows: its
tree is flattened into domains → competences (:mod:`.case_tree`) and its
rubrics give the levels (:mod:`.case_rubrics`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competences.exchange.case_reader import identifier_parse, language_code
from competences.exchange.case_rubrics import RubricReader
from competences.exchange.case_schema import case_schema_problems
from competences.exchange.case_tree import TreeReader
from competences.exchange.document import FrameworkData, FrameworkDocument, VersionData
from competences.exchange.errors import Location, Problem
from competences.models import Status

LABEL_MAX_LENGTH = 30
RETIRED_STATUSES = frozenset({"deprecated", "retired", "obsolete", "withdrawn"})
DRAFT_STATUSES = frozenset({"draft", "private draft", "public review"})


def case_package_read(*, text: str) -> tuple[FrameworkDocument | None, list[Problem]]:
    """Read a CASE package (JSON text). Returns the document and every problem found."""
    try:
        package = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [
            Problem(
                _("The file is not valid JSON (line %(line)s, column %(column)s): %(reason)s.")
                % {"line": error.lineno, "column": error.colno, "reason": error.msg}
            )
        ]
    except RecursionError:
        return None, [Problem(_("The file is not valid JSON: it is nested too deeply."))]
    if not isinstance(package, dict):
        return None, [
            Problem(
                _("A CASE package is a JSON object that contains a CFDocument."),
                Location(path="$"),
            )
        ]
    problems, notices = case_schema_problems(package)
    reader = CaseReader(package, notices)
    document = reader.read()
    return document, [*problems, *reader.problems]


def label_clean(value: str) -> str:
    label = re.sub(r"[^A-Za-z0-9._-]+", "-", value.strip())
    return re.sub(r"^[^A-Za-z0-9]+", "", label)[:LABEL_MAX_LENGTH].rstrip("-")


class CaseReader(TreeReader, RubricReader):
    """Reads a whole package: the document, then the tree, then the levels."""

    def read(self) -> FrameworkDocument | None:
        document = self.package.get("CFDocument")
        if not isinstance(document, dict):
            return None  # the schema reports it
        self.document_id = identifier_parse(document.get("identifier"))
        self.language = self.read_language(document)
        framework = self.read_framework(document)
        version = self.read_version(document)
        self.index_items()
        self.read_associations()
        domains = self.read_tree(document)
        competences = {
            competence.uuid: competence
            for domain in domains
            for competence in domain.competences
            if competence.uuid is not None
        }
        levels = self.read_rubrics(competences)
        self.add_notices()
        return FrameworkDocument(
            framework=framework,
            version=version,
            levels=levels,
            domains=domains,
            notices=self.notices,
        )

    def read_language(self, document: dict[str, Any]) -> str:
        raw = document.get("language")
        code = language_code(raw)
        if code is not None:
            return code
        if isinstance(raw, str) and raw.strip():
            self.notices.append(
                _(
                    "The texts of the file are in the language “%(language)s”. Jalons keeps "
                    "French and English texts: they were read as English."
                )
                % {"language": raw.strip()[:20]}
            )
        else:
            self.notices.append(
                _("The file does not say its language: its texts were read as English.")
            )
        return "en"

    def read_framework(self, document: dict[str, Any]) -> FrameworkData:
        extension, prefix = self.jalons(document)
        info: dict[str, Any] = extension.get("framework") or {}
        if not isinstance(info, dict):
            info = {}
        licence: dict[str, Any] = document.get("licenseURI") or {}
        if not isinstance(licence, dict):
            licence = {}
        name, name_paths = self.texts(document, "title")
        description, description_paths = self.texts(document, "description")
        languages = info.get("languages")
        if not (isinstance(languages, list) and all(isinstance(code, str) for code in languages)):
            languages = [self.language]
        publisher = document.get("publisher") or document.get("creator") or ""
        return FrameworkData(
            slug=str(info.get("slug") or "").strip(),
            uuid=identifier_parse(info.get("identifier")),
            name=name,
            description=description,
            publisher=str(publisher).strip(),
            licence=str(
                info["licence"] if "licence" in info else licence.get("title") or ""
            ).strip(),
            licence_url=str(
                info["licenceUrl"] if "licenceUrl" in info else licence.get("uri") or ""
            ).strip(),
            languages=list(languages),
            where=Location(path="$.CFDocument"),
            columns={
                "slug": f"{prefix}.framework.slug",
                "publisher": "publisher" if document.get("publisher") else "creator",
                "licence": f"{prefix}.framework.licence"
                if "licence" in info
                else "licenseURI.title",
                "licence_url": f"{prefix}.framework.licenceUrl"
                if "licenceUrl" in info
                else "licenseURI.uri",
                "languages": f"{prefix}.framework.languages",
                **{f"name_{code}": path for code, path in name_paths.items()},
                **{f"description_{code}": path for code, path in description_paths.items()},
            },
        )

    def read_version(self, document: dict[str, Any]) -> VersionData:
        extension, prefix = self.jalons(document)
        raw_label = str(document.get("version") or "")
        label = label_clean(raw_label)
        if label != raw_label.strip():
            self.notices.append(
                _(
                    "The version “%(raw)s” was renamed “%(label)s”: a version number only uses "
                    "letters, digits, dots and dashes."
                )
                % {"raw": raw_label.strip()[:40], "label": label or "1.0"}
            )
        notes, notes_paths = self.texts(document, "notes")
        status = str(document.get("adoptionStatus") or "").strip().lower()
        return VersionData(
            label=label,
            uuid=self.document_id,
            notes=notes,
            status=(
                Status.RETIRED
                if status in RETIRED_STATUSES
                else Status.DRAFT
                if status in DRAFT_STATUSES
                else Status.PUBLISHED
            ),
            published_at=(
                self.when(extension.get("publishedAt"), f"$.CFDocument.{prefix}.publishedAt")
                or self.day(document.get("statusStartDate"))
            ),
            retired_at=(
                self.when(extension.get("retiredAt"), f"$.CFDocument.{prefix}.retiredAt")
                or self.day(document.get("statusEndDate"))
            ),
            last_changed_at=self.when(
                document.get("lastChangeDateTime"), "$.CFDocument.lastChangeDateTime"
            ),
            where=Location(path="$.CFDocument"),
            columns={
                "label": "version",
                "uuid": "identifier",
                **{f"notes_{code}": path for code, path in notes_paths.items()},
            },
        )

    def add_notices(self) -> None:
        if self.shortened:
            self.notices.append(
                ngettext(
                    "%(count)s statement was too long for a title: it was shortened and kept "
                    "whole in the description.",
                    "%(count)s statements were too long for a title: they were shortened and "
                    "kept whole in the description.",
                    self.shortened,
                )
                % {"count": self.shortened}
            )
        if self.left_out:
            kinds = ", ".join(
                f"{kind or '?'} ({count})" for kind, count in sorted(self.left_out.items())
            )
            self.notices.append(
                _("Left out, because Jalons does not use them: %(kinds)s.") % {"kinds": kinds}
            )
