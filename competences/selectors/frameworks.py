"""Reads: framework lists, version trees, competence pages, publication checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.api import User
from competences.models import (
    FRAMEWORK_LANGUAGES,
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
    Status,
)
from competences.models.base import LANGUAGE_NAMES, LOCKED_STATUSES


def _public_versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.public().order_by("-published_at", "-created_at")


def can_curate(user: object) -> bool:
    return isinstance(user, User) and user.can_curate_framework


@dataclass(frozen=True)
class FrameworkSummary:
    framework: Framework
    versions: list[FrameworkVersion]
    draft: FrameworkVersion | None

    @property
    def current(self) -> FrameworkVersion | None:
        return next((version for version in self.versions if version.is_published), None)


def framework_list(*, viewer: object) -> list[FrameworkSummary]:
    """Frameworks with their public versions, newest first (2 or 3 queries).

    Stewards also see frameworks that have nothing published yet, and drafts.
    """
    steward = can_curate(viewer)
    frameworks = Framework.objects.prefetch_related(
        Prefetch("versions", queryset=_public_versions(), to_attr="public_versions")
    )
    if steward:
        frameworks = frameworks.prefetch_related(
            Prefetch(
                "versions",
                queryset=FrameworkVersion.objects.filter(status=Status.DRAFT),
                to_attr="drafts",
            )
        )
    else:
        frameworks = frameworks.filter(versions__status__in=LOCKED_STATUSES).distinct()
    return [
        FrameworkSummary(
            framework=framework,
            versions=getattr(framework, "public_versions", []),
            draft=next(iter(getattr(framework, "drafts", [])), None),
        )
        for framework in frameworks
    ]


def framework_public_queryset() -> QuerySet[Framework]:
    return Framework.objects.all()


def version_public_queryset() -> QuerySet[FrameworkVersion]:
    """Versions anyone may read, with their framework."""
    return FrameworkVersion.objects.public().select_related("framework")


def version_list_public(*, framework: Framework) -> list[FrameworkVersion]:
    return list(_public_versions().filter(framework=framework))


def version_current(*, framework: Framework) -> FrameworkVersion | None:
    """The published version, the one people claim competences against."""
    return (
        FrameworkVersion.objects.filter(framework=framework, status=Status.PUBLISHED)
        .select_related("framework")
        .first()
    )


def version_latest(*, framework: Framework) -> FrameworkVersion | None:
    """The most recently published version, even if it was retired since."""
    return _public_versions().filter(framework=framework).first()


def version_draft(*, framework: Framework) -> FrameworkVersion | None:
    return (
        FrameworkVersion.objects.filter(framework=framework, status=Status.DRAFT)
        .select_related("framework", "based_on")
        .first()
    )


def framework_drafts(*, viewer: object) -> list[FrameworkVersion]:
    """The draft versions being prepared, for those who curate the framework (nobody else
    sees drafts), oldest change first (one query)."""
    if not can_curate(viewer):
        return []
    return list(
        FrameworkVersion.objects.filter(status=Status.DRAFT)
        .select_related("framework")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class LevelText:
    level: ProficiencyLevel
    descriptor: CompetenceLevelDescriptor | None


@dataclass(frozen=True)
class CompetenceNode:
    competence: Competence
    levels: list[LevelText]

    @property
    def has_level_texts(self) -> bool:
        return any(item.descriptor is not None for item in self.levels)


@dataclass(frozen=True)
class DomainNode:
    domain: Domain
    competences: list[CompetenceNode] = field(default_factory=list)


@dataclass(frozen=True)
class VersionTree:
    version: FrameworkVersion
    domains: list[DomainNode]
    levels: list[ProficiencyLevel]

    @property
    def competence_count(self) -> int:
        return sum(len(domain.competences) for domain in self.domains)


def competences_with_details() -> QuerySet[Competence]:
    return Competence.objects.prefetch_related(  # type: ignore[misc]  # taggit manager
        "keywords",
        "alignments",
        Prefetch(
            "level_descriptors",
            queryset=CompetenceLevelDescriptor.objects.select_related("level"),
        ),
    )


def _level_texts(competence: Competence, levels: list[ProficiencyLevel]) -> list[LevelText]:
    by_level = {item.level_id: item for item in competence.level_descriptors.all()}
    return [LevelText(level=level, descriptor=by_level.get(level.pk)) for level in levels]


def version_tree(*, version: FrameworkVersion) -> VersionTree:
    """Domains → competences (keywords, alignments, level texts) and the levels: 6 queries."""
    levels = list(ProficiencyLevel.objects.filter(version=version))
    nodes = {
        domain.pk: DomainNode(domain=domain) for domain in Domain.objects.filter(version=version)
    }
    for competence in competences_with_details().filter(version=version):
        nodes[competence.domain_id].competences.append(
            CompetenceNode(competence=competence, levels=_level_texts(competence, levels))
        )
    return VersionTree(version=version, domains=list(nodes.values()), levels=levels)


def competence_public_queryset() -> QuerySet[Competence]:
    return (
        competences_with_details()
        .filter(version__status__in=LOCKED_STATUSES)
        .select_related("version__framework", "domain")
    )


@dataclass(frozen=True)
class CompetencePage:
    competence: Competence
    levels: list[LevelText]
    earlier: list[Competence]
    later: list[Competence]

    @property
    def current(self) -> Competence | None:
        """The same competence in the published version, if it is still there."""
        for candidate in [*reversed(self.later), self.competence]:
            if candidate.version.status == Status.PUBLISHED:
                return candidate
        return None


def competence_page(*, competence: Competence) -> CompetencePage:
    """A competence with its level texts and the same competence in other versions."""
    levels = list(ProficiencyLevel.objects.filter(version_id=competence.version_id))
    lineage = {
        item.pk: item
        for item in Competence.objects.filter(
            version__framework_id=competence.version.framework_id,
            version__status__in=LOCKED_STATUSES,
        ).select_related("version")
    }
    successors: dict[int, Competence] = {}
    for item in lineage.values():
        if item.replaces_id in lineage:
            successors.setdefault(item.replaces_id, item)
    earlier: list[Competence] = []
    cursor = lineage.get(competence.replaces_id or 0)
    while cursor is not None and cursor not in earlier:
        earlier.append(cursor)
        cursor = lineage.get(cursor.replaces_id or 0)
    later: list[Competence] = []
    cursor = successors.get(competence.pk)
    while cursor is not None and cursor not in later:
        later.append(cursor)
        cursor = successors.get(cursor.pk)
    return CompetencePage(
        competence=competence,
        levels=_level_texts(competence, levels),
        earlier=earlier,
        later=later,
    )


def version_publication_problems(*, version: FrameworkVersion) -> list[str]:
    """Everything that must be fixed before a draft can be published, in plain words."""
    problems: list[str] = []
    languages = [
        code for code in version.framework.languages if code in FRAMEWORK_LANGUAGES
    ] or list(FRAMEWORK_LANGUAGES)
    domains = list(Domain.objects.filter(version=version))
    competences = list(Competence.objects.filter(version=version))
    levels = list(ProficiencyLevel.objects.filter(version=version))
    per_domain: dict[int, int] = defaultdict(int)
    for competence in competences:
        per_domain[competence.domain_id] += 1
    if not domains:
        problems.append(_("Add at least one domain."))
    for domain in domains:
        if not per_domain[domain.pk]:
            problems.append(
                _("Domain %(code)s has no competence: add one or delete the domain.")
                % {"code": domain.code}
            )
    if not levels:
        problems.append(_("Add at least one level."))
    elif [level.number for level in levels] != list(range(1, len(levels) + 1)):
        problems.append(_("Number the levels 1, 2, 3… without gaps."))
    for language in languages:
        language_name = str(LANGUAGE_NAMES[language])
        for domain in domains:
            if not getattr(domain, f"title_{language}").strip():
                problems.append(
                    _("Domain %(code)s has no title in %(language)s.")
                    % {"code": domain.code, "language": language_name}
                )
        for competence in competences:
            if not getattr(competence, f"title_{language}").strip():
                problems.append(
                    _("Competence %(code)s has no title in %(language)s.")
                    % {"code": competence.code, "language": language_name}
                )
        for level in levels:
            if not getattr(level, f"name_{language}").strip():
                problems.append(
                    _("Level %(number)s has no name in %(language)s.")
                    % {"number": level.number, "language": language_name}
                )
    return problems
