"""What community purges after a period (rule ``referent_tokens``, run by
``manage.py apply_retention``; see accounts/data_rights.py)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from community.models import EndorsementRequest


def _referent_tokens(*, cutoff: datetime) -> QuerySet[EndorsementRequest]:
    """Requests emailed to outside referents that still hold their link's token, answered
    (or declined) at ``cutoff`` or before, or whose link expired then. A cancelled request
    has no answer date: its token goes once its link would have expired."""
    return EndorsementRequest.objects.filter(token_hash__isnull=False).filter(
        Q(answered_at__lte=cutoff) | Q(expires_at__lte=cutoff)
    )


@transaction.atomic
def referent_tokens_clear(*, cutoff: datetime) -> int:
    """Forget the tokens of outside referents' links closed since ``cutoff``; how many.

    Only the secret that lets someone answer goes (``token_hash`` becomes NULL, which no
    token's SHA-256 ever equals: the link then answers 404 like an unknown one). The request,
    its answer and its endorsements stay, and so do their pages.
    """
    return _referent_tokens(cutoff=cutoff).update(token_hash=None)
