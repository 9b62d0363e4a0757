"""One unit of work per web request and per CLI command: the only place that commits.

Services only flush. A request's changes are committed when its view returns a response
below 400 and rolled back when it answers an error or raises; a view overrides that with
``keep_changes()`` (a 409 page after a save that stored the answers that did not
conflict) or ``discard_changes()`` (a refusal shown on a redirect). A CLI command runs
its work inside ``command()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, g
from sqlalchemy.orm import Session

from assessment.extensions import db


def init_app(app: Flask) -> None:
    """Commit or roll back each request's session once its response is known."""
    app.after_request(_finish)
    app.teardown_request(_rollback_on_error)


def keep_changes() -> None:
    """Commit this request's changes even though the response is an error status."""
    g._unit_of_work = "commit"


def discard_changes() -> None:
    """Roll this request's changes back even though the response is a success."""
    g._unit_of_work = "rollback"


def _finish(response: Response) -> Response:
    decision = g.pop("_unit_of_work", None)
    session = db.session()
    if decision == "rollback" or (decision is None and response.status_code >= 400):
        session.rollback()
    else:
        session.commit()
    return response


def _rollback_on_error(error: BaseException | None) -> None:
    if error is not None:
        db.session().rollback()


@contextmanager
def command(session: Session | None = None) -> Iterator[Session]:
    """A CLI command's transaction: committed when the block ends, rolled back if it raises."""
    active = session or db.session()
    try:
        yield active
    except BaseException:
        active.rollback()
        raise
    active.commit()
