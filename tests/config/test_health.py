"""Liveness and readiness (config/health.py): real dependencies, real failures.

A cache or a database on a closed port of 127.0.0.1 and a bucket that does not exist are
what an outage looks like from the app: the readiness answers 503 and names the failing
check; liveness keeps answering 200.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from config.env import env_storage
from tests.config.redis_server import free_port, redis_server
from tests.config.s3_server import S3Server, s3_server, s3_storage  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[2]
CHECKS = {"database", "cache", "storage", "tasks"}


def _ready(client: Client, path: str = "/health/ready", **headers: str):
    response = client.get(path, **headers)
    return response, json.loads(response.content)


def test_ready_reports_every_check_with_its_duration(client: Client, db):
    response, body = _ready(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECKS
    for check in body["checks"].values():
        assert check["ok"] is True
        assert check["duration_ms"] >= 0
    assert body["checks"]["storage"]["detail"] == "filesystem"
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_readiness_at_its_old_address(client: Client, db):
    response, body = _ready(client, "/healthz")
    assert response.status_code == 200
    assert set(body["checks"]) == CHECKS


def test_probes_skip_sessions_host_checks_and_redirects(client: Client, db, settings):
    """A load balancer probes a node by its own address, over plain HTTP."""
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/health/live", "/health/ready"):
        response = client.get(path, HTTP_HOST="10.0.0.11:8000")
        assert response.status_code == 200, path
        assert not response.cookies
        assert "Vary" not in response or "Cookie" not in response["Vary"]
    assert client.get("/developers/", HTTP_HOST="10.0.0.11:8000").status_code == 400


def test_ready_fails_when_the_cache_does_not_answer(client: Client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0?socket_connect_timeout=1",
        }
    }
    response, body = _ready(client)
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["cache"]["ok"] is False
    assert "Connection" in body["checks"]["cache"]["detail"]
    assert body["checks"]["database"]["ok"] is True
    assert client.get("/health/live").status_code == 200


@pytest.mark.redis
def test_ready_with_redis(client: Client, db, settings):
    with redis_server() as url:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        }
        response, body = _ready(client)
    assert response.status_code == 200, body
    assert body["checks"]["cache"]["detail"] == "RedisCache"


def test_ready_with_the_bucket_then_without_it(client: Client, db, s3_storage, settings):  # noqa: F811
    response, body = _ready(client)
    assert response.status_code == 200, body
    assert body["checks"]["storage"]["detail"] == "s3"

    environ = s3_storage.server.environ("jalons-no-such-bucket")
    settings.STORAGES = {**settings.STORAGES, "default": env_storage(environ=environ)}
    response, body = _ready(client)
    assert response.status_code == 503
    assert body["checks"]["storage"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is True


def test_a_storage_that_hangs_fails_after_the_timeout(client: Client, db, settings):
    """A port that accepts connections and never answers: the check gives up in time."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        environ = {
            "S3_BUCKET": "jalons-silent",
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
            "S3_ACCESS_KEY_ID": "key",
            "S3_SECRET_ACCESS_KEY": "secret",
        }
        settings.STORAGES = {**settings.STORAGES, "default": env_storage(environ=environ)}
        settings.HEALTH_CHECK_TIMEOUT = 1
        response, body = _ready(client)
    assert response.status_code == 503
    # The probe's own bound fired ("no answer within 1 s"), not botocore's 60 s read timeout
    # and retries. Its duration is only bounded loosely: a loaded CI machine can take
    # seconds to hand the thread back (a timed assertion would measure the machine).
    assert body["checks"]["storage"]["detail"] == "TimeoutError: no answer within 1 s"
    assert 900 <= body["checks"]["storage"]["duration_ms"] < 30_000


def test_ready_reaches_the_task_queue_of_the_database_backend(client: Client, db, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "emails"],
        }
    }
    response, body = _ready(client)
    assert response.status_code == 200
    assert body["checks"]["tasks"]["detail"] == "database"


def test_database_down_ready_fails_live_answers(tmp_path: Path):
    """A whole app process whose PostgreSQL does not answer (a closed port)."""
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "c = Client()\n"
        "ready = c.get('/health/ready'); live = c.get('/health/live')\n"
        "print(json.dumps({'ready': ready.status_code, 'live': live.status_code,"
        " 'checks': json.loads(ready.content)['checks']}))\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CACHE_", "S3_", "TASKS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"postgres://jalons:x@127.0.0.1:{free_port()}/jalons?connect_timeout=2",
            "CACHE_URL": "locmem://",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "LOG_LEVEL": "error",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["ready"] == 503
    assert answer["live"] == 200
    assert answer["checks"]["database"]["ok"] is False
    assert "OperationalError" in answer["checks"]["database"]["detail"]
    assert answer["checks"]["cache"]["ok"] is True
