"""``manage.py db_worker``: django-tasks-db's worker (same options), which also resumes the
long runs whose worker died (``config/runs.py``): when it starts, then every half lease
(``RUN_LEASE_SECONDS / 2``).

It replaces django-tasks-db's command of the same name (accounts comes first in
``INSTALLED_APPS``). Several workers may run: of those that find a stale run at the same
time, one only queues its task again, and one only works on it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from config.runs import runs_resume_stale

logger = logging.getLogger(__name__)


def stale_runs_resume() -> None:
    """Queue again the task of every run whose worker died (errors are logged, not raised)."""
    try:
        resumed = runs_resume_stale()
        if resumed:
            logger.info("Resumed %s run(s) whose worker had stopped", resumed)
    except Exception:
        logger.exception("Resuming the stale runs failed; trying again later")
    finally:
        connections.close_all()


def stale_runs_resume_forever(interval: float) -> None:
    """Every ``interval`` seconds, resume the stale runs (a daemon thread's loop)."""
    while True:
        time.sleep(interval)
        stale_runs_resume()


class Command(DatabaseWorkerCommand):
    help = (
        "Run a database background worker; it also resumes the long runs (bulk awards, "
        "exports, deletions) whose worker stopped."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reloading = options["reload"] and not options["batch"]
        # With --reload, the parent process only watches files: its child works.
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            stale_runs_resume()  # before the first task (and --batch sees what it queued)
            interval = max(1.0, settings.RUN_LEASE_SECONDS / 2)
            threading.Thread(
                target=stale_runs_resume_forever,
                args=(interval,),
                name="stale-runs",
                daemon=True,
            ).start()
        super().handle(*args, **options)
