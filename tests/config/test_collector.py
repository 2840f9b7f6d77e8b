"""Garbage collection between requests (config/collector.py), as the WSGI entry point sets it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import gc, json
from config.wsgi import application
from django.core.signals import request_finished, request_started
from config import collector

frozen = gc.get_freeze_count()
request_started.send(sender=None, environ={})
during = gc.isenabled()
request_finished.send(sender=None)
after = gc.get_count()
print(json.dumps({
    "frozen": frozen,
    "during": during,
    "enabled_after": gc.isenabled(),
    "young_after": after[0],
    "full_every": collector.FULL_EVERY,
}))
"""


def test_the_wsgi_application_freezes_what_it_loaded_and_collects_between_requests():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["frozen"] > 50_000  # the loaded modules, views included, are frozen
    assert probe["during"] is False  # no automatic collection while a request runs
    assert probe["enabled_after"] is True  # and back once it has been answered
    assert probe["young_after"] < 50  # the young generation was collected at the end


def test_tests_and_commands_keep_pythons_defaults():
    import gc

    from django.core.signals import request_started

    from config import collector

    assert gc.isenabled()
    receivers = [r[1]() for r in request_started.receivers]
    assert collector._pause not in receivers
