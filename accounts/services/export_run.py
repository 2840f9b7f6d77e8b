"""Preparing a data export: the work of ``accounts.tasks.data_export_task``.

It may run again (a retried or resumed task): each run builds the ZIP from scratch, stores it
under a new random name, points the row at it and deletes the previous file. The owner is
emailed once, when the export first becomes ready.

An export is a long run (``config/runs.py``): the task claims it first (another worker holding
it: the task stops), renews the lease between the sections of the ZIP (and, inside a long
section, every third of a lease), and releases it with the final status. A worker whose lease
was taken over (it stalled, the export was resumed) stops at its next renewal, or at the end
when it finds the export no longer its own: it deletes its own file and never replaces the
one of the worker that holds the export now. ``data_export_resume`` queues the task again when
the worker died (the progress page, the API's status); ``manage.py db_worker`` does it for all.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import tempfile
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import IO
from uuid import UUID

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from accounts import emails
from accounts.data_rights import sections
from accounts.exports import ZipExportWriter
from accounts.models import DataExport, ExportStatus, User
from config.runs import lease_duration, run_claim, run_release, run_renew, run_resume

logger = logging.getLogger(__name__)

FOLDER = "data-exports"
CHUNK = 1024 * 1024
# An export whose worker died this many times (it may be what kills it) stops as failed
# instead of being resumed again: its owner can ask for a new one.
MAX_STARTS = 5


class LeaseLost(Exception):
    """This worker no longer holds the export: another one took it over after its lease
    expired (the export was resumed), or the export was deleted."""


class _Lease:
    """The lease this worker holds on an export, renewed as the ZIP is built."""

    def __init__(self, export: DataExport, token: str) -> None:
        self.export = export
        self.token = token
        self.renewed = timezone.now()

    def renew(self) -> None:
        """Extend it (between two sections); ``LeaseLost`` if it is no longer this worker's."""
        if not run_renew(self.export, token=self.token):
            raise LeaseLost
        self.renewed = timezone.now()

    def keep(self) -> None:
        """Inside a section (after each file): extend it once a third of it has passed."""
        if timezone.now() - self.renewed >= lease_duration() / 3:
            self.renew()


def _nothing() -> None:
    return None


def data_export_build(
    *,
    user: User,
    target: IO[bytes],
    generated_at: datetime,
    between_sections: Callable[[], None] = _nothing,
    after_each_file: Callable[[], None] = _nothing,
) -> None:
    """Write the ZIP of everything about ``user`` into ``target``, in their language: each
    registered section's part, then ``data.json``, the ``<key>.json`` files and the index.

    ``between_sections`` is called before each section and before the ZIP's own files,
    ``after_each_file`` after each file written: the task renews its lease there, and they
    may raise to stop the build (the ZIP is then abandoned)."""
    writer = ZipExportWriter(target, generated_at=generated_at, after_each_file=after_each_file)
    try:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            for section in sections():
                between_sections()
                section.export(user, writer)
            between_sections()
            writer.close(
                site=settings.SITE_URL,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                person=user.display_name or user.email,
            )
    except BaseException:
        writer.abort()
        raise


def _digest(file: IO[bytes]) -> tuple[int, str]:
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := file.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return size, digest.hexdigest()


def _failed(export: DataExport, token: str, error: BaseException) -> str:
    if not run_release(
        export,
        token=token,
        status=ExportStatus.FAILED,
        finished_at=timezone.now(),
        error=type(error).__name__[:200],
    ):
        return _lost(export)
    # The error's class and where it happened, not its message: it could hold personal data.
    logger.error(
        "Data export %s stopped by an error (%s)\n%s",
        export.uuid,
        type(error).__name__,
        "".join(traceback.format_tb(error.__traceback__)),
    )
    return ExportStatus.FAILED.value


def _lost(export: DataExport) -> str:
    logger.warning(
        "Data export %s: this worker lost its lease (another one took the export over, or it "
        "was deleted); it stops and keeps nothing",
        export.uuid,
    )
    return "overtaken"


def data_export_run(*, export_uuid: UUID | str) -> str:
    """Prepare the export (the task's work); its status afterwards, ``busy`` when another
    worker holds it, ``overtaken`` when this one lost its lease on the way.

    Safe to run again: the ZIP is built from scratch and replaces the stored one. An export
    whose link has expired, or whose row is gone, is left alone.
    """
    export = DataExport.objects.select_related("user").filter(uuid=export_uuid).first()
    if export is None:
        logger.warning("Data export %s not found", export_uuid)
        return "missing"
    if export.status == ExportStatus.READY and export.is_expired():
        return "expired"
    token = run_claim(export)
    if token is None:
        logger.info("Data export %s: another worker holds it, this task stops", export.uuid)
        return "busy"
    if export.status == ExportStatus.READY and export.is_expired():  # meanwhile
        run_release(export, token=token)
        return "expired"
    if export.is_in_progress and export.claims > MAX_STARTS:
        logger.error(
            "Data export %s: its worker stopped %s times, it is not started again",
            export.uuid,
            export.claims - 1,
        )
        run_release(
            export,
            token=token,
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            error="WorkerLost",
        )
        return ExportStatus.FAILED.value
    if export.was_resumed and export.is_in_progress:
        logger.info("Data export %s resumed: prepared again from the start", export.uuid)
    was_ready = export.status == ExportStatus.READY
    started_at = timezone.now()
    lease = _Lease(export, token)
    if not run_renew(
        export, token=token, status=ExportStatus.RUNNING, started_at=started_at, error=""
    ):
        return _lost(export)
    try:
        with tempfile.TemporaryFile() as target:
            data_export_build(
                user=export.user,
                target=target,
                generated_at=started_at,
                between_sections=lease.renew,
                after_each_file=lease.keep,
            )
            size, sha256 = _digest(target)
            name = default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}.zip", File(target))
    except LeaseLost:
        return _lost(export)
    except Exception as error:
        return _failed(export, token, error)
    finished_at = timezone.now()
    with transaction.atomic():
        # The file the row points at now, and who holds it (locked until the commit: nobody
        # can take the export over in between).
        row = (
            DataExport.objects.select_for_update()
            .filter(pk=export.pk)
            .values_list("file", "lease_owner")
            .first()
        )
        if row is None or row[1] != token:
            # Deleted meanwhile (the account was closed), or another worker holds it now:
            # keep nothing, leave its file alone.
            transaction.on_commit(partial(default_storage.delete, name))
            return "missing" if row is None else _lost(export)
        previous = row[0]
        run_release(
            export,
            token=token,
            status=ExportStatus.READY,
            file=name,
            size=size,
            sha256=sha256,
            finished_at=finished_at,
            expires_at=finished_at + timedelta(days=settings.RETENTION_DAYS["exports"]),
        )
        if not was_ready:
            transaction.on_commit(partial(_email_ready, export.pk))
    if previous and previous != name:
        default_storage.delete(previous)
    logger.info("Data export %s ready (%s bytes)", export.uuid, size)
    return ExportStatus.READY.value


def data_export_resume(*, export: DataExport) -> bool:
    """Queue an export's task again if its worker died (its lease expired and no task of it
    waits in the queue): what its progress page and the API's status do. Whether it did.

    No query while the lease is live; else one conditional UPDATE, the task queued on commit.
    """
    if export.is_finished:
        return False
    return run_resume(export)


def _email_ready(export_pk: int) -> None:
    export = DataExport.objects.select_related("user").filter(pk=export_pk).first()
    if export is not None and export.status == ExportStatus.READY:
        emails.data_export_ready(export=export)
