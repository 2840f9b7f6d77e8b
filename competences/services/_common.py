"""Helpers shared by the services: locking a draft, saving with validation."""

from __future__ import annotations

from typing import Literal, TypeVar

from django.db import models
from django.utils import timezone

from competences.models import FrameworkVersion, Status
from competences.models.base import version_locked_error

Direction = Literal["up", "down"]

_M = TypeVar("_M", bound=models.Model)


def lock_draft(version_id: int) -> FrameworkVersion:
    """Lock the version row for the rest of the transaction and check it is a draft.

    Every write on a version's content starts here, so that publishing and
    editing the same draft at the same time cannot interleave (PostgreSQL row
    lock; SQLite serialises writers anyway).
    """
    version = FrameworkVersion.objects.select_for_update().get(pk=version_id)
    if version.status != Status.DRAFT:
        raise version_locked_error(version.label)
    return version


def touch_version(version_id: int) -> None:
    """Record that a draft's content changed."""
    FrameworkVersion.objects.filter(pk=version_id, status=Status.DRAFT).update(
        last_changed_at=timezone.now()
    )


def save_validated(obj: _M) -> _M:
    """``full_clean()`` then ``save()``, stamping ``last_changed_at`` when the model has one."""
    if hasattr(obj, "last_changed_at"):
        obj.last_changed_at = timezone.now()
    obj.full_clean()
    obj.save()
    return obj


def reorder(items: list[_M], item: _M, direction: Direction) -> list[_M]:
    """Move ``item`` one step in ``items`` and return the items whose ``order`` changed.

    Orders are renumbered 1…n, which also repairs gaps and ties.
    """
    position = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    target = position - 1 if direction == "up" else position + 1
    if 0 <= target < len(items):
        items[position], items[target] = items[target], items[position]
    changed = []
    for number, candidate in enumerate(items, start=1):
        if getattr(candidate, "order", None) != number:
            candidate.order = number  # type: ignore[attr-defined]
            changed.append(candidate)
    return changed
