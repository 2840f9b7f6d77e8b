"""Long runs under a lease (config/runs.py): claim, renew, release, stale runs and their
resumption. Bulk awards are the runs used here (the first kind registered); the helpers know
nothing of them. The processes that die for real are in
tests/badges/test_bulk_resume_processes.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from badges.models import Award
from badges.models.bulk import BULK_PENDING, BulkAward, BulkStatus
from badges.services import bulk_run as bulk_service
from badges.services.awards import awards_issue
from badges.tasks import bulk_award_run
from config.runs import (
    _enqueue,
    lease_duration,
    run_claim,
    run_kinds,
    run_release,
    run_renew,
    run_resume,
    runs_resume_stale,
    runs_stale,
)
from tests.badges.factories.bulk import bulk_add
from tests.badges.factories.revocation import setting

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "emails"]}
}


@pytest.fixture
def s():
    return setting()


def _rows(count: int) -> list[dict[str, object]]:
    return [
        {"line": n + 2, "email": f"p{n}@example.org", "narrative": "", "evidence_url": ""}
        for n in range(count)
    ]


def _expire(run: BulkAward) -> None:
    past = timezone.now() - timedelta(seconds=1)
    BulkAward.objects.filter(pk=run.pk).update(lease_expires_at=past)
    run.refresh_from_db()


# --- Claim, renew, release -------------------------------------------------------------------


def test_a_queued_run_is_claimed_by_its_task(s):
    run = bulk_add(s)  # reserved for its task for one lease: nobody holds it yet
    token = run_claim(run)
    assert token and run.lease_owner == token and run.claims == 1
    assert run.lease_expires_at > timezone.now() + lease_duration() - timedelta(seconds=5)
    assert not run.was_resumed


def test_a_claim_is_refused_while_another_worker_holds_a_live_lease(s):
    run = bulk_add(s)
    first = run_claim(run)
    other = BulkAward.objects.get(pk=run.pk)
    assert first and run_claim(other) is None
    run.refresh_from_db()
    assert run.lease_owner == first and run.claims == 1


def test_a_claim_is_granted_once_the_lease_expired_and_counts_as_a_resumption(s):
    run = bulk_add(s)
    first = run_claim(run)
    _expire(run)
    second = run_claim(run)
    assert second and second != first
    assert run.lease_owner == second and run.claims == 2 and run.was_resumed


def test_renew_extends_the_lease_and_saves_changes_for_its_holder_only(s):
    run = bulk_add(s, rows=_rows(3), total=3)
    token = run_claim(run)
    assert token
    _expire(run)
    assert run_renew(run, token=token, processed=1)
    run.refresh_from_db()
    assert run.processed == 1 and run.lease_expires_at > timezone.now()
    assert not run_renew(run, token="someone-else", processed=2)
    assert not run_renew(run, token=token, where=Q(processed=0), processed=2)
    run.refresh_from_db()
    assert run.processed == 1


def test_release_lets_the_run_go_with_its_final_state(s):
    run = bulk_add(s)
    token = run_claim(run)
    assert token
    assert not run_release(run, token="someone-else", status=BulkStatus.DONE)
    assert run_release(run, token=token, status=BulkStatus.DONE)
    run.refresh_from_db()
    assert (run.status, run.lease_owner, run.lease_expires_at) == (BulkStatus.DONE, "", None)
    assert run_claim(run) is not None  # free again (a later task finds it done)


def test_a_worker_whose_lease_was_taken_over_cannot_renew_it(s):
    run = bulk_add(s)
    dead = run_claim(run)
    _expire(run)
    alive = run_claim(run)
    assert dead and alive
    assert not run_renew(run, token=dead) and run_renew(run, token=alive)


# --- Stale runs and their resumption ---------------------------------------------------------


def test_stale_runs_are_the_pending_ones_whose_lease_expired(s):
    live = bulk_add(s)
    run_claim(live)
    queued = bulk_add(s)
    dead = bulk_add(s, status=BulkStatus.RUNNING)
    run_claim(dead)
    _expire(dead)
    never_leased = bulk_add(s, status=BulkStatus.RUNNING, lease_expires_at=None)  # before #12
    bulk_add(s, status=BulkStatus.DONE, lease_expires_at=None)
    bulk_add(s, status=BulkStatus.FAILED, lease_expires_at=None)
    stale = runs_stale(BulkAward.objects.filter(BULK_PENDING))
    assert set(stale) == {dead, never_leased}
    assert queued not in stale


def test_bulk_awards_are_a_registered_kind_of_run():
    kinds = {kind.model: kind for kind in run_kinds()}
    assert kinds[BulkAward].task == bulk_award_run


def test_a_live_run_is_not_resumed(s, django_capture_on_commit_callbacks):
    run = bulk_add(s, rows=_rows(2), total=2)
    with django_capture_on_commit_callbacks() as callbacks:
        assert not run_resume(run)
    assert callbacks == []


def test_a_stale_run_is_resumed_once_whoever_else_tries(s, django_capture_on_commit_callbacks):
    run = bulk_add(s, rows=_rows(2), total=2, status=BulkStatus.RUNNING)
    run_claim(run)
    _expire(run)
    page, worker = BulkAward.objects.get(pk=run.pk), BulkAward.objects.get(pk=run.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert run_resume(page)
        assert not run_resume(worker)  # it read the run stale too: its conditional UPDATE fails
    assert [getattr(callback, "func", None) for callback in callbacks].count(_enqueue) == 1
    run.refresh_from_db()
    assert (run.status, run.processed, run.awarded, run.claims) == (BulkStatus.DONE, 2, 2, 2)
    assert run.was_resumed and run.task_id
    assert Award.objects.count() == 2


def test_a_run_whose_task_waits_in_the_queue_is_not_queued_twice(
    s, settings, django_capture_on_commit_callbacks
):
    """With the database backend, a busy worker has not taken the task yet: not stale."""
    settings.TASKS = DATABASE_TASKS
    run = bulk_add(s, rows=_rows(2), total=2)
    run.task_id = str(bulk_award_run.enqueue(bulk_uuid=str(run.uuid)).id)
    run.save(update_fields=["task_id"])
    _expire(run)
    with django_capture_on_commit_callbacks(execute=True):
        assert not run_resume(run)
        assert runs_resume_stale() == 0
    assert DBTaskResult.objects.count() == 1


def test_the_task_of_a_dead_worker_is_marked_failed_and_a_new_one_queued(
    s, settings, django_capture_on_commit_callbacks
):
    """django-tasks-db leaves a killed worker's task "running": the resumption closes it."""
    settings.TASKS = DATABASE_TASKS
    run = bulk_add(s, rows=_rows(2), total=2, status=BulkStatus.RUNNING)
    dead_task = DBTaskResult.objects.get(pk=bulk_award_run.enqueue(bulk_uuid=str(run.uuid)).id)
    dead_task.claim("killed-worker")
    BulkAward.objects.filter(pk=run.pk).update(task_id=str(dead_task.pk))
    run.refresh_from_db()
    run_claim(run)
    _expire(run)
    with django_capture_on_commit_callbacks(execute=True):
        assert runs_resume_stale() == 1
    assert runs_resume_stale() == 0  # reserved for the new task, which waits in the queue
    dead_task.refresh_from_db()
    assert dead_task.status == TaskResultStatus.FAILED
    assert dead_task.exception_class_path == "config.runs.WorkerLost"
    new_task = DBTaskResult.objects.exclude(pk=dead_task.pk).get()
    assert new_task.status == TaskResultStatus.READY
    assert new_task.args_kwargs["kwargs"] == {"bulk_uuid": str(run.uuid)}
    run.refresh_from_db()
    assert run.task_id == str(new_task.pk) and run.was_resumed


# --- No double processing --------------------------------------------------------------------


def test_a_worker_that_lost_its_lease_rolls_its_row_back_and_stops(s, monkeypatch):
    """Worker A stalls before row 2: its lease expires, B takes the run over. A's award of
    row 2 rolls back with its progress; B awards the rest; nobody gets two badges."""
    run = bulk_add(s, rows=_rows(3), total=3)
    taken_over: list[str] = []
    award_rows = bulk_service._award_rows

    def one_row_at_a_time_stalling_before_the_second(
        bulk, prepared, start, size, errors, token, sign_many
    ):
        if start == 1 and not taken_over:
            other = BulkAward.objects.get(pk=run.pk)
            _expire(other)
            taken_over.append(run_claim(other) or "")
        return award_rows(bulk, prepared, start, 1, errors, token, sign_many)

    monkeypatch.setattr(bulk_service, "_award_rows", one_row_at_a_time_stalling_before_the_second)
    assert bulk_service.bulk_award_rows_run(bulk_uuid=run.uuid) == "overtaken"
    run.refresh_from_db()
    assert taken_over[0] and run.lease_owner == taken_over[0]
    assert (run.processed, run.awarded) == (1, 1)
    assert list(Award.objects.values_list("recipient_email", flat=True)) == ["p0@example.org"]
    # B, holding the lease, is the only one that may go on; another task is refused meanwhile.
    monkeypatch.setattr(bulk_service, "_award_rows", award_rows)
    assert bulk_service.bulk_award_rows_run(bulk_uuid=run.uuid) == "busy"
    run_release(run, token=taken_over[0])
    assert bulk_service.bulk_award_rows_run(bulk_uuid=run.uuid) == BulkStatus.DONE
    emails = sorted(Award.objects.values_list("recipient_email", flat=True))
    assert emails == ["p0@example.org", "p1@example.org", "p2@example.org"]


def test_a_row_refused_at_award_time_is_counted_once_even_if_resumed(s, monkeypatch):
    run = bulk_add(s, rows=_rows(2), total=2)

    def refuse_p0(*, requests, **kwargs):
        kept = [request for request in requests if request.email != "p0@example.org"]
        awarded = {award.recipient_email: award for award in awards_issue(requests=kept, **kwargs)}
        return [awarded.get(request.email, ValidationError("Full.")) for request in requests]

    monkeypatch.setattr(bulk_service, "awards_issue", refuse_p0)
    assert bulk_service.bulk_award_rows_run(bulk_uuid=run.uuid) == BulkStatus.DONE
    run.refresh_from_db()
    assert (run.processed, run.awarded, len(run.errors)) == (2, 1, 1)
    assert run.lease_owner == "" and run.lease_expires_at is None
