"""Writes of the ROME 4.0 reference data: ``rome_load`` (``manage.py load_rome``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from competences.models import RomeJobSheet, RomeJobSheetSoftSkill, RomeJobTitle, RomeSoftSkill
from competences.rome import RomeData, rome_data

BATCH = 1000


@dataclass
class RomeLoaded:
    """What ``rome_load`` did, per kind of row: created, updated, removed."""

    version: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(value for kind in self.counts.values() for value in kind.values())


def _sync(model: type[models.Model], rows: list[Any], fields: list[str]) -> dict[str, int]:
    """Create the new rows, update the changed ones, delete those the data no longer has."""
    manager: models.Manager[Any] = model._default_manager
    existing = {values[0]: values[1:] for values in manager.values_list("pk", *fields).iterator()}
    new = [row for row in rows if row.pk not in existing]
    changed = [
        row
        for row in rows
        if row.pk in existing and tuple(getattr(row, name) for name in fields) != existing[row.pk]
    ]
    kept = {row.pk for row in rows}
    gone = [pk for pk in existing if pk not in kept]
    manager.bulk_create(new, batch_size=BATCH)
    if changed:
        manager.bulk_update(changed, fields, batch_size=BATCH)
    for start in range(0, len(gone), BATCH):
        manager.filter(pk__in=gone[start : start + BATCH]).delete()
    return {"created": len(new), "updated": len(changed), "removed": len(gone)}


def _sync_links(data: RomeData) -> dict[str, int]:
    existing = dict(
        ((sheet, skill), pk)
        for pk, sheet, skill in RomeJobSheetSoftSkill.objects.values_list(
            "pk", "sheet_id", "soft_skill_id"
        )
    )
    wanted = set(data.links)
    new = [
        RomeJobSheetSoftSkill(sheet_id=sheet, soft_skill_id=skill)
        for sheet, skill in data.links
        if (sheet, skill) not in existing
    ]
    gone = [pk for key, pk in existing.items() if key not in wanted]
    RomeJobSheetSoftSkill.objects.bulk_create(new, batch_size=BATCH)
    for start in range(0, len(gone), BATCH):
        RomeJobSheetSoftSkill.objects.filter(pk__in=gone[start : start + BATCH]).delete()
    return {"created": len(new), "updated": 0, "removed": len(gone)}


@transaction.atomic
def rome_load(
    *, data: RomeData | None = None, progress: Callable[[str], None] | None = None
) -> RomeLoaded:
    """Bring the ROME tables in line with the shipped files (idempotent, all or nothing)."""
    data = data or rome_data()
    say = progress or (lambda _text: None)
    loaded = RomeLoaded(version=data.version)
    say("savoir-être")
    loaded.counts["soft_skills"] = _sync(
        RomeSoftSkill, data.soft_skills, ["macro_code", "label", "definition", "sheet_count"]
    )
    say("job sheets")
    loaded.counts["job_sheets"] = _sync(
        RomeJobSheet,
        data.sheets,
        [
            "label",
            "grand_domain_code",
            "grand_domain_label",
            "domain_code",
            "domain_label",
            "soft_skill_count",
        ],
    )
    say("job titles")
    loaded.counts["job_titles"] = _sync(
        RomeJobTitle, data.titles, ["label", "sheet_id", "search_text"]
    )
    say("links")
    loaded.counts["links"] = _sync_links(data)
    return loaded
