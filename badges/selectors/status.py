"""Reads of status lists."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q

from badges.models import StatusList


def status_list_get(*, issuer_uuid: UUID | str, purpose: str) -> StatusList | None:
    """An issuer's status list for one purpose, with its issuer."""
    return (
        StatusList.objects.filter(issuer__uuid=issuer_uuid, purpose=purpose)
        .select_related("issuer")
        .first()
    )


def status_list_revoked_indices(*, status_list: StatusList) -> list[int]:
    """The indices of the list's revoked awards, attestations and endorsements (the bits
    set to 1)."""
    return list(
        status_list.entries.filter(
            Q(award__revoked_at__isnull=False)
            | Q(attestation__revoked_at__isnull=False)
            | Q(endorsement__revoked_at__isnull=False)
        )
        .order_by("index")
        .values_list("index", flat=True)
    )
