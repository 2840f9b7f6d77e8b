"""The development task backend (config/task_backend.py): tasks run in worker threads of the
process, never in the caller's thread (a web request), one thread per queue, on commit."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from accounts.tasks import send_email
from config.task_backend import ThreadBackend, tasks_finish

ROOT = Path(__file__).resolve().parents[2]
THREAD_TASKS = {
    "default": {"BACKEND": "config.task_backend.ThreadBackend", "QUEUES": ["default", "emails"]}
}
released = threading.Event()


@task()
def thread_name() -> str:
    return threading.current_thread().name


@task()
def wait_for_release() -> bool:
    return released.wait(timeout=30)


@task()
def fail() -> None:
    raise RuntimeError("this task fails")


@task()
def queue_an_email() -> None:
    threading.Event().wait(0.2)  # still running when tasks_finish takes its list of threads
    send_email.enqueue(subject="Queued", text="By a task", html="", to=["marc@example.org"])


@pytest.fixture
def threads(settings):
    settings.TASKS = THREAD_TASKS
    yield
    released.set()
    assert tasks_finish(timeout=30)
    released.clear()


def _finished(result_id: str):
    assert tasks_finish(timeout=30)
    return thread_name.get_backend().get_result(result_id)


def test_a_task_runs_in_the_thread_of_its_queue_not_in_the_callers(threads):
    result = thread_name.enqueue()
    assert isinstance(thread_name.get_backend(), ThreadBackend)
    done = _finished(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "tasks-default-default" != threading.current_thread().name
    assert done.worker_ids and done.enqueued_at and done.finished_at


def test_emails_have_their_own_thread_and_do_not_wait_behind_a_long_task(threads):
    blocking = wait_for_release.enqueue()
    send_email.enqueue(subject="Hello", text="Body", html="", to=["amina@example.org"])
    for _attempt in range(300):
        if mail.outbox:
            break
        threading.Event().wait(0.05)
    assert [message.to for message in mail.outbox] == [["amina@example.org"]]
    assert wait_for_release.get_backend().get_result(blocking.id).status in {
        TaskResultStatus.READY,
        TaskResultStatus.RUNNING,
    }
    released.set()
    assert _finished(blocking.id).return_value is True


@pytest.mark.django_db
def test_a_task_queued_in_a_transaction_starts_once_it_commits(
    threads, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = thread_name.enqueue()
        with pytest.raises(TaskResultDoesNotExist):
            thread_name.get_backend().get_result(result.id)  # not handed over yet
    assert _finished(result.id).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db
def test_a_task_queued_in_a_transaction_rolled_back_never_runs(
    threads, django_capture_on_commit_callbacks
):
    queued: list[str] = []

    def enqueue_then_fail() -> None:
        with transaction.atomic():
            queued.append(thread_name.enqueue().id)
            raise RuntimeError("rolled back")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        enqueue_then_fail()
    assert callbacks == []
    assert tasks_finish(timeout=30)
    with pytest.raises(TaskResultDoesNotExist):
        thread_name.get_backend().get_result(queued[0])


def test_a_failing_task_is_recorded_failed_and_logged(threads, caplog):
    result = fail.enqueue()
    done = _finished(result.id)
    assert done.status == TaskResultStatus.FAILED
    assert done.errors[0].exception_class_path == "builtins.RuntimeError"
    assert "Task fail" in caplog.text and "failed" in caplog.text


def test_a_task_of_another_process_is_unknown(threads):
    with pytest.raises(TaskResultDoesNotExist):
        thread_name.get_backend().get_result("queued-by-a-process-that-stopped")


def test_finishing_waits_for_the_tasks_that_queued_tasks_queue(threads):
    """At exit, an email queued by a running task (award_badge's) still goes out (#18)."""
    queue_an_email.enqueue()
    assert tasks_finish(timeout=30)
    assert [message.to for message in mail.outbox] == [["marc@example.org"]]


def test_the_thread_backend_is_the_default_and_immediate_is_refused_in_production():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TASKS_", "DJANGO_", "SECRET_KEY", "SIGNING_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    show = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    command = [sys.executable, "-c", f"import django; django.setup(); {show}"]

    def backend(**extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, env={**env, **extra}, cwd=ROOT, capture_output=True, text=True, check=False
        )

    assert backend().stdout.strip() == "config.task_backend.ThreadBackend"
    production = {
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "SIGNING_KEY_ENCRYPTION_KEY": "ab" * 32,
        "SITE_URL": "https://jalons.example.org",
        "ALLOWED_HOSTS": "jalons.example.org",
    }
    database = backend(**production, TASKS_BACKEND="database")
    assert database.stdout.strip() == "django_tasks_db.DatabaseBackend", database.stderr
    refused = backend(**production, TASKS_BACKEND="immediate")
    assert refused.returncode != 0
    assert "TASKS_BACKEND: immediate runs tasks inside web requests" in refused.stderr
