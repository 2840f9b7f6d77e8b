"""Records of finished background tasks, kept by the database task backend (django-tasks-db):
they hold the emails sent, with addresses, names and links in clear."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import QuerySet


def finished_task_records() -> QuerySet[Any] | None:
    """Finished (successful or failed) task records; None when that backend is not installed
    (its module is ``django_tasks_db``, its app label ``django_tasks_database``)."""
    if not apps.is_installed("django_tasks_db"):
        return None
    model = apps.get_model("django_tasks_database", "DBTaskResult")
    return model.objects.exclude(status__in=["READY", "RUNNING"])
