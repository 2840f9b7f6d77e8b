"""Background tasks of the badges app (django-tasks: run inline by the immediate backend,
by a worker with the database backend).

They take ids, not objects, and do nothing when the row is gone. ``bulk_award_run`` can run
again after a crash: it resumes from the rows already processed; ``bulk_award_runs_register``
lets ``config.runs`` queue it again when its worker died.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from accounts.api import User
from badges.models import BULK_PENDING, BadgeClass, BulkAward
from badges.services.bulk_run import bulk_award_rows_run
from badges.services.proposals import award_proposals_refresh, badge_class_proposals_refresh
from config.runs import run_kind_register


@task()
def award_proposals_refresh_task(user_id: int) -> int:
    """Propose (or award) the badges this person now meets the rules of; how many."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    return len(award_proposals_refresh(user=user))


@task()
def badge_class_proposals_refresh_task(badge_class_id: int) -> int:
    """Propose (or award) a badge class to everyone who meets its rules; how many."""
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


@task()
def bulk_award_run(bulk_uuid: str) -> str:
    """Award the rows of one bulk award not processed yet; returns its status."""
    return bulk_award_rows_run(bulk_uuid=bulk_uuid)


def _bulk_award_arguments(bulk: BulkAward) -> dict[str, str]:
    return {"bulk_uuid": str(bulk.uuid)}


def bulk_award_runs_register() -> None:
    """Bulk awards are long runs (``config/runs.py``): how to queue their task, which are
    pending. Called by ``BadgesConfig.ready``."""
    run_kind_register(
        model=BulkAward,
        task=bulk_award_run,
        pending=BULK_PENDING,
        arguments=_bulk_award_arguments,
    )
