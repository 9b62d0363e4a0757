"""Request ids and structured logs.

Every request gets an id: the ``X-Request-Id`` a proxy sent when it looks like one (letters,
digits and ``._:-``, at most 128 characters), else a new one; it is returned in the
response's ``X-Request-Id`` and carried by every log record of the request. After each
request one line goes to the ``assessment.request`` logger: method, path, status,
duration and the client's address (after ProxyFix). Under gunicorn (``assessment.wsgi``)
every record goes to standard error: ``LOG_FORMAT=json`` one JSON object per line,
``text`` (default) a plain line.

Paths are logged with their secrets cut out: an invitation ``/i/<token>`` and a
password-reset link become ``…/[redacted]``; the same filter guards the development
server's and gunicorn's access lines.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-Id"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_SECRET_PATHS = re.compile(r"(/i/|/password-reset/)[^/?#\s\"]+")
REDACTED = r"\1[redacted]"
REQUEST_LOGGER = "assessment.request"
# Loggers that write request lines of their own (development server, gunicorn's access log).
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "remote_addr")


def redact(text: str) -> str:
    """``text`` with invitation and password-reset tokens replaced by ``[redacted]``."""
    return _SECRET_PATHS.sub(REDACTED, text)


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    return getattr(g, "request_id", None) if has_request_context() else None


class RedactTokens(logging.Filter):
    """Rewrites a record whose message holds a token-bearing path."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class RequestContext(logging.Filter):
    """Puts the request id (``-`` outside a request) on every record for the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the request's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for field in _FIELDS:
            value = getattr(record, field, None)
            if value not in (None, "-"):
                entry[field] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def init_app(app: Flask) -> None:
    """Request ids and the per-request log line (where it goes: :func:`configure`)."""
    app.before_request(_start)
    app.after_request(_finish)
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())


def configure(json_format: bool, stream: TextIO | None = None) -> None:
    """Send every record at INFO and above to ``stream`` (standard error), in the chosen format.

    Called by the server entry point (``assessment.wsgi``), not the app factory: command-line
    commands keep their output free of log lines.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_assessment", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._assessment = True  # type: ignore[attr-defined]
    handler.addFilter(RequestContext())
    handler.addFilter(RedactTokens())
    handler.setFormatter(JsonFormatter() if json_format else logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def _start() -> None:
    g.request_started = time.perf_counter()
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = offered if _SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def _finish(response: Response) -> Response:
    started = getattr(g, "request_started", None)
    identifier = getattr(g, "request_id", None) or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = identifier
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    path = redact(request.path)
    logging.getLogger(REQUEST_LOGGER).info(
        "%s %s %s", request.method, path, response.status_code,
        extra={"request_id": identifier, "method": request.method, "path": path,
               "status": response.status_code, "duration_ms": duration,
               "remote_addr": request.remote_addr},
    )
    return response
