"""Garbage collection out of the requests' way, for the application servers (config/wsgi.py).

Python's cyclic garbage collector runs when enough objects have been allocated, which in a
Django process means in the middle of a request: a full collection walks every object the
process holds (about 150,000 once loaded) and took about 80 ms on this kind of machine,
landing in one request out of every few dozen — the slow tail of the benchmarks. Here:

- once loaded (the URLconf, and so every view module, imported), everything is moved out of
  the collector's reach with ``gc.freeze()``: those objects live as long as the process;
- while a request runs, automatic collection is paused; the objects it allocates are mostly
  freed by reference counting when it ends;
- when the response has been sent (Django's ``request_finished``, which the server fires
  after writing the body), the young generations are collected, and everything every
  ``FULL_EVERY`` requests: this runs while no one waits for the page.

Only the WSGI entry point installs this; tests, commands and task workers keep Python's
defaults. With threaded workers (gthread, granian's threads) the pause covers the process
while any request runs, and collection happens when one ends: the same objects, collected at
other moments. Measured in docs/performance.md, "Pages at regional scale".
"""

from __future__ import annotations

import gc
from typing import Any

from django.core.signals import request_finished, request_started

#: A full collection every so many requests (the young generations after each one).
FULL_EVERY = 100

_served = 0


def _pause(**kwargs: Any) -> None:
    gc.disable()


def _collect(**kwargs: Any) -> None:
    global _served
    _served += 1
    if _served % FULL_EVERY == 0:
        gc.collect()
    else:
        gc.collect(1)
    gc.enable()


def collect_between_requests() -> None:
    """Freeze what is loaded, then collect between requests rather than during them."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    gc.collect()
    gc.freeze()
    request_started.connect(_pause, dispatch_uid="config.collector.pause")
    request_finished.connect(_collect, dispatch_uid="config.collector.collect")
