"""What portfolios purges after a period (rule ``closed_share_links``, run by
``manage.py apply_retention``; see accounts/data_rights.py)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from portfolios.models.portfolios import ShareLink


def _closed_share_links(*, cutoff: datetime) -> QuerySet[ShareLink]:
    """Share links closed at ``cutoff`` or before: expired then, or revoked then (a link
    closes at the first of the two)."""
    return ShareLink.objects.filter(Q(expires_at__lte=cutoff) | Q(revoked_at__lte=cutoff))


@transaction.atomic
def closed_share_links_purge(*, cutoff: datetime) -> int:
    """Delete the share links closed since ``cutoff`` and their access log; how many links.

    The audit log keeps that a link was created and revoked (by its number only); the
    portfolio and its released versions stay.
    """
    _total, per_model = _closed_share_links(cutoff=cutoff).delete()
    return per_model.get(ShareLink._meta.label, 0)
