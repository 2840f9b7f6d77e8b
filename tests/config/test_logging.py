import json
import logging

from config.logging import JsonFormatter


def test_json_formatter_writes_one_object_with_extras():
    record = logging.LogRecord(
        "jalons.test", logging.WARNING, __file__, 1, "hello %s", ("you",), None
    )
    record.user_id = 42
    line = JsonFormatter().format(record)
    payload = json.loads(line)
    assert payload["message"] == "hello you"
    assert payload["level"] == "warning"
    assert payload["logger"] == "jalons.test"
    assert payload["user_id"] == 42
    assert "\n" not in line


def test_json_formatter_includes_the_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    payload = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in payload["exception"]
