"""Gunicorn's settings for Jalons (docs/deployment.md#the-app-server).

    .venv/bin/gunicorn --config config/gunicorn.conf.py

Read from the environment (the same file as the app's settings, /etc/jalons/env):

- ``GUNICORN_BIND``: where to listen, ``127.0.0.1:8000`` (the reverse proxy on this node);
  several addresses separated by commas; ``unix:/run/jalons/gunicorn.sock`` for a socket.
- ``WEB_CONCURRENCY``: worker processes, ``2 * cores + 1`` by default.
- ``GUNICORN_THREADS``: threads per worker (1: sync workers).
- ``GUNICORN_TIMEOUT``: a worker silent this long (seconds, 60) is killed and replaced.
- ``FORWARDED_ALLOW_IPS``: the proxies whose ``X-Forwarded-Proto`` gunicorn believes
  (``127.0.0.1,::1``: the proxy on this node).
- ``PROMETHEUS_MULTIPROC_DIR``: a folder each worker writes its metrics to, added up by
  ``/metrics`` (config/metrics.py); emptied of dead processes' files when gunicorn starts.

Logs: JSON lines on stdout (access) and stderr (errors), with the request's id
(config/gunicorn_logging.py).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from pathlib import Path
from typing import Any

from prometheus_client import multiprocess

wsgi_app = "config.wsgi:application"
bind = [
    address.strip()
    for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]
workers = int(os.environ.get("WEB_CONCURRENCY", "0")) or multiprocessing.cpu_count() * 2 + 1
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (systemctl stop, a deployment), workers finish the requests under way first.
graceful_timeout = 30
keepalive = 5
# Recycle each worker after about 1,000 requests: memory stays flat whatever a page cost.
max_requests = 1000
max_requests_jitter = 100
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Workers' heartbeat files in memory, not on a disk that may stall.
if Path("/dev/shm").is_dir():  # noqa: S108 - a tmpfs of the machine, not a temporary file
    worker_tmp_dir = "/dev/shm"  # noqa: S108
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logger_class = "config.gunicorn_logging.JsonLogger"
proc_name = "jalons"
# systemd manages the processes: no gunicornc control socket (gunicorn ≥ 24; ignored before).
control_socket_disable = True


def _metrics_dir() -> Path | None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    return Path(folder) if folder else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def on_starting(server: Any) -> None:
    """Forget the metrics of processes that are gone (an earlier gunicorn, a stopped worker);
    those of processes still running (a ``db_worker`` sharing the folder) stay."""
    folder = _metrics_dir()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.db"):
        pid = path.stem.rpartition("_")[2]
        if not pid.isdigit() or not _alive(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def child_exit(server: Any, worker: Any) -> None:
    """A worker stopped: its gauges no longer count (its counters stay in the totals)."""
    if _metrics_dir() is not None:
        multiprocess.mark_process_dead(worker.pid)
