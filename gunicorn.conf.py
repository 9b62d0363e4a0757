"""gunicorn settings from the environment: ``gunicorn -c gunicorn.conf.py assessment.wsgi:app``.

Sync workers (one request at a time per process): a request is CPU-bound (templates, the
ORM), so threads only add contention under the GIL; measured in issue 12, gthread doubled
to quadrupled the time in the worker. Slow work (PDF reports) runs in ``assessment worker``.

| variable | default | meaning |
|---|---|---|
| ``BIND`` | ``127.0.0.1:8000`` | address (``host:port`` or ``unix:/run/assessment/web.sock``) |
| ``WEB_CONCURRENCY`` | 2 × cores + 1, at most 8 | worker processes |
| ``GUNICORN_WORKER_CLASS`` | ``sync`` | or ``gthread`` (then ``GUNICORN_THREADS``) |
| ``GUNICORN_THREADS`` | 1 | threads per worker (gthread only) |
| ``GUNICORN_TIMEOUT`` | 30 | seconds a worker may spend on one request before it is restarted |
| ``GUNICORN_GRACEFUL_TIMEOUT`` | 30 | seconds a restarting worker may finish its requests |
| ``GUNICORN_KEEPALIVE`` | 5 | seconds an idle connection from the proxy stays open |
| ``GUNICORN_MAX_REQUESTS`` | 2000 | a worker is replaced after this many requests (0: never) |
| ``GUNICORN_MAX_REQUESTS_JITTER`` | 200 | random extra, so workers are not replaced together |
| ``ACCESS_LOG`` | unset (off) | ``-`` for standard output; the app logs each request itself |
| ``FORWARDED_ALLOW_IPS`` | ``127.0.0.1``; ``*`` when ``TRUSTED_PROXIES`` > 0 | proxies trusted |
"""

from __future__ import annotations

import multiprocessing
import os

MAX_DEFAULT_WORKERS = 8


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        message = f"gunicorn.conf.py: {name} must be a whole number, not {value!r}"
        raise SystemExit(message) from None


def default_workers() -> int:
    """2 × cores + 1 (gunicorn's advice for sync workers), capped for small shared hosts."""
    return min(2 * multiprocessing.cpu_count() + 1, MAX_DEFAULT_WORKERS)


bind = [os.environ.get("BIND", "127.0.0.1:8000")]
workers = _int("WEB_CONCURRENCY", default_workers())
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The app writes one line per request itself (request id, redacted path, duration:
# assessment/web/logs.py). gunicorn's access log, when turned on, has invitation tokens
# cut out of its lines by the same filter.
accesslog = os.environ.get("ACCESS_LOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%({x-request-id}o)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The app reads X-Forwarded-* through ProxyFix (TRUSTED_PROXIES); gunicorn itself only
# for wsgi.url_scheme, from the proxies allowed here.
forwarded_allow_ips = os.environ.get(
    "FORWARDED_ALLOW_IPS", "*" if _int("TRUSTED_PROXIES", 0) > 0 else "127.0.0.1")
if os.environ.get("LOG_FORMAT") == "json":
    # gunicorn's own lines (start, worker restarts, timeouts) as JSON too, like the app's.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "assessment.web.logs.JsonFormatter"}},
        "handlers": {
            "error_console": {"class": "logging.StreamHandler", "formatter": "json",
                              "stream": "ext://sys.stderr"},
            "console": {"class": "logging.StreamHandler", "formatter": "json",
                        "stream": "ext://sys.stdout"},
        },
        # The app's records reach the root logger's handler that assessment.wsgi installs;
        # none here, or each would be written twice.
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"],
                               "propagate": False, "qualname": "gunicorn.error"},
            # Access lines only when ACCESS_LOG asks for them (the app logs each request).
            "gunicorn.access": {"level": "INFO", "handlers": ["console"] if accesslog else [],
                                "propagate": False, "qualname": "gunicorn.access"},
        },
    }
proc_name = "assessment"
# Each worker builds its own app (and database pool) after the fork.
preload_app = False
