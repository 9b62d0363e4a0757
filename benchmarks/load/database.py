"""The load suite's database side: a scratch PostgreSQL database, its seed, and the
integrity check afterwards. Runs in ``run.py``'s own process (never under gevent).

Seeding goes through the product's services (organisations, assessments, shares,
invitations, users, answers), as the ``demo`` command does: nothing is written around them.
Each respondent answers their own assessment, so the check can hold every stored answer
against what the server acknowledged to that respondent.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ACTOR = "load-test"
FIXTURE = "mature_enterprise"  # a complete, realistic answer set of the bank


@contextmanager
def scratch_database(name: str, admin_url: str = ADMIN_URL, *,
                     synchronous_commit: bool = True) -> Iterator[str]:
    """Create database ``name`` on the local server, yield its URL, drop it afterwards.

    ``synchronous_commit=False`` sets it off for this database only: a commit returns
    before its WAL reaches the disk (a crash could lose the last commits; nothing else
    changes), so a run on a machine whose disk is busy with other work measures the
    product rather than that disk's fsync latency."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        if not synchronous_commit:
            connection.execute(sa.text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Seed:
    """What the load clients need: links, the consultant's sign-in, assessments to open."""

    invitations: list[dict[str, Any]]  # {"token", "invitation_id", "assessment_id"}
    consultant_email: str
    consultant_password: str
    scored: list[int]  # assessments whose report can be requested (submitted, scored)
    answers: dict[str, Any]  # question id -> value a respondent gives (the fixture's)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def seed(app: Any, invitations: int, scored: int) -> Seed:
    """Migrate, then create a consultant, ``invitations`` open assessments with one link
    each, and ``scored`` submitted and scored assessments (for report requests)."""
    from assessment import migrations, unit_of_work
    from assessment.engine.fixtures import FIXTURES_DIR, load_fixture
    from assessment.extensions import db
    from assessment.models.user import Role
    from assessment.services import (
        answers,
        assessments,
        bank,
        organisations,
        shares,
        users,
    )
    from assessment.services import (
        invitations as links,
    )

    with app.app_context():
        migrations.upgrade(db.engine)
        questionnaire = bank.latest()
        data = load_fixture(questionnaire.path / FIXTURES_DIR / f"{FIXTURE}.yaml")
        password = secrets.token_urlsafe(18)
        email = f"load-consultant-{secrets.token_hex(4)}@example.com"
        seeded: list[dict[str, Any]] = []
        done: list[int] = []
        with unit_of_work.command() as session:
            consultant = users.create_user(session, email=email, password=password,
                                           role=Role.CONSULTANT.value, actor=ACTOR)
            for number in range(invitations + scored):
                organisation = organisations.get_or_create(
                    session, f"Load test client {number + 1}", actor=ACTOR)
                assessment = assessments.start(session, organisation, actor=ACTOR,
                                               language=questionnaire.languages[0])
                shares.grant(session, assessment, consultant, owner=True, actor=ACTOR)
                invitation, token = links.create(session, assessment, ttl_days=1,
                                                 respondent_name=f"Respondent {number + 1}",
                                                 actor=ACTOR)
                if number < invitations:
                    seeded.append({"token": token, "invitation_id": invitation.id,
                                   "assessment_id": assessment.id})
                    continue
                for section in questionnaire.sections:
                    page = {q.id: data.answers[q.id] for q in section.questions
                            if q.id in data.answers}
                    if page:
                        answers.save_section(session, invitation, section.id, page, {})
                answers.submit(session, invitation)
                done.append(assessment.id)
        return Seed(seeded, email, password, done, dict(data.answers))


@dataclass
class Integrity:
    """The check after a run: what the database holds against what clients were told."""

    acknowledged_answers: int = 0
    missing_or_different: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    thank_you_pages: int = 0
    not_submitted: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing_or_different or self.duplicates or self.not_submitted)


def check(database_url: str, acknowledged: Mapping[str, Mapping[str, Any]],
          thanked: list[int], by_invitation: Mapping[int, int]) -> Integrity:
    """``acknowledged``: invitation id (as text) -> question id -> the value last saved with a
    302 (what the server confirmed); ``thanked``: invitation ids that reached the thank-you
    page; ``by_invitation``: invitation id -> its assessment id."""
    result = Integrity()
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        for assessment_id, question_id, count in connection.execute(sa.text(
                "SELECT assessment_id, question_id, count(*) FROM answer "
                "GROUP BY assessment_id, question_id HAVING count(*) > 1")):
            result.duplicates.append(f"assessment {assessment_id} {question_id}: {count} rows")
        stored: dict[int, dict[str, Any]] = {}
        for assessment_id, question_id, value in connection.execute(sa.text(
                "SELECT assessment_id, question_id, value FROM answer")):
            stored.setdefault(assessment_id, {})[question_id] = value
        for invitation_id, saved in acknowledged.items():
            have = stored.get(by_invitation[int(invitation_id)], {})
            for question_id, value in saved.items():
                result.acknowledged_answers += 1
                if not _same(have.get(question_id), value):
                    result.missing_or_different.append(
                        f"invitation {invitation_id} {question_id}: acknowledged {value!r}, "
                        f"stored {have.get(question_id)!r}")
        rows = connection.execute(sa.text(
            "SELECT i.id, i.submitted_at, a.status, a.scored_at, a.result IS NOT NULL "
            "FROM invitation i JOIN assessment a ON a.id = i.assessment_id "
            "WHERE i.id = ANY(:ids)"), {"ids": list(thanked)}).all()
        found = {row[0]: row for row in rows}
        for thanked_id in thanked:
            result.thank_you_pages += 1
            row = found.get(thanked_id)
            if (row is None or row[1] is None or row[2] in ("invited", "in_progress")
                    or row[3] is None or not row[4]):
                result.not_submitted.append(f"invitation {thanked_id}: {row}")
    engine.dispose()
    return result


def _same(stored: Any, acknowledged: Any) -> bool:
    """A stored JSON value against the posted form value (text, or a list of texts)."""
    if acknowledged is None:
        return stored is None
    if isinstance(acknowledged, list):
        return isinstance(stored, list) and sorted(map(str, stored)) == sorted(acknowledged)
    return (stored is not None and str(stored).lower() == str(acknowledged).lower()) or (
        _number(stored) is not None and _number(stored) == _number(acknowledged))


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
