"""Background jobs: RQ on Redis when ``REDIS_URL`` is set, else a small in-process pool.

``enqueue(app, "assessment.jobs.reports.render_report", 7, "nl", "full")`` never holds the
caller: on Redis the job goes to the ``assessment`` queue with retries and a time limit
(an ``assessment worker`` runs it, each job in a forked process); without Redis one of two
background threads of this process runs it inside an app context, with the same retries.
``JOBS_EAGER`` (tests) runs it at once in the caller's thread. A job function finds its
app with ``jobs.context.job_app()`` and commits with ``unit_of_work.command()``;
``current_attempt()`` says whether a failure now is the last try.
See doc/architecture/0011-background-jobs.md.
"""

from __future__ import annotations

import contextvars
import importlib
import logging
import os
import threading
import time
from collections.abc import Sequence
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from flask import Flask

from assessment.jobs.settings import QUEUE_NAME as QUEUE_NAME
from assessment.jobs.settings import job_timeout, retry_intervals, uses_redis

IN_PROCESS_THREADS = 2
RESULT_TTL = 600  # seconds a finished job's record stays in Redis
FAILURE_TTL = 7 * 24 * 3600  # a failed one's, for `rq info` and post-mortems

log = logging.getLogger(__name__)
_attempt: contextvars.ContextVar[Attempt | None] = contextvars.ContextVar("job_attempt",
                                                                          default=None)
_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_in_flight: set[Future[Any]] = set()
_forked = False


@dataclass(frozen=True)
class Attempt:
    """Which try of a job this is, and whether another follows a failure."""

    number: int
    last: bool


def enqueue(app: Flask, function_path: str, *args: Any) -> Any:
    """Run ``function_path(*args)`` in the background; returns the RQ job or a Future."""
    config = app.config
    if config.get("JOBS_EAGER"):
        future: Future[Any] = Future()
        future.set_result(_run(app, function_path, args, Attempt(1, last=True)))
        return future
    intervals = retry_intervals(config)
    if uses_redis(config):
        from rq import Retry

        from assessment.jobs.redis_queue import queue

        return queue(app).enqueue(
            function_path, *args, job_timeout=job_timeout(config),
            retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
            meta={"max_retries": len(intervals)}, result_ttl=RESULT_TTL,
            failure_ttl=FAILURE_TTL)
    future = _thread_pool().submit(_run_with_retries, app, function_path, tuple(args),
                                   intervals)
    with _pool_lock:
        _in_flight.add(future)
    future.add_done_callback(_done)
    return future


def current_attempt() -> Attempt:
    """This job's try: from the in-process runner, else from RQ's job record."""
    attempt = _attempt.get()
    if attempt is not None:
        return attempt
    from rq import get_current_job

    job = get_current_job()
    if job is None:
        return Attempt(1, last=True)
    left = job.retries_left or 0
    return Attempt(int(job.meta.get("max_retries", 0)) - left + 1, last=left == 0)


def in_process_backlog() -> int:
    """Jobs waiting or running in this process's pool."""
    with _pool_lock:
        return len(_in_flight)


def wait_for_in_process_jobs(timeout: float = 60.0) -> None:
    """Block until the in-process pool has run everything submitted (tests, commands)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _pool_lock:
            pending = list(_in_flight)
        if not pending:
            return
        futures.wait(pending, timeout=max(deadline - time.monotonic(), 0.01))
    raise TimeoutError(f"background jobs still running after {timeout:g} s")


def _done(future: Future[Any]) -> None:
    with _pool_lock:
        _in_flight.discard(future)


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=IN_PROCESS_THREADS,
                                       thread_name_prefix="assessment-job")
        return _pool


def _run_with_retries(app: Flask, function_path: str, args: tuple[Any, ...],
                      intervals: Sequence[int]) -> Any:
    for number in range(1, len(intervals) + 2):
        last = number > len(intervals)
        try:
            return _run(app, function_path, args, Attempt(number, last), reraise=True)
        except Exception:
            if last:
                log.exception("job %s%r failed after %d tries", function_path, args, number)
                return None
            log.warning("job %s%r failed (try %d); retrying in %d s", function_path, args,
                        number, intervals[number - 1], exc_info=True)
            time.sleep(intervals[number - 1])
    return None


def _run(app: Flask, function_path: str, args: tuple[Any, ...], attempt: Attempt,
         reraise: bool = False) -> Any:
    module_name, _, name = function_path.rpartition(".")
    function = getattr(importlib.import_module(module_name), name)
    token = _attempt.set(attempt)
    try:
        with app.app_context():
            return function(*args)
    except Exception:
        if reraise:
            raise
        log.exception("job %s%r failed", function_path, args)
        return None
    finally:
        _attempt.reset(token)


def _mark_forked() -> None:
    global _forked, _pool
    _forked = True
    _pool = None  # the parent's threads do not exist in the child
    _in_flight.clear()


def after_fork(app: Flask) -> None:
    """In a process forked since the last job (RQ's work horse, a gunicorn worker): a
    connection pool of its own, and in a work horse the memory limit. Once per fork."""
    global _forked
    if not _forked:
        return
    from rq import get_current_job

    from assessment.extensions import db

    _forked = False
    db.engine.dispose(close=False)  # the parent's connections stay the parent's
    if get_current_job() is not None:  # an RQ work horse, not a web worker's thread
        limit_memory(int(app.config.get("REPORT_MEMORY_LIMIT_MB") or 0))


def limit_memory(megabytes: int) -> bool:
    """Cap this process's address space (``RLIMIT_AS``); False where that is impossible."""
    if megabytes <= 0:
        return False
    try:
        import resource

        limit = megabytes * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        log.warning("could not limit the job's memory to %d MB", megabytes)
        return False
    return True


os.register_at_fork(after_in_child=_mark_forked)
