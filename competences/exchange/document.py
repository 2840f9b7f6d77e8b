"""What a reader makes of a file: a framework version, before it is saved.

The CSV and CASE readers both produce a :class:`FrameworkDocument`; the
importer (:mod:`competences.exchange.importer`) checks it against the models
and saves it. Every part remembers where it came from (``where``) and which
column or JSON member holds each of its fields (``columns``), so that a
problem found by the importer points at the right cell or path.

Texts are ``{"fr": …, "en": …}`` dictionaries. Identifiers and dates are
``None`` when the file does not give them: the importer then makes new ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

from competences.exchange.errors import Location
from competences.models import FRAMEWORK_LANGUAGES

Texts = dict[str, str]


def empty_texts() -> Texts:
    return dict.fromkeys(FRAMEWORK_LANGUAGES, "")


def target_framework_guess(url: str) -> str:
    """The framework an alignment points to, when the file does not say: ESCO, or the site."""
    parts = urlsplit(url)
    if parts.netloc == "data.europa.eu" and parts.path.startswith("/esco/"):
        return "ESCO"
    return parts.netloc[:100]


@dataclass
class Part:
    """Where a part of the document comes from."""

    where: Location = field(default_factory=Location)
    #: model field name → column name (CSV) or member path relative to ``where`` (CASE)
    columns: dict[str, str] = field(default_factory=dict)
    #: model field name → exact place, for values given on another row than ``where``
    places: dict[str, Location] = field(default_factory=dict)

    def locate(self, model_field: str) -> Location:
        if model_field in self.places:
            return self.places[model_field]
        column = self.columns.get(model_field)
        return self.where.at(column) if column else self.where


@dataclass
class FrameworkData(Part):
    slug: str = ""
    uuid: UUID | None = None
    name: Texts = field(default_factory=empty_texts)
    description: Texts = field(default_factory=empty_texts)
    publisher: str = ""
    licence: str = ""
    licence_url: str = ""
    languages: list[str] = field(default_factory=lambda: list(FRAMEWORK_LANGUAGES))


@dataclass
class VersionData(Part):
    label: str = ""
    uuid: UUID | None = None
    notes: Texts = field(default_factory=empty_texts)
    #: "draft", "published" or "retired", as the file says (used when publishing an import)
    status: str = ""
    published_at: datetime | None = None
    retired_at: datetime | None = None
    last_changed_at: datetime | None = None


@dataclass
class LevelData(Part):
    number: int = 0
    uuid: UUID | None = None
    name: Texts = field(default_factory=empty_texts)
    descriptor: Texts = field(default_factory=empty_texts)
    last_changed_at: datetime | None = None


@dataclass
class LevelTextData(Part):
    """What a level looks like for one competence."""

    number: int = 0
    uuid: UUID | None = None
    text: Texts = field(default_factory=empty_texts)
    last_changed_at: datetime | None = None


@dataclass
class AlignmentData(Part):
    target_url: str = ""
    target_framework: str = ""
    target_code: str = ""
    label: Texts = field(default_factory=empty_texts)
    relation: str = ""
    #: Why the competence relates to the target (one line; the ROME crosswalk).
    note: Texts = field(default_factory=empty_texts)
    uuid: UUID | None = None
    last_changed_at: datetime | None = None


@dataclass
class CompetenceData(Part):
    code: str = ""
    uuid: UUID | None = None
    title: Texts = field(default_factory=empty_texts)
    description: Texts = field(default_factory=empty_texts)
    keywords: list[str] = field(default_factory=list)
    order: int = 0
    level_texts: list[LevelTextData] = field(default_factory=list)
    alignments: list[AlignmentData] = field(default_factory=list)
    #: the identifier of the same competence in an earlier version (CASE ``replacedBy``)
    replaces: UUID | None = None
    last_changed_at: datetime | None = None


@dataclass
class DomainData(Part):
    code: str = ""
    uuid: UUID | None = None
    title: Texts = field(default_factory=empty_texts)
    description: Texts = field(default_factory=empty_texts)
    order: int = 0
    competences: list[CompetenceData] = field(default_factory=list)
    last_changed_at: datetime | None = None


@dataclass
class FrameworkDocument:
    """A whole framework version read from a file."""

    framework: FrameworkData
    version: VersionData
    levels: list[LevelData] = field(default_factory=list)
    domains: list[DomainData] = field(default_factory=list)
    #: things the reader changed or left out, to tell the steward (not problems)
    notices: list[str] = field(default_factory=list)

    @property
    def competences(self) -> list[CompetenceData]:
        return [competence for domain in self.domains for competence in domain.competences]
