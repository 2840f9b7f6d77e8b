"""The development task backend: tasks run in worker threads of the server process.

``make run`` needs no other process, and no task runs inside the web request that queues it
(the immediate backend of django-tasks did: a 1,000-row bulk award ran past any request
timeout). ``TASKS_BACKEND=thread`` (the default) selects it; production uses
``TASKS_BACKEND=database`` and ``manage.py db_worker`` (docs/configuration.md).

- One thread per queue (``default``, ``emails``), started on the first task: an email never
  waits behind a long bulk award. Tasks of a queue run one after the other, by priority.
- A task queued inside a transaction is handed to its thread when the transaction commits, and
  dropped if it rolls back (as the database backend's row appears only on commit): it never
  reads data that is not there yet.
- Results live in memory (``get_result``), in this process only: a task queued by a process
  that has since stopped is unknown to the next one. Long runs (``config/runs.py``) rely on
  this to see that their task was lost and queue it again.
- When the process exits normally, it waits (``EXIT_WAIT_SECONDS`` at most) for the queued
  tasks to finish, so that a management command's emails still go out. A process killed
  loses its queued tasks: long runs are resumed through their lease, other tasks are lost
  (use the database backend where that matters).
"""

from __future__ import annotations

import atexit
import itertools
import logging
import os
import queue
import threading
import time
from collections import OrderedDict
from typing import Any, TypeVar

from django.db import connections, transaction
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskContext, TaskError, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks.utils import (
    get_exception_traceback,
    get_module_path,
    get_random_id,
    normalize_json,
)
from typing_extensions import ParamSpec

logger = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")

EXIT_WAIT_SECONDS = 5  # emails flush in far less; a long run resumes through its lease
RESULTS_KEPT = 1000

_Item = tuple[int, int, "TaskResult[Any] | None"]


class _QueueThread:
    """One queue of one backend and the daemon thread that runs its tasks."""

    def __init__(self, alias: str, queue_name: str) -> None:
        self.name = f"tasks-{alias}-{queue_name}"
        self.queue: queue.PriorityQueue[_Item] = queue.PriorityQueue()
        self.thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self.thread.start()

    def put(self, result: TaskResult[Any]) -> None:
        self.queue.put((-result.task.priority, next(_order), result))

    def stop(self) -> None:
        # After every task already queued (the lowest priority, the latest order).
        self.queue.put((1_000_000, next(_order), None))

    def _loop(self) -> None:
        while True:
            *_rank, result = self.queue.get()
            if result is None:
                return
            try:
                _execute(result)
            finally:
                # The thread's own connections: no transaction or lock outlives a task.
                connections.close_all()


_order = itertools.count()
_lock = threading.Lock()
_threads: dict[tuple[str, str], _QueueThread] = {}
_results: OrderedDict[str, TaskResult[Any]] = OrderedDict()
_exit_hook_registered = False


def _worker_id() -> str:
    return f"{os.getpid()}-{threading.current_thread().name}"


def _execute(result: TaskResult[Any]) -> None:
    """Run one task and record its outcome on its result (as the immediate backend does)."""
    task = result.task
    started = timezone.now()
    object.__setattr__(result, "status", TaskResultStatus.RUNNING)
    object.__setattr__(result, "started_at", started)
    object.__setattr__(result, "last_attempted_at", started)
    result.worker_ids.append(_worker_id())
    backend_type = type(task.get_backend())
    task_started.send(sender=backend_type, task_result=result)
    try:
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
        else:
            value = task.call(*result.args, **result.kwargs)
        object.__setattr__(result, "_return_value", normalize_json(value))
    except BaseException as error:
        object.__setattr__(result, "finished_at", timezone.now())
        result.errors.append(
            TaskError(
                exception_class_path=get_module_path(type(error)),
                traceback=get_exception_traceback(error),
            )
        )
        object.__setattr__(result, "status", TaskResultStatus.FAILED)
        logger.exception("Task %s (%s) failed", task.name, result.id)
    else:
        object.__setattr__(result, "finished_at", timezone.now())
        object.__setattr__(result, "status", TaskResultStatus.SUCCESSFUL)
    task_finished.send(sender=backend_type, task_result=result)


def _remember(result: TaskResult[Any]) -> None:
    with _lock:
        _results[result.id] = result
        while len(_results) > RESULTS_KEPT:
            _results.popitem(last=False)


def _thread_for(alias: str, queue_name: str) -> _QueueThread:
    global _exit_hook_registered
    with _lock:
        worker = _threads.get((alias, queue_name))
        if worker is None or not worker.thread.is_alive():
            worker = _threads[(alias, queue_name)] = _QueueThread(alias, queue_name)
        if not _exit_hook_registered:
            atexit.register(tasks_finish)
            _exit_hook_registered = True
        return worker


def tasks_finish(timeout: float = EXIT_WAIT_SECONDS) -> bool:
    """Let the threads finish the tasks already queued, then stop them; whether all did.

    Called when the process exits; tests call it to wait for the tasks they queued. A task
    that queues another (a badge's emails task queues each email on the ``emails`` queue)
    starts a thread meanwhile: it is waited for too, in the same time.
    """
    deadline = time.monotonic() + timeout
    finished = True
    while True:
        with _lock:
            workers = list(_threads.values())
            _threads.clear()
        if not workers:
            return finished
        for worker in workers:
            worker.stop()
        for worker in workers:
            worker.thread.join(max(0.0, deadline - time.monotonic()))
            if worker.thread.is_alive():
                finished = False
                logger.warning(
                    "Tasks of %s still running at exit (%s left in its queue): a long run "
                    "resumes through its lease, other tasks are lost",
                    worker.name,
                    worker.queue.qsize(),
                )
        if not finished:
            return finished


def _forget_threads_in_child() -> None:
    """A forked process has none of its parent's threads: it starts its own."""
    global _lock
    _lock = threading.Lock()
    _threads.clear()


os.register_at_fork(after_in_child=_forget_threads_in_child)


class ThreadBackend(BaseTaskBackend):
    """Runs tasks in one worker thread per queue of the current process."""

    supports_async_task = True
    supports_get_result = True
    supports_priority = True

    def enqueue(
        self,
        task: Task[P, T],
        args: P.args,  # type: ignore[valid-type]
        kwargs: P.kwargs,  # type: ignore[valid-type]
    ) -> TaskResult[T]:
        self.validate_task(task)
        result: TaskResult[T] = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: self._hand_over(result))
        else:
            self._hand_over(result)
        return result

    def _hand_over(self, result: TaskResult[Any]) -> None:
        object.__setattr__(result, "enqueued_at", timezone.now())
        _remember(result)
        task_enqueued.send(type(self), task_result=result)
        _thread_for(self.alias, result.task.queue_name).put(result)

    def get_result(self, result_id: str) -> TaskResult[Any]:
        with _lock:
            result = _results.get(result_id)
        if result is None:
            raise TaskResultDoesNotExist(result_id)
        return result
