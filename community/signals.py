"""Signals of the community app, for the apps that build on it (badges listens).

community never imports those apps: it announces what happened, they react.

- ``endorsement_recorded``: someone's competences were endorsed (an answer, a bulk
  confirmation or an edited level), sent once the transaction commits, with
  ``user_id`` = the id of the person whose claims were endorsed.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

endorsement_recorded = Signal()


def endorsement_recorded_on_commit(*, user_id: int) -> None:
    """Send ``endorsement_recorded`` for ``user_id`` once the current transaction commits."""
    transaction.on_commit(
        lambda: endorsement_recorded.send(sender=endorsement_recorded_on_commit, user_id=user_id),
        robust=True,  # the endorsement is saved: a failing listener must not undo the page
    )
