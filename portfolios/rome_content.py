"""A portfolio read in the ROME's words, resolved once for the page, the PDF and the API.

``portfolios.selectors.rome`` builds these structures from a ``PortfolioContent`` (only
the competences the portfolio shows, and only those confirmed: an endorsed level) and the
crosswalk of their framework version to the ROME 4.0 savoir-être (docs/rome.md). The
builders of documents receive them and query nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RomeCompetence:
    """A confirmed competence behind a savoir-être, and how it relates to it."""

    code: str
    title: str
    level: int
    level_label: str
    endorsers: int  # distinct people who confirmed it at that level or above
    leaders: int  # of whom initiative leaders
    relation: str  # exact | close | broad | related
    relation_label: str
    note: str  # the crosswalk's one-line justification


@dataclass(frozen=True)
class RomeSkillLine:
    """A ROME savoir-être, with the person's confirmed competences related to it."""

    code: str  # code OGR
    macro_code: str  # 6D101…
    label: str  # the ROME's official label
    definition: str  # the ROME's official definition
    sheet_count: int  # job sheets that ask for it
    competences: list[RomeCompetence] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.competences)

    @property
    def best_level(self) -> int:
        return max((item.level for item in self.competences), default=0)


@dataclass(frozen=True)
class RomeReading:
    """The savoir-être the portfolio's confirmed competences relate to, in the ROME's order."""

    skills: list[RomeSkillLine]
    rome_version: str

    @property
    def covered_codes(self) -> set[str]:
        return {line.code for line in self.skills}


@dataclass(frozen=True)
class SuggestedInitiative:
    """An initiative of the directory where a missing savoir-être's competences are developed."""

    pk: int
    slug: str
    name: str
    commune: str
    url: str
    welcomes_newcomers: bool


@dataclass(frozen=True)
class GapLine:
    """A savoir-être a target job asks for: covered (with what), or missing (where to go)."""

    skill: RomeSkillLine
    suggestions: list[SuggestedInitiative]

    @property
    def covered(self) -> bool:
        return self.skill.covered


@dataclass(frozen=True)
class TargetJobGap:
    target_uuid: str
    title_code: str
    title_label: str
    sheet_code: str
    sheet_label: str
    lines: list[GapLine]

    @property
    def covered_count(self) -> int:
        return sum(1 for line in self.lines if line.covered)

    @property
    def asked_count(self) -> int:
        return len(self.lines)


@dataclass(frozen=True)
class RankedJob:
    """A job sheet ranked by how many of its savoir-être the person covers."""

    code: str
    label: str
    grand_domain_code: str
    grand_domain_label: str
    domain_label: str
    covered: list[str]  # labels of the covered savoir-être it asks for
    missing: list[str]  # labels of the others

    @property
    def asked_count(self) -> int:
        return len(self.covered) + len(self.missing)


@dataclass(frozen=True)
class RomePage:
    """The PDF's optional page "Lecture ROME 4.0": the reading and the target jobs' gaps
    (without suggestions of initiatives: the page says what is there, for an advisor)."""

    reading: RomeReading
    targets: list[TargetJobGap]
