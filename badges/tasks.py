"""Background tasks of the badges app (django-tasks: run inline by the immediate backend,
by a worker with the database backend).

They take ids, not objects, and do nothing when the row is gone.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from accounts.models import User
from badges.models import BadgeClass


@task()
def award_proposals_refresh_task(user_id: int) -> int:
    """Propose (or award) the badges this person now meets the rules of; how many."""
    from badges.services.proposals import award_proposals_refresh

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    return len(award_proposals_refresh(user=user))


@task()
def badge_class_proposals_refresh_task(badge_class_id: int) -> int:
    """Propose (or award) a badge class to everyone who meets its rules; how many."""
    from badges.services.proposals import badge_class_proposals_refresh

    badge_class = BadgeClass.objects.filter(pk=badge_class_id).first()
    if badge_class is None:
        return 0
    return len(badge_class_proposals_refresh(badge_class=badge_class))


def badge_class_proposals_refresh_on_commit(badge_class_id: int) -> None:
    """Queue ``badge_class_proposals_refresh_task`` once the current transaction commits."""
    transaction.on_commit(
        lambda: badge_class_proposals_refresh_task.enqueue(badge_class_id=badge_class_id),
        robust=True,
    )
