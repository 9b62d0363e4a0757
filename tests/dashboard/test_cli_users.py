"""``assessment create-user`` and ``assessment share``."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import User
from assessment.models.share import AssessmentShare
from assessment.services import users
from tests.dashboard.conftest import seed
from tests.factories import make_user

PASSPHRASE = "a long enough passphrase"


def test_create_user_reads_the_password_from_stdin(runner, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=["create-user", "Ann@Example.com", "--role", "admin", "--password-stdin"],
        input=PASSPHRASE + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin ann@example.com" in result.output
    assert PASSPHRASE not in result.output
    user = users.authenticate(db_session, "ann@example.com", PASSPHRASE)
    assert user is not None and user.role == "admin"


def test_create_user_prompts_twice_without_echo(runner, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=["create-user", "bob@example.com", "--role", "sales"],
        input=f"{PASSPHRASE}\n{PASSPHRASE}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat the password:" in result.output
    assert PASSPHRASE not in result.output
    assert users.authenticate(db_session, "bob@example.com", PASSPHRASE) is not None


def test_create_user_refuses_clearly(runner, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    make_user(db_session, "taken@example.com")
    cases = [
        (["taken@example.com", "--role", "sales"], PASSPHRASE, "already exists"),
        (["x@example.com", "--role", "sales"], "short", "at least 12 characters"),
        (["nope", "--role", "sales"], PASSPHRASE, "nope is not a valid email address"),
        (["x@example.com", "--role", "root"], PASSPHRASE, "Invalid value for '--role'"),
        (["x@example.com", "--role", "sales"], "", "standard input held no password"),
    ]
    for args, password, message in cases:
        result = runner.invoke(
            args=["create-user", *args, "--password-stdin"], input=password + "\n"
        )
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_share_command_makes_an_owner_and_shares(runner, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    first = make_user(db_session, "first@example.com")
    second = make_user(db_session, "second@example.com")
    [assessment] = seed(db_session, 1)
    result = runner.invoke(args=["share", str(assessment.id), "first@example.com", "--owner"])
    assert result.exit_code == 0, result.output
    assert f"first@example.com is now owner of assessment {assessment.id}." in result.output
    result = runner.invoke(args=["share", str(assessment.id), "SECOND@example.com"])
    assert result.exit_code == 0, result.output
    kinds = dict(
        db_session.execute(
            sa.select(AssessmentShare.user_id, AssessmentShare.kind).where(
                AssessmentShare.assessment_id == assessment.id
            )
        ).all()
    )
    assert kinds == {first.id: "owner", second.id: "shared"}


def test_share_command_refuses_clearly(runner, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    make_user(db_session, "sales@example.com", role="sales")
    [assessment] = seed(db_session, 1)
    for args, message in [
        (["999", "sales@example.com"], "There is no assessment with id 999."),
        (
            [str(assessment.id), "ghost@example.com"],
            "There is no user with the email ghost@example.com.",
        ),
        (
            [str(assessment.id), "sales@example.com"],
            "Only active consultants can work on an assessment.",
        ),
    ]:
        result = runner.invoke(args=["share", *args])
        assert result.exit_code == 1, args
        assert message in result.output
