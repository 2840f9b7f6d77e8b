"""What changed between two versions of a framework.

Competences are matched by following ``replaces`` links backwards from the
newer version, through any versions in between, so a competence whose code
or domain changed is still recognised as the same competence.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from competences.models import Competence, FrameworkVersion, ProficiencyLevel
from competences.selectors.frameworks import competences_with_details


@dataclass(frozen=True)
class CompetenceChange:
    old: Competence
    new: Competence
    changes: list[Promise]


@dataclass(frozen=True)
class LevelChange:
    number: int
    old: ProficiencyLevel | None
    new: ProficiencyLevel | None


@dataclass(frozen=True)
class VersionDiff:
    old: FrameworkVersion
    new: FrameworkVersion
    added: list[Competence]
    removed: list[Competence]
    changed: list[CompetenceChange]
    unchanged: list[CompetenceChange]
    levels: list[LevelChange]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.levels)


_TEXT_FIELDS: list[tuple[str, Promise]] = [
    ("code", _("code")),
    ("title_fr", _("title in French")),
    ("title_en", _("title in English")),
    ("description_fr", _("description in French")),
    ("description_en", _("description in English")),
]


def _signature(competence: Competence) -> dict[str, object]:
    return {
        "domain": competence.domain.code,
        "keywords": sorted(tag.name for tag in competence.keywords.all()),
        "alignments": sorted(
            (item.target_url, item.relation) for item in competence.alignments.all()
        ),
        "levels": sorted(
            (item.level.number, item.descriptor_fr, item.descriptor_en)
            for item in competence.level_descriptors.all()
        ),
    }


def _compare(old: Competence, new: Competence) -> list[Promise]:
    changes = [label for name, label in _TEXT_FIELDS if getattr(old, name) != getattr(new, name)]
    before, after = _signature(old), _signature(new)
    labels = {
        "domain": _("domain"),
        "keywords": _("keywords"),
        "alignments": _("alignments"),
        "levels": _("level texts"),
    }
    changes += [label for key, label in labels.items() if before[key] != after[key]]
    return changes


def _details(version: FrameworkVersion) -> QuerySet[Competence]:
    return competences_with_details().filter(version=version).select_related("domain")


def _level_changes(old: FrameworkVersion, new: FrameworkVersion) -> list[LevelChange]:
    before = {level.number: level for level in ProficiencyLevel.objects.filter(version=old)}
    after = {level.number: level for level in ProficiencyLevel.objects.filter(version=new)}
    fields = ("name_fr", "name_en", "descriptor_fr", "descriptor_en")
    changes = []
    for number in sorted(before.keys() | after.keys()):
        was, now = before.get(number), after.get(number)
        if was and now and all(getattr(was, f) == getattr(now, f) for f in fields):
            continue
        changes.append(LevelChange(number=number, old=was, new=now))
    return changes


def version_diff(*, old: FrameworkVersion, new: FrameworkVersion) -> VersionDiff:
    """Compare two versions of the same framework (the older one first; swapped if needed)."""
    if old.framework_id != new.framework_id:
        raise ValueError("Both versions must belong to the same framework.")
    if (old.created_at, old.pk) > (new.created_at, new.pk):
        old, new = new, old
    links = {
        pk: (replaces_id, version_id)
        for pk, replaces_id, version_id in Competence.objects.filter(
            version__framework_id=old.framework_id
        ).values_list("pk", "replaces_id", "version_id")
    }

    def ancestor_in_old(pk: int) -> int | None:
        seen: set[int] = set()
        cursor: int | None = links[pk][0]
        while cursor is not None and cursor not in seen:
            seen.add(cursor)
            replaces_id, version_id = links.get(cursor, (None, None))
            if version_id == old.pk:
                return cursor
            cursor = replaces_id
        return None

    before = {competence.pk: competence for competence in _details(old)}
    added: list[Competence] = []
    changed: list[CompetenceChange] = []
    unchanged: list[CompetenceChange] = []
    matched: set[int] = set()
    for competence in _details(new):
        origin = ancestor_in_old(competence.pk)
        if origin is None or origin in matched:
            added.append(competence)
            continue
        matched.add(origin)
        change = CompetenceChange(
            old=before[origin], new=competence, changes=_compare(before[origin], competence)
        )
        (changed if change.changes else unchanged).append(change)
    removed = [competence for pk, competence in before.items() if pk not in matched]
    return VersionDiff(
        old=old,
        new=new,
        added=added,
        removed=removed,
        changed=changed,
        unchanged=unchanged,
        levels=_level_changes(old, new),
    )
