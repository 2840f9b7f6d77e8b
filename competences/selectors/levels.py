"""Reads on the levels of framework versions (the scales claims and endorsements use)."""

from __future__ import annotations

from collections.abc import Iterable

from competences.models import ProficiencyLevel


def levels_by_number(*, version_ids: Iterable[int]) -> dict[tuple[int, int], ProficiencyLevel]:
    """The levels of the given framework versions, by (version id, number): one query."""
    return {
        (level.version_id, level.number): level
        for level in ProficiencyLevel.objects.filter(version_id__in=set(version_ids))
    }


def version_scales(*, version_ids: Iterable[int]) -> dict[int, list[ProficiencyLevel]]:
    """Each framework version's levels, in order: one query."""
    scales: dict[int, list[ProficiencyLevel]] = {}
    for level in ProficiencyLevel.objects.filter(version_id__in=set(version_ids)).order_by(
        "version_id", "number"
    ):
        scales.setdefault(level.version_id, []).append(level)
    return scales
