"""Running a bulk award: the rows not processed yet, one award each (``badges.tasks``).

The task holds the run under a lease (``config/runs.py``), renewed with each batch of rows
(``BATCH_ROWS`` at most), awarded together in one transaction (``awards_issue``, the badge
class prepared once for the run, the signatures made by a pool of processes for a large
run: ``badges.signing``). It can run again after a crash: it resumes from the rows
already processed, and a row whose person already holds the badge is skipped.
``bulk_award_resume`` queues the task again when its worker died.
"""

from __future__ import annotations

import logging
import time
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
from badges.services.awards import (
    AwardRequest,
    PreparedBadge,
    awards_issue,
    badge_class_prepare,
)
from badges.signing import SignMany, signing_pool
from config.runs import run_claim, run_release, run_renew, run_resume

logger = logging.getLogger(__name__)

TYPED_EMAIL_MAX_LENGTH = 254
# Rows awarded in one transaction: the status list is locked once for them, their queries are
# shared, and a crash loses at most their work (the resumed run does it again). A run starts
# with FIRST_BATCH_ROWS and doubles up to BATCH_ROWS while a batch takes less than an eighth
# of the lease; it halves when one takes more than a quarter (a slow machine): a batch must
# end well within its lease, or another worker takes the run over and the batch is lost.
BATCH_ROWS = 25
FIRST_BATCH_ROWS = 5


def refusal(line: int, email: str, message: str) -> dict[str, Any]:
    return {"line": line, "email": email[:TYPED_EMAIL_MAX_LENGTH], "message": message}


class _Overtaken(Exception):
    """Another run of the same task counted this row first."""


def _holders(badge_class: BadgeClass, emails: list[str]) -> set[str]:
    """Those of ``emails`` (lowercase) that already hold a valid award of the badge class."""
    return set(
        Award.objects.filter(
            badge_class=badge_class, recipient_email__in=emails, revoked_at__isnull=True
        ).values_list("recipient_email", flat=True)
    )


def _batch_rows(rows: int, seconds: float) -> int:
    """The size of the next batch after one of ``rows`` rows that took ``seconds``."""
    budget = settings.RUN_LEASE_SECONDS / 4
    if seconds > budget:
        return max(1, rows // 2)
    if seconds < budget / 2:
        return min(BATCH_ROWS, rows * 2)
    return rows


def _award_rows(
    bulk: BulkAward,
    prepared: PreparedBadge,
    start: int,
    size: int,
    errors: list[dict[str, Any]],
    token: str,
    sign_many: SignMany | None,
) -> int:
    """Award ``size`` rows from ``start`` (fewer at the end), counting them and renewing the
    lease, in one transaction (all or nothing); the position after them.

    The awards and the progress that counts them commit together, so a crash can never leave
    an award whose row would be awarded again when the run resumes: it loses the batch's
    work, never more, and the resumed run does it again.
    """
    stop = min(start + size, len(bulk.rows))
    rows = bulk.rows[start:stop]
    changes: dict[str, Any] = {"processed": stop}
    with transaction.atomic():
        # A row blanked because its person closed their account is skipped.
        holders = _holders(bulk.badge_class, [row["email"] for row in rows if row.get("email")])
        to_award = [row for row in rows if row.get("email") and row["email"] not in holders]
        outcomes = (
            awards_issue(
                prepared=prepared,
                requests=[
                    AwardRequest(
                        email=row["email"],
                        narrative=row.get("narrative", ""),
                        evidence_url=row.get("evidence_url", ""),
                    )
                    for row in to_award
                ],
                awarded_by=bulk.created_by,
                sign_many=sign_many,
            )
            if to_award
            else []
        )
        refused = [
            refusal(row["line"], row["email"], " ".join(outcome.messages))
            for row, outcome in zip(to_award, outcomes, strict=True)
            if isinstance(outcome, ValidationError)
        ]
        if len(to_award) < len(rows):
            changes["skipped"] = F("skipped") + len(rows) - len(to_award)
        if len(refused) < len(to_award):
            changes["awarded"] = F("awarded") + len(to_award) - len(refused)
        if refused:
            errors.extend(refused)
            changes["errors"] = errors
        if not run_renew(bulk, token=token, where=Q(processed=start), **changes):
            raise _Overtaken
    return stop


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
    size = min(FIRST_BATCH_ROWS, BATCH_ROWS)
    with (
        translation.override(by.preferred_language or settings.LANGUAGE_CODE),
        signing_pool(documents=len(bulk.rows) - bulk.processed) as sign_many,
    ):
        try:
            prepared = badge_class_prepare(badge_class=bulk.badge_class)
            while position < len(bulk.rows):
                started = time.monotonic()
                done = _award_rows(bulk, prepared, position, size, errors, token, sign_many)
                size = _batch_rows(done - position, time.monotonic() - started)
                position = done
        except _Overtaken:
            logger.warning("Bulk award %s: another run is awarding it, this one stops", bulk.uuid)
            return "overtaken"
        except Exception as error:
            run_release(bulk, token=token, status=BulkStatus.FAILED, finished_at=timezone.now())
            # The error's class and where it happened, not its message: it could hold
            # an email address. The task ends normally: its outcome is the status.
            logger.error(
                "Bulk award %s stopped in rows %s-%s of %s by an error (%s)\n%s",
                bulk.uuid,
                position + 1,
                min(position + size, len(bulk.rows)),
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
