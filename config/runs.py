"""Long runs that survive a crash: a lease on each run, renewed as it goes, and resumption.

A *run* is a row whose work a background task does in many steps (the rows of a bulk award,
the parts of a data export, an account deletion). The model inherits ``LeasedRun``; the app
registers how to queue its task (``run_kind_register``, in ``AppConfig.ready``); the task
claims the run before working (``run_claim``), renews the lease with each step
(``run_renew``, in the step's own transaction) and lets it go at the end (``run_release``).

- Two workers never work on one run at once: a claim is a conditional UPDATE that succeeds only
  if nobody holds a live lease; a worker whose lease was taken over fails to renew it, rolls
  back its step and stops.
- A worker that dies (``kill -9``, a crash, a restart) stops renewing: once its lease expires
  (``RUN_LEASE_SECONDS``) and no task of the run waits in the queue, the run is *stale*.
  ``run_resume`` queues its task again (one caller wins, whoever else tries at the same
  time); ``runs_resume_stale`` does so for every registered kind (``manage.py db_worker``
  calls it when it starts and periodically; a progress page calls ``run_resume`` for its run).
- Each step must commit its effect and its progress together (one transaction), or be
  idempotent: a resumed task starts again from the progress saved.

docs/development.md#long-runs shows how to adopt it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist

logger = logging.getLogger(__name__)


class LeasedRun(models.Model):
    """The fields of a run that a worker holds under a lease (an abstract model)."""

    task_id = models.CharField(_("task"), max_length=64, blank=True)
    lease_owner = models.CharField(_("held by"), max_length=64, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(
        _("lease expires at"), null=True, blank=True, editable=False
    )
    claims = models.PositiveIntegerField(_("times started"), default=0, editable=False)
    resumed_at = models.DateTimeField(
        _("resumed after an interruption at"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def was_resumed(self) -> bool:
        return self.resumed_at is not None


Run = TypeVar("Run", bound=LeasedRun)


class WorkerLost(Exception):
    """The worker that ran this task stopped renewing its run's lease: the run was resumed."""


@dataclass(frozen=True)
class RunKind:
    """How to queue the task of one kind of run."""

    model: type[LeasedRun]
    task: Task[..., Any]
    pending: Q  # the runs of this kind that still have work to do
    arguments: Callable[[Any], dict[str, Any]]  # the task's keyword arguments for a run


_kinds: dict[type[LeasedRun], RunKind] = {}


def run_kind_register(
    *,
    model: type[Run],
    task: Task[..., Any],
    pending: Q,
    arguments: Callable[[Run], dict[str, Any]],
) -> None:
    """Say how to queue the task of a kind of run (once, in the app's ``AppConfig.ready``)."""
    _kinds[model] = RunKind(model=model, task=task, pending=pending, arguments=arguments)


def run_kinds() -> list[RunKind]:
    return list(_kinds.values())


def _kind(run: LeasedRun) -> RunKind:
    try:
        return _kinds[type(run)]
    except KeyError:
        raise LookupError(
            f"{type(run).__name__} is not registered: call run_kind_register in its app's ready()"
        ) from None


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.RUN_LEASE_SECONDS)


def _lease_free(now: datetime) -> Q:
    """Nobody holds a live lease (a run just queued has no holder yet: its task may take it)."""
    return Q(lease_owner="") | Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now)


def _lease_expired(now: datetime) -> Q:
    return Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now)


def _rows(run: LeasedRun) -> models.QuerySet[Any]:
    return type(run)._default_manager.filter(pk=run.pk)


def _enqueue(kind: RunKind, pk: Any, abandoned_task_id: str = "") -> None:
    """Queue the task of a run and remember its id (after the transaction that decided it)."""
    run = kind.model._default_manager.filter(pk=pk).first()
    if run is None:
        return
    if abandoned_task_id:
        _task_abandon(kind.task, abandoned_task_id)
    result = kind.task.enqueue(**kind.arguments(run))
    kind.model._default_manager.filter(pk=pk).update(task_id=result.id[:64])


def run_enqueue(run: LeasedRun) -> None:
    """Queue the task of a new run once the current transaction commits.

    The run is reserved for its task for one lease duration: if the task is lost before it
    starts (the process stopped), the run becomes stale and is queued again.
    """
    kind = _kind(run)
    run.lease_owner = ""
    run.lease_expires_at = timezone.now() + lease_duration()
    _rows(run).update(lease_owner=run.lease_owner, lease_expires_at=run.lease_expires_at)
    transaction.on_commit(partial(_enqueue, kind, run.pk))


def run_claim(run: LeasedRun) -> str | None:
    """Take the run for this worker: a token to renew and release it, or ``None`` when another
    worker holds a live lease. Taking over an expired lease counts as a resumption."""
    token = secrets.token_hex(16)
    now = timezone.now()
    claimed = (
        _rows(run)
        .filter(_lease_free(now))
        .update(
            lease_owner=token,
            lease_expires_at=now + lease_duration(),
            claims=F("claims") + 1,
            resumed_at=Case(When(~Q(lease_owner=""), then=Value(now)), default=F("resumed_at")),
        )
    )
    if not claimed:
        return None
    run.refresh_from_db()
    return token


def run_renew(run: LeasedRun, *, token: str, where: Q | None = None, **changes: Any) -> bool:
    """Extend the lease (and save ``changes`` with it): ``False`` if the run is no longer this
    worker's (taken over after its lease expired) or does not match ``where``.

    Call it in the transaction of each step, so that the step's work, its progress and the
    lease are committed together; on ``False``, roll the step back and stop.
    """
    rows = _rows(run).filter(lease_owner=token)
    if where is not None:
        rows = rows.filter(where)
    return bool(rows.update(lease_expires_at=timezone.now() + lease_duration(), **changes))


def run_release(run: LeasedRun, *, token: str, **changes: Any) -> bool:
    """Let the run go (and save ``changes``, e.g. its final status): ``False`` if it was no
    longer this worker's."""
    return bool(
        _rows(run)
        .filter(lease_owner=token)
        .update(lease_owner="", lease_expires_at=None, **changes)
    )


def runs_stale(runs: models.QuerySet[Run]) -> models.QuerySet[Run]:
    """Those of ``runs`` (pass the pending ones) whose lease expired: their worker died, or
    their task never started. ``run_resume`` still checks that no task waits in the queue."""
    return runs.filter(_lease_expired(timezone.now()))


def _task_waiting(task: Task[..., Any], task_id: str) -> bool:
    """Whether the run's task still waits in its queue (a busy worker will take it)."""
    backend = task.get_backend()
    if not task_id or not backend.supports_get_result:
        return False
    try:
        result = backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    return result.status == TaskResultStatus.READY


def _task_abandon(task: Task[..., Any], task_id: str) -> None:
    """Mark "failed" the task whose worker died: django-tasks-db leaves it "running" forever."""
    backend = task.get_backend()
    if not backend.supports_get_result:
        return
    try:
        result = backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return
    db_result = getattr(result, "db_result", None)
    if db_result is not None and result.status == TaskResultStatus.RUNNING:
        db_result.set_failed(WorkerLost(WorkerLost.__doc__))


def run_resume(run: LeasedRun) -> bool:
    """Queue the task of a stale run again; whether this call did.

    The caller passes a pending run (a finished one has nothing to resume). Nothing happens
    while a worker holds a live lease or the run's task waits in the queue. Of several callers
    at the same time (two workers, a worker and a page), one only queues the task.
    """
    kind = _kind(run)
    now = timezone.now()
    if run.lease_expires_at is not None and run.lease_expires_at > now:
        return False  # live, as far as this copy of the run knows: no query
    if _task_waiting(kind.task, run.task_id):
        return False
    expires = now + lease_duration()
    taken = (
        _rows(run)
        .filter(_lease_expired(now))
        .update(lease_owner="", lease_expires_at=expires, resumed_at=now)
    )
    if not taken:
        return False
    logger.warning(
        "%s %s: its worker stopped (lease expired), its task is queued again",
        type(run).__name__,
        run.pk,
    )
    run.lease_owner, run.lease_expires_at, run.resumed_at = "", expires, now
    transaction.on_commit(partial(_enqueue, kind, run.pk, run.task_id))
    return True


def runs_resume_stale(kinds: Iterable[RunKind] | None = None) -> int:
    """Resume every stale run of the registered kinds; how many were queued again."""
    resumed = 0
    for kind in run_kinds() if kinds is None else kinds:
        stale = runs_stale(kind.model._default_manager.filter(kind.pending))
        for run in stale.order_by("pk"):
            resumed += run_resume(run)
    return resumed
