"""Liveness and readiness, for load balancers and monitoring (docs/deployment.md#health-checks).

- ``/health/live``: the process answers; it checks nothing else, so a database outage does not
  make the service manager restart every app process.
- ``/health/ready``: this node can serve: the database answers ``SELECT 1``, the cache stores
  and reads back a value, the default storage (local folder or S3 bucket) is reachable, and the
  task backend's queue can be read. JSON with each check's result and duration; ``503`` when
  one fails. ``/healthz`` (the older address) answers the same.

``OperationsMiddleware`` answers these addresses, and ``/metrics`` (config/metrics.py), before
the rest of the stack: no session, no language, no host check (a load balancer probes a node
by its own address), no HTTPS redirect (the probe talks to the node directly), no rate limit,
never cached.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.cache import add_never_cache_headers
from django_tasks import task_backends

from config.headers import SecurityHeadersMiddleware
from config.metrics import metrics_view

logger = logging.getLogger(__name__)

READY_PATH = "/health/ready"
LIVE_PATH = "/health/live"
OLD_PATH = "/healthz"
METRICS_PATH = "/metrics"


class CheckFailed(Exception):
    """A dependency answered, but not as it should."""


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise CheckFailed("SELECT 1 did not return 1")
    return connection.vendor


def check_cache() -> str:
    """Store a value under a fresh key and read it back: Redis, the database cache, memory."""
    cache = caches["default"]
    key = f"health:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise CheckFailed("the value read back differs from the value stored")
    finally:
        cache.delete(key)
    return type(cache).__name__


def check_storage() -> str:
    """The default storage can be reached: the bucket answers (``HeadBucket``: it exists and
    the keys may read it), or the local folder is a writable directory."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        location = Path(storage.location)
        location.mkdir(parents=True, exist_ok=True)  # as the storage does on its first file
        if not os.access(location, os.W_OK | os.X_OK):
            raise CheckFailed(f"{location} is not writable")
        return "filesystem"
    bucket_name = getattr(storage, "bucket_name", None)
    s3 = getattr(storage, "connection", None)
    if bucket_name and s3 is not None:  # django-storages' S3Storage
        s3.meta.client.head_bucket(Bucket=bucket_name)
        return "s3"
    storage.exists("health-probe")  # any other storage: one cheap look-up
    return type(storage).__name__


def check_tasks() -> str:
    """The queue the workers take tasks from can be read (the database backend's table);
    the other backends run tasks in this process: nothing to reach."""
    backend = task_backends["default"]
    if type(backend).__module__.startswith("django_tasks_db"):
        model = apps.get_model("django_tasks_database", "DBTaskResult")
        model.objects.filter(status="READY").exists()
        return "database"
    return type(backend).__name__


def _bounded(check: Callable[[], str], timeout: float) -> str:
    """Run ``check`` in a thread and give up after ``timeout`` seconds (a storage that does
    not answer must not hold the probe, nor the app process's thread, for minutes)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["detail"] = check()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run, name=f"health-{check.__name__}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"no answer within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return str(outcome["detail"])


def _checks() -> dict[str, Callable[[], str]]:
    timeout = float(settings.HEALTH_CHECK_TIMEOUT)
    return {
        "database": check_database,
        "cache": check_cache,
        "storage": lambda: _bounded(check_storage, timeout),
        "tasks": check_tasks,
    }


def readiness() -> tuple[bool, dict[str, Any]]:
    """Every check's result: ``{"database": {"ok": True, "duration_ms": 0.4, "detail": …}}``."""
    results: dict[str, Any] = {}
    for name, check in _checks().items():
        started = time.monotonic()
        try:
            detail, ok = check(), True
        except Exception as error:
            detail, ok = f"{type(error).__name__}: {error}"[:300], False
            logger.warning("Readiness check %s failed: %s", name, detail)
        results[name] = {
            "ok": ok,
            "duration_ms": round((time.monotonic() - started) * 1000, 2),
            "detail": detail,
        }
    return all(result["ok"] for result in results.values()), results


def health_ready(request: HttpRequest) -> HttpResponse:
    ready, checks = readiness()
    response = JsonResponse(
        {"status": "ok" if ready else "error", "checks": checks}, status=200 if ready else 503
    )
    add_never_cache_headers(response)
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """The first address of the health check (before 0.2): now readiness, the same answer."""
    return health_ready(request)


def health_live(request: HttpRequest) -> HttpResponse:
    response = JsonResponse({"status": "ok", "pid": os.getpid()})
    add_never_cache_headers(response)
    return response


def _route(request: HttpRequest) -> Callable[[HttpRequest], HttpResponse] | None:
    return {
        READY_PATH: health_ready,
        LIVE_PATH: health_live,
        OLD_PATH: healthz,
        METRICS_PATH: metrics_view,
    }.get(request.path_info)


class OperationsMiddleware:
    """Answers the probes and ``/metrics`` before every other middleware (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        view = _route(request)
        if view is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # The headers every answer has (Permissions-Policy, Cache-Control: config/headers.py).
        response = SecurityHeadersMiddleware(view)(request)
        response.setdefault("X-Content-Type-Options", "nosniff")
        return response
