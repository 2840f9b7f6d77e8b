"""Metrics in the Prometheus format, at ``/metrics`` (docs/deployment.md#metrics).

django-prometheus measures requests (latency by view and method, status codes, sizes; its two
middlewares wrap the stack) and prometheus-client exposes them. Under gunicorn every worker is a
process: with ``PROMETHEUS_MULTIPROC_DIR`` set, each writes its figures to files there and
``/metrics`` adds them up (``MultiProcessCollector``; config/gunicorn.conf.py empties the
folder at start and forgets dead workers). Jalons adds:

- ``jalons_awards_issued_total{issuer_kind}``: awards signed and stored, counted on commit
  (``awards_issued_on_commit``, called by ``badges.services.awards.awards_issue``); a
  ``db_worker`` that shares the folder (bulk awards) adds its own;
- ``jalons_task_queue_depth{queue}`` and ``jalons_task_queue_oldest_seconds{queue}``: tasks
  waiting for a worker, and how long the oldest has waited, read from django-tasks-db's table
  when Prometheus scrapes (one grouped query on its partial index of ready tasks).

``/metrics`` is not public: it answers only a request that carries
``Authorization: Bearer <METRICS_TOKEN>`` (403 otherwise), and does not exist (404) while
``METRICS_TOKEN`` is unset.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Protocol

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger(__name__)

# What django-tasks-db stores as run_after for a task that may run at once.
NO_RUN_AFTER = datetime(9999, 1, 1, tzinfo=UTC)

# Each process of the node writes its figures there (gunicorn's workers, db_worker): the folder
# must exist before the first metric is made.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

ISSUER_KINDS = ("initiative", "territory", "organisation")

AWARDS_ISSUED = Counter(
    "jalons_awards_issued",
    "Awards issued (signed and stored), by kind of issuer.",
    ["issuer_kind"],
)
for _kind in ISSUER_KINDS:  # every series exists from the start, at 0
    AWARDS_ISSUED.labels(issuer_kind=_kind)


class IssuerLike(Protocol):
    is_territory: bool
    is_organisation: bool


def award_issued(*, issuer_kind: str, count: int = 1) -> None:
    """Count awards issued (once they are committed)."""
    kind = issuer_kind if issuer_kind in ISSUER_KINDS else "other"
    AWARDS_ISSUED.labels(issuer_kind=kind).inc(count)


def awards_issued_on_commit(*, issuer: IssuerLike, count: int) -> None:
    """Count ``count`` awards of ``issuer`` when the transaction that stores them commits
    (``badges.services.awards.awards_issue``); a rolled-back award is not counted."""
    if issuer.is_territory:
        kind = "territory"
    else:
        kind = "organisation" if issuer.is_organisation else "initiative"
    transaction.on_commit(lambda: award_issued(issuer_kind=kind, count=count), robust=True)


class TaskQueueCollector:
    """Tasks waiting for a worker, read from the database when Prometheus scrapes."""

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            "jalons_task_queue_depth", "Tasks ready to run, waiting for a worker.", labels=["queue"]
        )
        oldest = GaugeMetricFamily(
            "jalons_task_queue_oldest_seconds",
            "How long the oldest task ready to run has waited, in seconds.",
            labels=["queue"],
        )
        if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
            return  # the thread backend keeps no queue that outlives the process
        queues = {name: (0, 0.0) for name in settings.TASKS["default"].get("QUEUES", [])}
        try:
            queues.update(_ready_tasks())
        except Exception:
            logger.exception("Metrics: the task queue could not be read")
            return
        for name, (count, waited) in sorted(queues.items()):
            depth.add_metric([name], count)
            oldest.add_metric([name], waited)
        yield depth
        yield oldest


def _ready_tasks() -> dict[str, tuple[int, float]]:
    model = apps.get_model("django_tasks_database", "DBTaskResult")
    now = timezone.now()
    rows = (
        model.objects.filter(status="READY")
        .filter(Q(run_after__lte=now) | Q(run_after=NO_RUN_AFTER))
        .order_by()
        .values("queue_name")
        .annotate(count=Count("pk"), oldest=Min("enqueued_at"))
    )
    return {
        row["queue_name"]: (row["count"], max(0.0, (now - row["oldest"]).total_seconds()))
        for row in rows
    }


def metrics_exposition() -> bytes:
    """The text every process of this node (or this process alone) has to say."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    queue = CollectorRegistry(auto_describe=False)
    queue.register(TaskQueueCollector())
    return generate_latest(registry) + generate_latest(queue)


def metrics_view(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    scheme, _, credentials = given.partition(" ")
    if not token:
        response = HttpResponse(status=404, content_type="text/plain")
    elif scheme.lower() != "bearer" or not hmac.compare_digest(
        credentials.strip().encode(), token.encode()
    ):
        response = HttpResponse(status=403, content_type="text/plain")
    else:
        response = HttpResponse(metrics_exposition(), content_type=CONTENT_TYPE_LATEST)
    add_never_cache_headers(response)
    return response
