"""The database commands, a contract: init-db, invite, list --json, demo --no-serve."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment import migrations
from assessment.app import create_app
from assessment.cli.db import display_url
from assessment.extensions import db
from assessment.models import Assessment, Invitation, Organisation, User
from assessment.services import answers, invitations, shares
from tests.conftest import TEST_SECRET_KEY, AssessmentCliRunner
from tests.factories import (
    WEBTEST_BACK_OFFICE,
    WEBTEST_BANK,
    WEBTEST_CONFIG,
    WEBTEST_PROFILE,
    WEBTEST_WAREHOUSE,
    make_user,
)

URL_LINE = re.compile(r"^http://localhost/i/[A-Za-z0-9_-]{43}$")


@pytest.fixture
def app_config() -> dict[str, Any]:
    return WEBTEST_CONFIG


@pytest.fixture
def fresh_app(empty_database: dict[str, Any]) -> Iterator[Flask]:
    """The app on an empty database: nothing migrated yet."""
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY,
                      "BASE_URL": "http://localhost", **WEBTEST_CONFIG, **empty_database})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def row_counts(app: Flask) -> dict[str, int]:
    """Rows in every table of the database (whatever the models say)."""
    with app.app_context():
        names = sa.inspect(db.engine).get_table_names()
        return {
            name: db.session.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) or 0
            for name in names
        }


def invite(runner: AssessmentCliRunner, *args: str) -> str:
    """Run ``assessment invite`` successfully and return the URL on its last line."""
    result = runner.invoke(args=["invite", *args])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


# --- init-db ------------------------------------------------------------------------------


def test_init_db_creates_the_schema_and_loads_the_bank(fresh_app: Flask) -> None:
    result = AssessmentCliRunner(fresh_app).invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    head = migrations.heads()[0]
    assert f"upgraded from an empty database to revision {head}" in result.output
    assert "Question bank: webtest 1.0.0 (rules 1.0.0, 2 areas, 7 questions)" in result.output
    with fresh_app.app_context():
        assert migrations.current_revision(db.engine) == head


def test_init_db_twice_changes_nothing(fresh_app: Flask) -> None:
    runner = AssessmentCliRunner(fresh_app)
    assert runner.invoke(args=["init-db"]).exit_code == 0
    before = row_counts(fresh_app)
    second = runner.invoke(args=["init-db"])
    assert second.exit_code == 0, second.output
    assert "already at revision" in second.output
    assert row_counts(fresh_app) == before


def test_init_db_on_a_migrated_database(runner: AssessmentCliRunner) -> None:
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0 and "nothing to do" in result.output


def test_printed_database_urls_hide_the_password() -> None:
    shown = display_url("postgresql+psycopg://app:s3cret@db.internal:5432/assessment")
    assert shown == "postgresql+psycopg://app:***@db.internal:5432/assessment"


def test_init_db_reports_a_broken_bank_with_file_and_line(
    app: Flask, tmp_path: Path
) -> None:
    broken = tmp_path / "bank" / "webtest"
    broken.mkdir(parents=True)
    for path in (WEBTEST_BANK / "webtest").rglob("*"):
        target = broken / path.relative_to(WEBTEST_BANK / "webtest")
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    section = broken / "sections" / "warehouse.yaml"
    section.write_text(section.read_text(encoding="utf-8").replace("type: percentage",
                                                                   "type: percentile"))
    app.config["QUESTIONS_DIR"] = tmp_path / "bank"
    result = AssessmentCliRunner(app).invoke(args=["init-db"])
    assert result.exit_code == 1
    assert re.search(r"sections/warehouse\.yaml:\d+: .*percentile", result.output)
    assert "The question bank does not load" in result.output


# --- invite -------------------------------------------------------------------------------


def test_invite_prints_the_url_last_and_creates_what_is_needed(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    url = invite(runner, "--org", "Acme Retail", "--respondent", "Eva Jansen, CTO",
                 "--areas", "back_office", "--language", "nl")
    assert URL_LINE.match(url), url
    invitation = invitations.resolve(db_session, token_of(url))
    assert invitation.areas == ["back_office"] and invitation.language == "nl"
    assert (invitation.respondent_name, invitation.respondent_role) == ("Eva Jansen", "CTO")
    assessment = invitation.assessment
    assert assessment.organisation.name == "Acme Retail"
    assert (assessment.questionnaire_id, assessment.questionnaire_version) == ("webtest", "1.0.0")
    assert assessment.language == "nl"


def test_invite_reuses_the_organisation_and_its_open_assessment(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    first = invite(runner, "--org", "Acme Retail", "--areas", "warehouse")
    second = invite(runner, "--org", "  acme   retail ", "--areas", "back_office")
    one = invitations.resolve(db_session, token_of(first))
    two = invitations.resolve(db_session, token_of(second))
    assert one.assessment_id == two.assessment_id
    assert db_session.scalar(sa.select(sa.func.count(Organisation.id))) == 1
    assert db_session.scalar(sa.select(sa.func.count(Assessment.id))) == 1


def test_invite_for_all_areas_by_default(runner: AssessmentCliRunner, db_session: Session) -> None:
    url = invite(runner, "--org", "Small Shop")
    assert invitations.resolve(db_session, token_of(url)).areas is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--areas", "warehouse,attic"], "Unknown area(s) attic"),
        (["--language", "de"], "Unknown language 'de'"),
        (["--ttl-days", "0"], "Expiry of 0 days"),
    ],
)
def test_invite_refuses_bad_input_and_stores_nothing(
    runner: AssessmentCliRunner, db_session: Session, args: list[str], message: str
) -> None:
    result = runner.invoke(args=["invite", "--org", "Acme Retail", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert db_session.scalar(sa.select(sa.func.count(Organisation.id))) == 0
    assert db_session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_invite_can_mark_one_lead_respondent(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    url = invite(runner, "--org", "Acme Retail", "--respondent", "Lena, CEO", "--lead")
    assert invitations.resolve(db_session, token_of(url)).lead
    assert invitations.resolve(db_session, token_of(invite(runner, "--org", "Acme Retail"))
                               ).lead is False
    result = runner.invoke(args=["invite", "--org", "Acme Retail", "--lead"])
    assert result.exit_code == 1
    assert "already has a lead respondent: Lena (CEO)" in result.output
    assert db_session.scalar(sa.select(sa.func.count(Invitation.id))) == 2


def test_invite_with_an_owner_makes_that_consultant_the_owner(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    make_user(db_session, "lead@example.com")
    url = invite(runner, "--org", "Acme Retail", "--owner", "Lead@Example.com")
    assessment_id = invitations.resolve(db_session, token_of(url)).assessment_id
    members = shares.members(db_session, assessment_id)
    assert [(m.email, m.kind) for m in members] == [("lead@example.com", "owner")]


@pytest.mark.parametrize(
    ("owner", "message"),
    [("nobody@example.com", "There is no user"), ("sales@example.com", "Only active consultants")],
)
def test_invite_with_a_wrong_owner_stores_nothing(
    runner: AssessmentCliRunner, db_session: Session, owner: str, message: str
) -> None:
    make_user(db_session, "sales@example.com", role="sales")
    result = runner.invoke(args=["invite", "--org", "Acme Retail", "--owner", owner])
    assert result.exit_code == 1 and message in result.output
    assert db_session.scalar(sa.select(sa.func.count(Organisation.id))) == 0
    assert db_session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_invite_requires_an_organisation(runner: AssessmentCliRunner) -> None:
    result = runner.invoke(args=["invite"])
    assert result.exit_code == 2 and "--org" in result.output


# --- list ---------------------------------------------------------------------------------


def test_list_json_is_empty_without_assessments(runner: AssessmentCliRunner) -> None:
    result = runner.invoke(args=["list", "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_list_json_shape(runner: AssessmentCliRunner, db_session: Session) -> None:
    complete_url = invite(runner, "--org", "Done BV")
    invite(runner, "--org", "Started BV", "--areas", "warehouse")
    invitation = invitations.resolve(db_session, token_of(complete_url))
    for section, values in (("profile", WEBTEST_PROFILE), ("back_office", WEBTEST_BACK_OFFICE),
                            ("warehouse", WEBTEST_WAREHOUSE)):
        answers.save_section(db_session, invitation, section, values, {})
    answers.submit(db_session, invitation)

    result = runner.invoke(args=["list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [set(row) for row in rows] == [{"id", "organisation", "status", "progress",
                                           "overall_band"}] * 2
    done, started = rows
    assert done == {"id": invitation.assessment_id, "organisation": "Done BV",
                    "status": "submitted", "progress": 1.0,
                    "overall_band": invitation.assessment.overall_band}
    assert done["overall_band"] in {"red", "amber", "green"}
    assert (started["organisation"], started["status"], started["progress"],
            started["overall_band"]) == ("Started BV", "invited", 0.0, None)


def test_list_without_json_is_readable(runner: AssessmentCliRunner) -> None:
    invite(runner, "--org", "Readable BV")
    result = runner.invoke(args=["list"])
    assert result.exit_code == 0
    assert re.search(r"^\s+1\s+Readable BV\s+invited\s+0%\s+-$", result.output, re.M)


# --- demo ---------------------------------------------------------------------------------


def test_demo_no_serve_prints_a_login_and_links(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    login = re.search(r"Consultant login: consultant@example\.com / (\S+)", result.output)
    assert login is not None
    links = re.findall(r"^  (http://localhost/i/\S+)$", result.output, re.M)
    assert len(links) == 3
    scopes = [invitations.resolve(db_session, token_of(u)).areas for u in links]
    assert scopes[0] is None and all(s is not None for s in scopes[1:])
    user = db_session.scalars(sa.select(User)).one()
    from argon2 import PasswordHasher

    assert PasswordHasher().verify(user.password_hash, login.group(1))
    assert user.role == "consultant" and user.active


def test_demo_twice_reuses_the_organisation_and_prints_fresh_links(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    first = runner.invoke(args=["demo", "--no-serve"])
    second = runner.invoke(args=["demo", "--no-serve"])
    assert second.exit_code == 0, second.output
    assert "password unchanged" in second.output
    assert "/ " not in second.output.split("Consultant login:")[1].splitlines()[0]
    old = re.findall(r"^  (http://\S+)$", first.output, re.M)
    new = re.findall(r"^  (http://\S+)$", second.output, re.M)
    assert len(new) == 3 and not set(old) & set(new)
    assert db_session.scalar(sa.select(sa.func.count(Organisation.id))) == 1
    assert db_session.scalar(sa.select(sa.func.count(Assessment.id))) == 1
    for url in old:
        with pytest.raises(invitations.InvitationError, match="revoked"):
            invitations.resolve(db_session, token_of(url))


def test_demo_reset_password_prints_a_new_working_one(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    runner.invoke(args=["demo", "--no-serve"])
    result = runner.invoke(args=["demo", "--no-serve", "--reset-password"])
    login = re.search(r"consultant@example\.com / (\S+)", result.output)
    assert login is not None
    from argon2 import PasswordHasher

    user = db_session.scalars(sa.select(User)).one()
    db_session.refresh(user)
    assert PasswordHasher().verify(user.password_hash, login.group(1))


def test_demo_refuses_production(runner: AssessmentCliRunner, app: Flask) -> None:
    app.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 1 and "does not run in production" in result.output


def test_demo_serves_on_localhost_with_debug_off(
    runner: AssessmentCliRunner, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --no-serve the demo starts werkzeug's server (app.run is a no-op under the
    flask CLI); the server call is captured instead of blocking the test."""
    served: dict[str, Any] = {}

    def fake_run_simple(host: str, port: int, application: Any, **options: Any) -> None:
        from flask import current_app

        served.update(host=host, port=port, app=application, options=options,
                      in_app_context=bool(current_app))

    monkeypatch.setattr("assessment.cli.db.run_simple", fake_run_simple)
    app.config["BASE_URL"] = "http://127.0.0.1:5000"
    result = runner.invoke(args=["demo", "--port", "5099"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"], served["app"]) == ("127.0.0.1", 5099, app)
    assert served["options"]["use_debugger"] is False
    assert served["options"]["use_reloader"] is False
    assert served["in_app_context"] is False
    assert "http://127.0.0.1:5099/i/" in result.output  # links follow --port
    assert "Serving on http://127.0.0.1:5099/" in result.output
