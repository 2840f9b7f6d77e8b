"""Gunicorn's own logs as JSON lines, like the app's (config/gunicorn.conf.py uses it).

``JsonLogger`` formats gunicorn's error log with the app's ``JsonFormatter`` and writes one
access line per request with its fields apart (method, path, status, bytes, duration, the
client's and the proxy's addresses) and the request's id, read from the ``X-Request-ID`` the
app answered (config/request_id.py): the proxy's, gunicorn's and the app's lines of a request
share it.
"""

from __future__ import annotations

import datetime
from typing import Any

from gunicorn.glogging import Logger

from config.logging import JsonFormatter


class JsonLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        formatter = JsonFormatter()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)

    def access(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: datetime.timedelta
    ) -> None:
        if not self.access_log_enabled:
            return
        headers = {str(name).lower(): value for name, value in resp.headers}
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        fields = {
            "request_id": headers.get("x-request-id") or environ.get("HTTP_X_REQUEST_ID", ""),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING", ""),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", ""),
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
        }
        try:
            self.access_log.info(
                "%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields
            )
        except Exception:
            self.exception("Could not write the access log line")
