"""One unit of work per web request and per CLI command: the only place that commits.

Services only flush. A request's changes are committed when its view returns a response
below 400 and rolled back when it answers an error or raises; a view overrides that with
``keep_changes()`` (a 409 page after a save that stored the answers that did not
conflict) or ``discard_changes()`` (a refusal shown on a redirect). A CLI command runs
its work inside ``command()``.

Work that must see the committed data (enqueuing a background job) is registered with
``after_commit(callback)``: it runs once the transaction has committed, and is dropped
when it rolls back. Listeners that notice things during flushes (jobs/triggers.py,
jobs/mail_triggers.py) gather them with ``collect_after_commit``: one handler call per
commit with everything noticed, nothing after a rollback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, Response, g
from sqlalchemy.orm import Session

from assessment.extensions import db

ACTIVE = "unit_of_work"  # session.info key: the session belongs to a unit of work now
_CALLBACKS = "unit_of_work.after_commit"
_COLLECTED = "unit_of_work.collected"
log = logging.getLogger(__name__)
T = TypeVar("T")


def init_app(app: Flask) -> None:
    """Commit or roll back each request's session once its response is known."""
    app.before_request(_begin)
    app.after_request(_finish)
    app.teardown_request(_rollback_on_error)
    if not sa.event.contains(Session, "after_rollback", _drop_collected):
        sa.event.listen(Session, "after_rollback", _drop_collected)


def keep_changes() -> None:
    """Commit this request's changes even though the response is an error status."""
    g._unit_of_work = "commit"


def discard_changes() -> None:
    """Roll this request's changes back even though the response is a success."""
    g._unit_of_work = "rollback"


def after_commit(callback: Callable[[], None], session: Session | None = None) -> None:
    """Run ``callback`` once this unit of work has committed (never if it rolls back)."""
    active = session or db.session()
    active.info.setdefault(_CALLBACKS, []).append(callback)


def collect_after_commit(session: Session, key: str, items: Iterable[T],
                         handle: Callable[[list[T]], None]) -> None:
    """Gather ``items`` under ``key`` while this unit of work lasts; once it commits,
    ``handle`` gets all of them in one call. Any rollback of the session drops what was
    gathered so far (a handler may then be called with an empty list)."""
    collected: dict[str, list[Any]] = session.info.setdefault(_COLLECTED, {})
    if key not in collected:
        collected[key] = []
        after_commit(lambda: handle(session.info.get(_COLLECTED, {}).pop(key, [])), session)
    collected[key].extend(items)


def _drop_collected(session: Session) -> None:
    session.info.pop(_COLLECTED, None)


def in_progress(session: Session) -> bool:
    """Whether a request or command's unit of work owns this session now."""
    return bool(session.info.get(ACTIVE))


def _begin() -> None:
    db.session().info[ACTIVE] = True


def _finish(response: Response) -> Response:
    decision = g.pop("_unit_of_work", None)
    session = db.session()
    if decision == "rollback" or (decision is None and response.status_code >= 400):
        _rollback(session)
    else:
        _commit(session)
    return response


def _rollback_on_error(error: BaseException | None) -> None:
    if error is not None:
        _rollback(db.session())


def _commit(session: Session) -> None:
    session.commit()
    callbacks = session.info.pop(_CALLBACKS, [])
    session.info.pop(ACTIVE, None)
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the data is committed; a lost job is found again later
            log.exception("after-commit work failed")


def _rollback(session: Session) -> None:
    session.rollback()
    session.info.pop(_CALLBACKS, None)
    session.info.pop(ACTIVE, None)


@contextmanager
def command(session: Session | None = None) -> Iterator[Session]:
    """A CLI command's transaction: committed when the block ends, rolled back if it raises."""
    active = session or db.session()
    active.info[ACTIVE] = True
    try:
        yield active
    except BaseException:
        _rollback(active)
        raise
    _commit(active)
