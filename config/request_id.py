"""One id per request, from the reverse proxy to every log line (docs/deployment.md#logs).

``RequestIdMiddleware`` takes the ``X-Request-ID`` the reverse proxy sent (nginx's
``$request_id``, Caddy's ``{http.request.uuid}``) when it is a plain token, or makes one
(``uuid4().hex``); it answers with it in ``X-Request-ID`` and keeps it in a context variable
until the response is closed. ``RequestIdFilter``, on the log handlers, copies it to every record as
``request_id``, which the JSON formatter writes (config/logging.py). Gunicorn's access log reads
it from the response header (config/gunicorn_logging.py), so the proxy's, gunicorn's and
Django's lines of one request share it.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponseBase

HEADER = "X-Request-ID"
# Letters, digits and . _ : - only, 128 at most: a uuid, a hex string, a trace id. Anything
# else (spaces, quotes, new lines: log injection) is replaced by a fresh id.
_VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def request_id_get() -> str | None:
    """The id of the request being served in this thread or task, if any."""
    return request_id_var.get()


def request_id_from(value: str | None) -> str:
    """The incoming id when it is a plain token, else a new one."""
    if value and _VALID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        # Kept until the response is closed (``request_finished``): Django logs a 4xx/5xx
        # answer ("Not Found: …") after the middlewares returned.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def request_id_forget(**kwargs: Any) -> None:
    request_id_var.set(None)


request_finished.connect(request_id_forget, dispatch_uid="config.request_id.forget")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to the records logged while a request is served (never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True
