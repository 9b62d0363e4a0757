"""Dashboard test helpers: the cast of users, an owned assessment, signing in, SQL counting."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Assessment, User
from assessment.models.share import AssessmentShare
from tests.factories import (
    DEFAULT_PASSWORD,
    WEBTEST_CONFIG,
    answer,
    make_assessment,
    make_org,
    make_user,
)

DASHBOARD_CONFIG: dict[str, Any] = {**WEBTEST_CONFIG, "WTF_CSRF_ENABLED": False}


@pytest.fixture
def app_config() -> dict[str, Any]:
    """The webtest questionnaire; CSRF off (tests/dashboard/test_csrf.py turns it on)."""
    return DASHBOARD_CONFIG


@dataclass
class Cast:
    """The users every access test needs and the assessment they are tested against."""

    owner: User
    collaborator: User
    other: User
    sales: User
    admin: User
    assessment: Assessment


def own(session: Session, assessment: Assessment, user: User, kind: str = "owner") -> None:
    """Give a consultant access to an assessment (owner by default)."""
    session.add(AssessmentShare(assessment_id=assessment.id, user_id=user.id, kind=kind))
    session.commit()


@pytest.fixture
def cast(db_session: Session) -> Cast:
    """Owner, collaborator (shared), another consultant, sales and admin; one assessment."""
    people = {
        name: make_user(db_session, f"{name}@example.com", role=role)
        for name, role in [
            ("owner", "consultant"),
            ("collaborator", "consultant"),
            ("other", "consultant"),
            ("sales", "sales"),
            ("admin", "admin"),
        ]
    }
    assessment = make_assessment(db_session, make_org(db_session, "Owned Retail BV"))
    own(db_session, assessment, people["owner"])
    own(db_session, assessment, people["collaborator"], kind="shared")
    answer(db_session, assessment, "org_size", "large")
    return Cast(**people, assessment=assessment)


def sign_in(client: FlaskClient, user: User) -> None:
    """Put a valid login for the user in the client's session cookie (no form, no hashing)."""
    now = int(time.time())
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{user.session_version}"
        session["_fresh"] = True
        session["_seen"] = now
        session["_login_at"] = now


def login(client: FlaskClient, email: str, password: str = DEFAULT_PASSWORD, **kwargs: Any) -> Any:
    """Submit the login form as a browser would."""
    data = {"email": email, "password": password, **kwargs.pop("data", {})}
    return client.post("/login", data=data, **kwargs)


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """Collect the SQL statements the app's engine runs inside the block."""
    from assessment.extensions import db

    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def seed(
    session: Session,
    count: int,
    *,
    owner: User | None = None,
    prefix: str = "Org",
    **values: Any,
) -> list[Assessment]:
    """``count`` assessments of new organisations in one commit, optionally owned by a user.

    ``values`` set columns on every assessment; a callable value is called with the index.
    """
    from assessment.models import Organisation
    from assessment.services import bank

    questionnaire = bank.latest()
    made = []
    for index in range(count):
        assessment = Assessment(
            organisation=Organisation(name=f"{prefix} {index:04d}"),
            status="invited",
            language="en",
            progress=0.0,
        )
        bank.pin(assessment, questionnaire)
        for name, value in values.items():
            setattr(assessment, name, value(index) if callable(value) else value)
        session.add(assessment)
        made.append(assessment)
    session.flush()
    if owner is not None:
        session.add_all(
            AssessmentShare(assessment_id=a.id, user_id=owner.id, kind="owner") for a in made
        )
    session.commit()
    return made
