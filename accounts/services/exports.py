"""Exports of a person's data: asked for, purged, deleted (prepared in
``accounts.services.export_run``).

- ``data_export_request``: the person asks (one export at a time); the task is queued once
  the transaction commits (``config.runs.run_enqueue``: the export is a long run, resumed if
  its worker dies).
- ``data_export_purge``: the retention rule ``exports``: the file and the row, once
  ``settings.RETENTION_DAYS["exports"]`` days have passed since it was ready.
- ``data_exports_delete``: every export of a person, files included (account erasure).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import DataExport, User
from accounts.selectors.exports import data_export_in_progress
from config.files import files_delete_on_commit
from config.runs import run_enqueue

logger = logging.getLogger(__name__)


@transaction.atomic
def data_export_request(*, user: User) -> DataExport:
    """Ask for an export of everything Jalons holds about ``user``; it is prepared in the
    background. Refused (``export_in_progress``) while another one is being prepared."""
    # One request at a time per person: the row lock orders two simultaneous clicks.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if data_export_in_progress(user=user) is not None:
        raise ValidationError(
            _("Your data is already being prepared: wait for that file, it comes soon."),
            code="export_in_progress",
        )
    export = DataExport.objects.create(user=user)
    run_enqueue(export)
    logger.info("Data export %s asked for by user %s", export.uuid, user.pk)
    return export


def _delete(exports: QuerySet[DataExport]) -> int:
    """Delete the files, then the rows; how many exports."""
    count = 0
    for export in exports.only("pk", "file"):
        # Once the transaction commits: a rollback (``apply_retention --dry-run``, an
        # erasure that fails) must find the file.
        files_delete_on_commit([export.file])
        DataExport.objects.filter(pk=export.pk).delete()
        count += 1
    return count


def data_export_purge(cutoff: datetime) -> int:
    """The retention rule ``exports``: exports ready (or stopped) before ``cutoff`` — their
    link expired — and exports asked for before it that never finished; files first."""
    return _delete(
        DataExport.objects.filter(
            Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
        )
    )


def data_exports_delete(*, user: User) -> int:
    """Every export of ``user``, their files first (when their account is erased)."""
    return _delete(DataExport.objects.filter(user=user))
