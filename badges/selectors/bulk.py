"""Reads of bulk awards, for the issuer's staff (the views check who may read them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from badges.models import BadgeClass
from badges.models.bulk import BulkAward


@dataclass(frozen=True)
class BulkProgress:
    """What the progress page says of a bulk award."""

    bulk: BulkAward
    to_award: int  # rows of the file that passed the checks
    refused: list[dict[str, Any]]  # sorted by line

    @property
    def percent(self) -> int:
        return round(100 * self.bulk.processed / self.to_award) if self.to_award else 100


def bulk_award_get(*, uuid: UUID | str) -> BulkAward | None:
    """One bulk award with its badge class, issuer and uploader."""
    return (
        BulkAward.objects.filter(uuid=uuid)
        .select_related("badge_class__issuer", "created_by")
        .first()
    )


def bulk_award_progress(*, bulk: BulkAward) -> BulkProgress:
    refused = sorted(bulk.errors, key=lambda error: error.get("line") or 0)
    return BulkProgress(bulk=bulk, to_award=len(bulk.rows), refused=refused)


def bulk_award_list(*, badge_class: BadgeClass, limit: int = 20) -> QuerySet[BulkAward]:
    """The latest bulk awards of a badge class, newest first (without their rows)."""
    return (
        BulkAward.objects.filter(badge_class=badge_class)
        .select_related("created_by")
        .defer("rows")
        .order_by("-created_at", "-pk")[:limit]
    )
