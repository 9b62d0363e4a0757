"""``assessment create-token`` and ``assessment revoke-token`` on the real database."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.api_token import ApiToken
from assessment.models.audit import AuditEvent
from assessment.services import api_tokens
from assessment.services.api_tokens import TokenRevoked
from tests.conftest import AssessmentCliRunner
from tests.factories import make_user


def _tokens(session: Session) -> list[ApiToken]:
    session.expire_all()
    return list(session.scalars(sa.select(ApiToken).order_by(ApiToken.id)))


def _printed_token(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("cra_")]
    assert len(lines) == 1, output
    return lines[0]


def test_create_token_prints_it_once_and_stores_its_hash(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    user = make_user(db_session, "kim@example.com")
    result = runner.invoke(args=["create-token", "Kim@Example.com", "--scope", "write",
                                 "--name", "CRM sync", "--expires-days", "90"])
    assert result.exit_code == 0, result.output
    raw = _printed_token(result.output)
    assert "will not be shown again" in result.output
    assert "'CRM sync' for kim@example.com" in result.output and "until 20" in result.output
    [token] = _tokens(db_session)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert (token.user_id, token.name, token.scope) == (user.id, "CRM sync", "write")
    assert token.expires_at is not None
    assert abs(token.expires_at - token.created_at - timedelta(days=90)) < timedelta(seconds=1)
    assert api_tokens.authenticate(db_session, raw).user.id == user.id
    event = db_session.scalars(sa.select(AuditEvent)).one()
    assert (event.action, event.actor) == ("api_token.created", "cli")


def test_create_token_defaults_to_read_no_expiry_and_a_dated_name(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    make_user(db_session, "kim@example.com", role="sales")
    result = runner.invoke(args=["create-token", "kim@example.com"])
    assert result.exit_code == 0, result.output
    assert "no expiry" in result.output
    [token] = _tokens(db_session)
    assert token.scope == "read" and token.expires_at is None
    assert token.name.startswith("Command line 20")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.com"], "There is no account nobody@example.com."),
        (["kim@example.com", "--scope", "admin"], "Unknown scope admin; choose read or write."),
        (["kim@example.com", "--expires-days", "soon"], "'soon' is not a whole number of days"),
        (["kim@example.com", "--expires-days", "400"], "1 to 365 days, or never; 400"),
        (["kim@example.com", "--name", " "], "Enter a name for the token"),
        (["kim@example.com", "--name", "x" * 81], "at most 80 characters"),
        (["gone@example.com"], "gone@example.com is deactivated"),
    ],
)
def test_create_token_refuses_in_one_line(
    runner: AssessmentCliRunner, db_session: Session, args: list[str], message: str
) -> None:
    make_user(db_session, "kim@example.com")
    make_user(db_session, "gone@example.com", active=False)
    result = runner.invoke(args=["create-token", *args])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _tokens(db_session) == []


def test_revoke_token_by_prefix_refuses_the_token_from_then_on(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    user = make_user(db_session, "kim@example.com")
    token, raw = api_tokens.create(db_session, user, "CRM", "read", None)
    db_session.commit()
    result = runner.invoke(args=["revoke-token", "kim@example.com", token.prefix])
    assert result.exit_code == 0, result.output
    assert f"Revoked the API token {token.prefix} ('CRM') of kim@example.com" in result.output
    with pytest.raises(TokenRevoked):
        api_tokens.authenticate(db_session, raw)
    again = runner.invoke(args=["revoke-token", "kim@example.com", token.prefix[4:]])
    assert again.exit_code == 0 and "revoked already" in again.output
    actions = db_session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["api_token.created", "api_token.revoked"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.com", "cra_abcdefgh"], "There is no account nobody@example.com."),
        (["kim@example.com", "cra_abcdefgh"], "kim@example.com has no API token cra_abcdefgh."),
        (["kim@example.com", "abc"], "abc is not a token prefix"),
    ],
)
def test_revoke_token_refuses_in_one_line(
    runner: AssessmentCliRunner, db_session: Session, args: list[str], message: str
) -> None:
    kim = make_user(db_session, "kim@example.com")
    other = make_user(db_session, "other@example.com")
    api_tokens.create(db_session, kim, "Mine", "read", None)
    theirs, _raw = api_tokens.create(db_session, other, "Theirs", "read", None)
    db_session.commit()
    result = runner.invoke(args=["revoke-token", *args])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and message in result.output, result.output
    # another account's token is never found through this one
    refused = runner.invoke(args=["revoke-token", "kim@example.com", theirs.prefix])
    assert refused.exit_code == 1 and "has no API token" in refused.output
    assert all(t.revoked_at is None for t in _tokens(db_session))
