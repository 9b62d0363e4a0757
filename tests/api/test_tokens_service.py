"""services/api_tokens.py on the real database: create, list, revoke, authenticate, limits."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.api_token import ApiToken, TokenScope
from assessment.models.audit import AuditEvent
from assessment.models.types import utcnow
from assessment.services import api_tokens
from assessment.services.api_tokens import (
    TokenError,
    TokenExpired,
    TokenRefused,
    TokenRevoked,
    TokenUnknown,
    TokenUserDeactivated,
)
from assessment.services.errors import DomainError, NotFoundError
from tests.factories import make_user


def _stored(session: Session) -> list[ApiToken]:
    return list(session.scalars(sa.select(ApiToken).order_by(ApiToken.id)))


def test_create_stores_only_a_hash_and_returns_the_token_once(db_session: Session) -> None:
    user = make_user(db_session, "kim@example.com")
    token, raw = api_tokens.create(db_session, user, "  CRM   sync ", "write", 30)
    db_session.commit()
    assert raw.startswith("cra_") and len(raw) == 47
    assert token.prefix == raw[:12] and token.name == "CRM sync" and token.scope == "write"
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.expires_at is not None
    assert timedelta(days=30) - (token.expires_at - token.created_at) < timedelta(seconds=1)
    row = db_session.execute(sa.text("SELECT * FROM api_token")).mappings().one()
    assert raw not in [str(value) for value in row.values()]
    assert raw[12:] not in " ".join(str(value) for value in row.values())
    second, other_raw = api_tokens.create(db_session, user, "Reporting", "read", None)
    assert other_raw != raw and second.expires_at is None and second.scope == "read"


def test_tokens_are_letters_and_digits_only(db_session: Session) -> None:
    """No ``-`` or ``_``: a double click selects the whole token, and a prefix given without
    ``cra_`` never starts with ``-`` (the CLI would read it as an option). With the URL-safe
    alphabet, 3 of 4 tokens held one of them."""
    user = make_user(db_session, "kim@example.com")
    bodies = [api_tokens.create(db_session, user, f"T{n}", "read", None)[1][4:] for n in range(8)]
    assert all(len(body) == 43 and body.isascii() and body.isalnum() for body in bodies), bodies


def test_create_and_revoke_are_audited(db_session: Session) -> None:
    user = make_user(db_session, "kim@example.com")
    token, _raw = api_tokens.create(db_session, user, "CRM", "read", None)
    api_tokens.revoke(db_session, user, token.id)
    api_tokens.revoke(db_session, user, token.id)  # again: nothing more happens
    db_session.commit()
    events = db_session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor) for e in events] == [
        ("api_token.created", f"user:{user.id}"), ("api_token.revoked", f"user:{user.id}")]
    assert events[0].details["prefix"] == token.prefix and events[0].details["scope"] == "read"
    assert events[1].details["user"] == "kim@example.com"


def test_authenticate_returns_the_user_token_and_scope(db_session: Session) -> None:
    user = make_user(db_session, role="sales")
    token, raw = api_tokens.create(db_session, user, "CRM", "read", 7)
    db_session.commit()
    found = api_tokens.authenticate(db_session, f" {raw}\n")
    assert (found.user.id, found.token_id, found.scope) == (user.id, token.id, TokenScope.READ)
    assert found.allows(write=False) and not found.allows(write=True)


def test_allows_reading_for_both_scopes_and_writing_only_for_write() -> None:
    assert api_tokens.allows("read", write=False)
    assert api_tokens.allows("write", write=False)
    assert api_tokens.allows("write", write=True)
    assert not api_tokens.allows("read", write=True)
    assert not api_tokens.allows("admin", write=False)


@pytest.mark.parametrize("raw", ["", "Bearer", "cra_short", "cra_" + "x" * 42 + "!",
                                 "xyz_" + "a" * 43, "cra_" + "a" * 44])
def test_a_malformed_token_is_refused_as_such(db_session: Session, raw: str) -> None:
    with pytest.raises(TokenUnknown, match="malformed"):
        api_tokens.authenticate(db_session, raw)


def test_each_refusal_has_its_own_error_and_message(db_session: Session) -> None:
    user = make_user(db_session)
    now = utcnow()
    _revoked, revoked_raw = api_tokens.create(db_session, user, "Old", "read", None)
    api_tokens.revoke(db_session, user, _revoked.id, now=now)
    expiring, expiring_raw = api_tokens.create(db_session, user, "Short", "read", 1, now=now)
    _fine, fine_raw = api_tokens.create(db_session, user, "Fine", "write", None)
    db_session.commit()
    unknown = "cra_" + "A" * 43
    cases = [
        (unknown, TokenUnknown, "unknown"),
        (revoked_raw, TokenRevoked, "was revoked on"),
        (expiring_raw, TokenExpired, "expired on"),
    ]
    later = now + timedelta(days=1, seconds=1)
    for raw, error, words in cases:
        with pytest.raises(error, match=words) as refused:
            api_tokens.authenticate(db_session, raw, now=later)
        assert isinstance(refused.value, TokenRefused) and refused.value.kind == "unauthorized"
    # the expiring token still works just before its expiry
    assert api_tokens.authenticate(db_session, expiring_raw, now=now + timedelta(hours=23))
    user.active = False
    db_session.commit()
    with pytest.raises(TokenUserDeactivated, match="deactivated"):
        api_tokens.authenticate(db_session, fine_raw)
    user.active = True
    db_session.commit()
    assert api_tokens.authenticate(db_session, fine_raw).user.id == user.id
    assert api_tokens.state(expiring, later) == "expired"


def test_last_use_is_recorded_at_most_once_a_minute(db_session: Session) -> None:
    user = make_user(db_session)
    token, raw = api_tokens.create(db_session, user, "CRM", "read", None)
    db_session.commit()
    assert token.last_used_at is None
    start = utcnow()
    api_tokens.authenticate(db_session, raw, now=start)
    db_session.commit()
    db_session.refresh(token)
    assert token.last_used_at == start
    api_tokens.authenticate(db_session, raw, now=start + timedelta(seconds=30))
    assert not db_session.dirty  # within the minute: no write at all
    api_tokens.authenticate(db_session, raw, now=start + timedelta(seconds=61))
    db_session.commit()
    db_session.refresh(token)
    assert token.last_used_at is not None and token.last_used_at > start + timedelta(seconds=60)


@pytest.mark.parametrize(
    ("name", "scope", "days", "field", "words"),
    [
        ("", "read", None, "name", "Enter a name"),
        ("   ", "read", None, "name", "Enter a name"),
        ("x" * 81, "read", None, "name", "at most 80 characters"),
        ("CRM", "admin", None, "scope", "Unknown scope admin; choose read or write"),
        ("CRM", " ", None, "scope", "Choose what the token may do"),
        ("CRM", "read", 0, "expires", "1 to 365 days"),
        ("CRM", "read", 366, "expires", "366 is not possible"),
        ("CRM", "read", -5, "expires", "1 to 365 days"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    db_session: Session, name: str, scope: str, days: int | None, field: str, words: str
) -> None:
    user = make_user(db_session)
    with pytest.raises(TokenError, match=words) as refused:
        api_tokens.create(db_session, user, name, scope, days)
    assert refused.value.field == field
    assert _stored(db_session) == []


def test_the_edges_of_the_limits_are_accepted(db_session: Session) -> None:
    user = make_user(db_session)
    first, _ = api_tokens.create(db_session, user, "x" * 80, "READ", 1)
    second, _ = api_tokens.create(db_session, user, "Yearly", " write ", 365)
    assert (len(first.name), first.scope, second.scope) == (80, "read", "write")


def test_at_most_twenty_active_tokens_and_unique_active_names(db_session: Session) -> None:
    user = make_user(db_session)
    now = utcnow()
    made = [api_tokens.create(db_session, user, f"Token {n}", "read", None, now=now)[0]
            for n in range(20)]
    with pytest.raises(TokenError, match="at most 20 active API tokens"):
        api_tokens.create(db_session, user, "One more", "read", None)
    api_tokens.revoke(db_session, user, made[0].id)
    with pytest.raises(TokenError, match="already named token 1") as duplicate:
        api_tokens.create(db_session, user, "token 1", "read", None)
    assert duplicate.value.field == "name"
    replacement, _ = api_tokens.create(db_session, user, "Token 0", "read", None)
    assert replacement.name == "Token 0"  # the revoked one's name is free again
    # another user's tokens do not count
    api_tokens.create(db_session, make_user(db_session), "Token 1", "read", None)


def test_expired_tokens_do_not_count_towards_the_limit(db_session: Session) -> None:
    user = make_user(db_session)
    long_ago = utcnow() - timedelta(days=10)
    for n in range(20):
        api_tokens.create(db_session, user, f"Old {n}", "read", 1, now=long_ago)
    token, _ = api_tokens.create(db_session, user, "Old 0", "read", None)
    assert api_tokens.state(token) == "active"


def test_a_deactivated_user_gets_no_new_token(db_session: Session) -> None:
    user = make_user(db_session, "gone@example.com", active=False)
    with pytest.raises(TokenError, match=r"gone@example\.com is deactivated"):
        api_tokens.create(db_session, user, "CRM", "read", None)


def test_list_for_shows_only_the_users_own_tokens_newest_first(db_session: Session) -> None:
    user, other = make_user(db_session), make_user(db_session)
    now = utcnow()
    first, _ = api_tokens.create(db_session, user, "First", "read", None, now=now)
    second, _ = api_tokens.create(db_session, user, "Second", "read", None,
                                  now=now + timedelta(seconds=1))
    api_tokens.create(db_session, other, "Theirs", "read", None)
    assert [t.id for t in api_tokens.list_for(db_session, user)] == [second.id, first.id]


def test_only_the_owner_or_an_admin_revokes(db_session: Session) -> None:
    owner = make_user(db_session)
    other = make_user(db_session)
    sales = make_user(db_session, role="sales")
    admin = make_user(db_session, role="admin")
    token, raw = api_tokens.create(db_session, owner, "CRM", "read", None)
    for stranger in (other, sales):
        with pytest.raises(NotFoundError):
            api_tokens.revoke(db_session, stranger, token.id)
    with pytest.raises(NotFoundError):
        api_tokens.revoke(db_session, owner, token.id + 1000)
    assert token.revoked_at is None
    api_tokens.revoke(db_session, admin, token.id)
    db_session.commit()
    with pytest.raises(TokenRevoked):
        api_tokens.authenticate(db_session, raw)
    event = db_session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "api_token.revoked")).one()
    assert event.actor == f"user:{admin.id}"


def test_find_by_prefix_or_whole_token_only_among_the_users_own(db_session: Session) -> None:
    user = make_user(db_session, "kim@example.com")
    other = make_user(db_session)
    token, raw = api_tokens.create(db_session, user, "CRM", "read", None)
    assert api_tokens.find(db_session, user, token.prefix).id == token.id
    assert api_tokens.find(db_session, user, token.prefix[4:]).id == token.id
    assert api_tokens.find(db_session, user, raw).id == token.id
    with pytest.raises(NotFoundError, match=r"kim@example\.com has no API token cra_"):
        api_tokens.find(db_session, user, "cra_" + "Z" * 8)
    with pytest.raises(NotFoundError):
        api_tokens.find(db_session, other, token.prefix)
    with pytest.raises(TokenError, match="is not a token prefix") as refused:
        api_tokens.find(db_session, user, "cra_abc")
    assert isinstance(refused.value, DomainError) and refused.value.field == "token"


def test_deleting_a_user_deletes_their_tokens(db_session: Session) -> None:
    user = make_user(db_session)
    api_tokens.create(db_session, user, "CRM", "read", None)
    db_session.commit()
    db_session.execute(sa.text("DELETE FROM user_account WHERE id = :id"), {"id": user.id})
    db_session.commit()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_an_admin_sees_the_other_accounts_working_tokens(db_session: Session) -> None:
    admin = make_user(db_session, "admin@example.com", role="admin")
    ann = make_user(db_session, "ann@example.com")
    bob = make_user(db_session, "bob@example.com", role="sales")
    api_tokens.create(db_session, admin, "Own", "read", None)
    works, _ = api_tokens.create(db_session, bob, "Works", "read", None)
    also, _ = api_tokens.create(db_session, ann, "Also", "write", 30)
    gone, _ = api_tokens.create(db_session, ann, "Gone", "read", None)
    api_tokens.revoke(db_session, ann, gone.id)
    api_tokens.create(db_session, ann, "Old", "read", 1, now=utcnow() - timedelta(days=2))
    seen = api_tokens.active_of_others(db_session, admin)
    assert [(t.id, email) for t, email in seen] == [(also.id, "ann@example.com"),
                                                     (works.id, "bob@example.com")]
    for user in (ann, bob):
        with pytest.raises(DomainError) as refused:
            api_tokens.active_of_others(db_session, user)
        assert refused.value.kind == "forbidden"
