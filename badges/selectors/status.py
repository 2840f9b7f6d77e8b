"""Reads of status lists, and of the positions that later apps reserved in them
(``status_references_read``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Q

from badges.models import StatusList, StatusListEntry
from badges.status_lists import status_entry


@dataclass(frozen=True)
class StatusReference:
    """A credential of a later app in a status list: its reference, its
    ``credentialStatus`` (as embedded in the credential) and when it was revoked."""

    reference: str
    status: dict[str, Any]
    revoked_at: datetime | None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


def status_list_get(*, issuer_uuid: UUID | str, purpose: str) -> StatusList | None:
    """An issuer's status list for one purpose, with its issuer."""
    return (
        StatusList.objects.filter(issuer__uuid=issuer_uuid, purpose=purpose)
        .select_related("issuer")
        .first()
    )


def status_list_revoked_indices(*, status_list: StatusList) -> list[int]:
    """The indices of the list's revoked awards, attestations, endorsements and referenced
    credentials (the bits set to 1)."""
    return list(
        status_list.entries.filter(
            Q(award__revoked_at__isnull=False)
            | Q(attestation__revoked_at__isnull=False)
            | Q(endorsement__revoked_at__isnull=False)
            | Q(reference__isnull=False, revoked_at__isnull=False)
        )
        .order_by("index")
        .values_list("index", flat=True)
    )


def status_references_read(*, references: Iterable[str]) -> dict[str, StatusReference]:
    """The positions reserved for ``references`` (``status_reference_reserve``), by
    reference, in one query; a reference that has none is absent."""
    wanted = sorted(set(references))
    if not wanted:
        return {}
    entries = StatusListEntry.objects.filter(reference__in=wanted).select_related(
        "status_list__issuer"
    )
    return {
        entry.reference: StatusReference(
            reference=entry.reference,
            status=status_entry(entry.status_list, entry.index),
            revoked_at=entry.revoked_at,
        )
        for entry in entries
        if entry.reference is not None
    }
