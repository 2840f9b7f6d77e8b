"""Request ids (config/request_id.py): from the proxy, or made; on the response and on every
log line of the request."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.test import Client

from config.logging import JsonFormatter
from config.request_id import RequestIdFilter, request_id_from, request_id_get

pytestmark = pytest.mark.django_db

HEX32 = re.compile(r"[0-9a-f]{32}")


def test_an_id_from_the_proxy_comes_back(client: Client):
    response = client.get("/developers/", HTTP_X_REQUEST_ID="7f3c2a1b-proxy")
    assert response["X-Request-ID"] == "7f3c2a1b-proxy"


def test_without_an_id_each_request_gets_its_own(client: Client):
    first = client.get("/developers/")["X-Request-ID"]
    second = client.get("/developers/")["X-Request-ID"]
    assert HEX32.fullmatch(first) and HEX32.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "sent", ["", "two words", 'quote"d', "x" * 129, "line\rbreak", "-starts-with-a-dash", "é"]
)
def test_an_id_that_is_not_a_plain_token_is_replaced(client: Client, sent: str):
    answered = client.get("/developers/", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
    assert HEX32.fullmatch(answered)


def test_the_probes_and_errors_carry_it_too(client: Client):
    assert client.get("/health/live", HTTP_X_REQUEST_ID="probe-1")["X-Request-ID"] == "probe-1"
    assert client.get("/no-such-page/", HTTP_X_REQUEST_ID="lost-1")["X-Request-ID"] == "lost-1"


def test_every_log_line_of_the_request_carries_it_as_json(client: Client):
    """Django logs a 404 after the middlewares returned: the id is still there."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/no-such-page/", HTTP_X_REQUEST_ID="find-me-42")
        client.get("/no-such-page-either/")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "Not Found: /no-such-page/"
    assert first["request_id"] == "find-me-42"
    assert HEX32.fullmatch(second["request_id"])
    assert request_id_get() is None  # forgotten once the response is closed


def test_outside_a_request_no_id_is_added():
    record = logging.LogRecord("jalons", logging.INFO, __file__, 1, "hello", (), None)
    assert RequestIdFilter().filter(record) is True
    assert "request_id" not in json.loads(JsonFormatter().format(record))


def test_the_console_handler_adds_it():
    logging_config: dict = settings.LOGGING
    assert "request_id" in logging_config["handlers"]["console"]["filters"]
    request_filter = logging_config["filters"]["request_id"]["()"]
    assert request_filter == "config.request_id.RequestIdFilter"


def test_request_id_from():
    assert request_id_from("abc-123_x.y:z") == "abc-123_x.y:z"
    assert HEX32.fullmatch(request_id_from(None))
    assert HEX32.fullmatch(request_id_from("a b"))
