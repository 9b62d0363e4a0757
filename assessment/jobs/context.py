"""The app a job runs in: the running one's, else one built from the environment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context

from assessment import jobs


@contextmanager
def job_app() -> Iterator[Flask]:
    """A fresh app context for a job: the running app's, else one built from the environment.

    A new context means a session of its own, never the caller's. In a process forked for
    the job (RQ's work horse), the inherited database connections are dropped first and
    the address-space limit applies (``REPORT_MEMORY_LIMIT_MB``).
    """
    if has_app_context():
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    else:  # `rq worker` started by hand: build the app as the web process does
        from assessment.app import create_app

        app = create_app()
    with app.app_context():
        jobs.after_fork(app)
        yield app
