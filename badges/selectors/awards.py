"""Reads of awards."""

from __future__ import annotations

from uuid import UUID

from badges.models import Award


def award_get(*, uuid: UUID | str) -> Award | None:
    """One award with its badge class and issuer."""
    return Award.objects.filter(uuid=uuid).select_related("badge_class__issuer").first()
