"""Running a bulk award: the rows not processed yet, one award each (``badges.tasks``).

The task holds the run under a lease (``config/runs.py``), renewed with each row. It can
run again after a crash: it resumes from the rows already processed, and a row whose person
already holds the badge is skipped. ``bulk_award_resume`` queues the task again when its
worker died.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from badges.models import Award, BadgeClass
from badges.models.bulk import BulkAward, BulkStatus
from badges.selectors.issuers import user_is_issuer_staff
from badges.services.awards import award_issue
from config.runs import run_claim, run_release, run_renew, run_resume

logger = logging.getLogger(__name__)

TYPED_EMAIL_MAX_LENGTH = 254


def refusal(line: int, email: str, message: str) -> dict[str, Any]:
    return {"line": line, "email": email[:TYPED_EMAIL_MAX_LENGTH], "message": message}


class _Overtaken(Exception):
    """Another run of the same task counted this row first."""


def _holds_award(badge_class: BadgeClass, email: str) -> bool:
    return Award.objects.filter(
        badge_class=badge_class, recipient_email=email.strip().lower(), revoked_at__isnull=True
    ).exists()


def _award_row(bulk: BulkAward, position: int, errors: list[dict[str, Any]], token: str) -> None:
    """Award one row, counting it and renewing the lease, in one transaction (all or nothing).

    The award and the progress that counts it commit together, so a crash can never leave
    an award whose row would be awarded again when the run resumes.
    """
    row = bulk.rows[position]
    changes: dict[str, Any] = {"processed": position + 1}
    with transaction.atomic():
        # A row blanked because its person closed their account is skipped.
        if not row.get("email") or _holds_award(bulk.badge_class, row["email"]):
            changes["skipped"] = F("skipped") + 1
        else:
            try:
                with transaction.atomic():
                    award_issue(
                        badge_class=bulk.badge_class,
                        email=row["email"],
                        narrative=row.get("narrative", ""),
                        awarded_by=bulk.created_by,
                        evidence_url=row.get("evidence_url", ""),
                    )
            except ValidationError as error:
                errors.append(refusal(row["line"], row["email"], " ".join(error.messages)))
                changes["errors"] = errors
            else:
                changes["awarded"] = F("awarded") + 1
        if not run_renew(bulk, token=token, where=Q(processed=position), **changes):
            raise _Overtaken


def bulk_award_rows_run(*, bulk_uuid: UUID | str) -> str:
    """Award the rows of a bulk award not processed yet (the task's work); its new status.

    Safe to run again: it claims the run first (a run another worker holds is left to it), it
    starts from ``processed``, and a row already counted by another run is not awarded twice.
    """
    bulk = (
        BulkAward.objects.select_related("badge_class__issuer", "created_by")
        .filter(uuid=bulk_uuid)
        .first()
    )
    if bulk is None:
        logger.warning("Bulk award %s not found", bulk_uuid)
        return "missing"
    if bulk.status == BulkStatus.DONE:
        return str(bulk.status)
    token = run_claim(bulk)
    if token is None:
        logger.info("Bulk award %s: another worker holds it, this task stops", bulk.uuid)
        return "busy"
    if bulk.status == BulkStatus.DONE:  # finished by another task in the meantime
        run_release(bulk, token=token)
        return str(bulk.status)
    by = bulk.created_by
    if by is None or not user_is_issuer_staff(issuer=bulk.badge_class.issuer, user=by):
        logger.warning(
            "Bulk award %s stopped: its uploader no longer manages the issuer", bulk.uuid
        )
        run_release(bulk, token=token, status=BulkStatus.FAILED, finished_at=timezone.now())
        return BulkStatus.FAILED.value
    if bulk.claims > 1:
        logger.info("Bulk award %s resumed at row %s", bulk.uuid, bulk.processed + 1)
    run_renew(bulk, token=token, status=BulkStatus.RUNNING, finished_at=None)
    errors = list(bulk.errors)
    position = bulk.processed
    with translation.override(by.preferred_language or settings.LANGUAGE_CODE):
        try:
            for position in range(bulk.processed, len(bulk.rows)):
                _award_row(bulk, position, errors, token)
        except _Overtaken:
            logger.warning("Bulk award %s: another run is awarding it, this one stops", bulk.uuid)
            return "overtaken"
        except Exception as error:
            run_release(bulk, token=token, status=BulkStatus.FAILED, finished_at=timezone.now())
            # The error's class and where it happened, not its message: it could hold
            # an email address. The task ends normally: its outcome is the status.
            logger.error(
                "Bulk award %s stopped at row %s of %s by an error (%s)\n%s",
                bulk.uuid,
                position + 1,
                len(bulk.rows),
                type(error).__name__,
                "".join(traceback.format_tb(error.__traceback__)),
            )
            return BulkStatus.FAILED.value
    run_release(bulk, token=token, status=BulkStatus.DONE, finished_at=timezone.now())
    bulk.refresh_from_db(fields=["awarded", "skipped", "errors"])
    logger.info(
        "Bulk award %s finished: %s awarded, %s already awarded, %s refused",
        bulk.uuid,
        bulk.awarded,
        bulk.skipped,
        len(bulk.errors),
    )
    return BulkStatus.DONE.value


def bulk_award_resume(*, bulk: BulkAward) -> bool:
    """Queue a bulk award's task again if its worker died (its lease expired and no task of it
    waits in the queue): what its progress page does on each visit. Whether it did.

    No query while the lease is live; else one conditional UPDATE, the task queued on commit.
    """
    if bulk.is_finished:
        return False
    return run_resume(bulk)
