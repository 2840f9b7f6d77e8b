"""What portfolios purges after a period (rules ``closed_share_links`` and
``expired_share_link_tokens``, run by ``manage.py apply_retention``; see
accounts/data_rights.py)."""

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


@transaction.atomic
def expired_share_link_tokens_forget(*, cutoff: datetime) -> int:
    """Erase the encrypted token of the links closed at ``cutoff`` or before (a revoked
    link loses it at once): nobody can see them again. How many tokens were erased."""
    return _closed_share_links(cutoff=cutoff).exclude(token_sealed="").update(token_sealed="")
