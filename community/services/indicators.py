"""Computing and storing each year's protected figures, in the background
(docs/indicators.md#when-the-figures-are-computed).

- ``publication_request(year=…)``: a page found no stored figures for a year: queue their
  computation, at most once (a conditional write on the year's row decides who queues).
- ``publication_refresh(year=…)``: compute the year and replace its stored figures in one
  UPDATE (the task, ``manage.py indicators_publish`` and the annual report's task call it;
  never a web request).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.indicators.stored import payload_fingerprint, publication_payload
from community.indicators.tables import Publication
from community.models import PUBLICATION_PENDING, IndicatorPublication, PublicationState
from community.selectors.indicators import indicator_publication, publication_compute
from config.runs import run_claim, run_enqueue, run_release, run_renew


@dataclass(frozen=True)
class PublishOutcome:
    """What a refresh did: ``status`` is ``done`` or ``busy`` (another worker computes it)."""

    year: int
    status: str
    changed: bool = False
    seconds: float | None = None
    fingerprint: str = ""
    computed_at: datetime | None = None


def _row(year: int) -> tuple[IndicatorPublication, bool]:
    """The year's row, and whether this call created it (two callers at once: one does)."""
    row = IndicatorPublication.objects.filter(year=year).first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            return IndicatorPublication.objects.create(year=year), True
    except IntegrityError:
        return IndicatorPublication.objects.get(year=year), False


def publication_request(*, year: int) -> bool:
    """Queue the computation of a year whose figures are not stored (or were stored with
    another threshold); whether this call queued it. Cheap: one or two small writes, once."""
    with transaction.atomic():
        row, created = _row(year)
        # Already queued or running: nothing to do. Otherwise one caller only wins.
        if not created and not (
            IndicatorPublication.objects.filter(pk=row.pk)
            .exclude(PUBLICATION_PENDING)
            .update(state=PublicationState.QUEUED)
        ):
            return False
        run_enqueue(row)
    return True


def publication_refresh(*, year: int) -> PublishOutcome:
    """Compute the year's figures and store them (the previous ones stay readable until the
    new ones replace them, in one UPDATE). Long: background tasks and commands only."""
    row, _ = _row(year)
    token = run_claim(row)
    if token is None:
        return PublishOutcome(year=year, status="busy")
    run_renew(row, token=token, state=PublicationState.RUNNING)
    started = time.perf_counter()
    try:
        payload = publication_payload(publication_compute(year))
    except Exception as error:
        run_release(row, token=token, state=PublicationState.FAILED, error=type(error).__name__)
        raise
    seconds = round(time.perf_counter() - started, 3)
    fingerprint = payload_fingerprint(payload)
    changed = fingerprint != row.fingerprint
    now = timezone.now()
    stored = run_release(
        row,
        token=token,
        state=PublicationState.DONE,
        computed_at=now,
        seconds=seconds,
        fingerprint=fingerprint,
        threshold=settings.INDICATORS_MIN_COUNT,
        error="",
        **({"payload": payload} if changed else {}),
    )
    if not stored:  # taken over after our lease expired: the other worker stores its own
        return PublishOutcome(year=year, status="busy")
    return PublishOutcome(
        year=year,
        status="done",
        changed=changed,
        seconds=seconds,
        fingerprint=fingerprint,
        computed_at=now,
    )


def publication_ensure(*, year: int) -> Publication:
    """The year's stored figures, computed first if there are none (background tasks only:
    the annual report)."""
    publication = indicator_publication(year)
    if publication is None:
        publication_refresh(year=year)
        publication = indicator_publication(year)
    if publication is None:
        raise RuntimeError(f"the figures of {year} are being computed by another worker")
    return publication
