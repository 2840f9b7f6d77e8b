"""Background task of bulk awards (run through the django-tasks API).

With the immediate backend (tests, development) the task runs when the upload is
committed; in production the database backend stores it and a worker
(``manage.py db_worker``) runs it. It can run again after a crash: it resumes from
the rows already processed.
"""

from __future__ import annotations

from django_tasks import task

from badges.services.bulk import bulk_award_rows_run


@task()
def bulk_award_run(bulk_uuid: str) -> str:
    """Award the rows of one bulk award not processed yet; returns its status."""
    return bulk_award_rows_run(bulk_uuid=bulk_uuid)
