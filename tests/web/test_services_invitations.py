"""Invitations: token entropy, hashed at rest, expiry, revocation, unknown tokens, areas,
languages, and the audit trail."""

from __future__ import annotations

import base64
import hashlib
import math
import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment.blueprints.questionnaire import security
from assessment.extensions import db
from assessment.models import AuditEvent, Invitation, Status
from assessment.models.types import utcnow
from assessment.services import invitations
from assessment.services.invitations import InvitationError, InvitationSetupError
from tests.factories import WEBTEST_CONFIG, days_ago, make_assessment, make_invitation


@pytest.fixture
def app_config() -> dict[str, Any]:
    return WEBTEST_CONFIG


def test_token_has_256_bits_and_is_url_safe(db_session: Session) -> None:
    _, token = invitations.create(db_session, make_assessment(db_session))
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) * 8 == 256
    assert token.replace("-", "").replace("_", "").isalnum()


def test_tokens_are_distinct_and_look_random() -> None:
    tokens = [invitations.new_token() for _ in range(200)]
    assert len(set(tokens)) == len(tokens)
    # Shannon entropy per character of a base64url alphabet is at most 6 bits; random
    # tokens come close. A constant or counter-like token would be far below.
    counts = Counter("".join(tokens))
    total = sum(counts.values())
    entropy = -sum(n / total * math.log2(n / total) for n in counts.values())
    assert entropy > 5.9


def test_only_the_sha256_of_the_token_is_stored(db_session: Session) -> None:
    invitation, token = invitations.create(db_session, make_assessment(db_session))
    stored = db_session.execute(sa.select(Invitation.__table__)).one()._mapping
    assert token not in {str(v) for v in stored.values()}
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_resolve_finds_the_invitation(db_session: Session) -> None:
    invitation, token = make_invitation(db_session)
    assert invitations.resolve(db_session, token).id == invitation.id


@pytest.mark.parametrize("token", ["", "nope", "x" * 43, "../../etc/passwd", "ä" * 10])
def test_unknown_token(db_session: Session, token: str) -> None:
    make_invitation(db_session)
    with pytest.raises(InvitationError) as raised:
        invitations.resolve(db_session, token)
    assert raised.value.reason == "unknown"


def test_a_token_differing_in_one_character_is_unknown(db_session: Session) -> None:
    _, token = make_invitation(db_session)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(InvitationError, match="unknown"):
        invitations.resolve(db_session, altered)


def test_expired_token(db_session: Session) -> None:
    _, token = make_invitation(db_session, expires_at=days_ago(1))
    with pytest.raises(InvitationError) as raised:
        invitations.resolve(db_session, token)
    assert raised.value.reason == "expired"


def test_expiry_follows_the_ttl(db_session: Session) -> None:
    invitation, token = invitations.create(db_session, make_assessment(db_session), ttl_days=2)
    expected = utcnow() + timedelta(days=2)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60
    assert invitations.resolve(db_session, token, now=utcnow() + timedelta(days=1)).id
    with pytest.raises(InvitationError, match="expired"):
        invitations.resolve(db_session, token, now=utcnow() + timedelta(days=2, minutes=1))


def test_the_ttl_comes_in_as_an_argument_with_a_default(db_session: Session, app: Any) -> None:
    """The service reads no configuration: entry points pass INVITATION_TTL_DAYS."""
    app.config["INVITATION_TTL_DAYS"] = 7
    invitation, _ = invitations.create(db_session, make_assessment(db_session))
    assert timedelta(days=29) < invitation.expires_at - utcnow() <= timedelta(
        days=invitations.DEFAULT_TTL_DAYS)
    invitation, _ = invitations.create(db_session, make_assessment(db_session), ttl_days=7)
    assert timedelta(days=6) < invitation.expires_at - utcnow() <= timedelta(days=7)


@pytest.mark.parametrize("ttl", [0, -1, 366])
def test_unreasonable_ttl_is_refused(db_session: Session, ttl: int) -> None:
    with pytest.raises(InvitationSetupError, match="Expiry"):
        invitations.create(db_session, make_assessment(db_session), ttl_days=ttl)


def test_revoked_token(db_session: Session) -> None:
    invitation, token = make_invitation(db_session)
    invitations.revoke(db_session, invitation, actor="user:1")
    with pytest.raises(InvitationError) as raised:
        invitations.resolve(db_session, token)
    assert raised.value.reason == "revoked"
    with pytest.raises(InvitationError, match="revoked"):
        invitations.get_active(db_session, invitation.id)


def test_revocation_is_audited_once(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    invitations.revoke(db_session, invitation, actor="user:1")
    invitations.revoke(db_session, invitation, actor="user:1")
    actions = db_session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.action == "invitation.revoked")
    ).all()
    assert actions == ["invitation.revoked"]


def test_get_active_rechecks_an_invitation_kept_in_a_session(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    assert invitations.get_active(db_session, invitation.id).id == invitation.id
    with pytest.raises(InvitationError, match="unknown"):
        invitations.get_active(db_session, invitation.id + 1000)
    invitation.expires_at = days_ago(0.01)
    db_session.commit()
    with pytest.raises(InvitationError, match="expired"):
        invitations.get_active(db_session, invitation.id)


def test_exchange_notes_the_first_visit_once(db_session: Session) -> None:
    invitation, token = make_invitation(db_session)
    assert invitation.first_used_at is None
    invitations.exchange(db_session, token)
    first = invitation.first_used_at
    assert first is not None
    invitations.exchange(db_session, token)
    assert invitation.first_used_at == first
    assert invitation.last_used_at is not None and invitation.last_used_at >= first
    opened = db_session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "invitation.opened")
    ).all()
    assert [e.actor for e in opened] == [f"invitation:{invitation.id}"]


def test_areas_are_validated_against_the_questionnaire(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    with pytest.raises(InvitationSetupError, match=r"Unknown area\(s\) dungeon"):
        invitations.create(db_session, assessment, areas=["warehouse", "dungeon"])
    with pytest.raises(InvitationSetupError, match="No areas given"):
        invitations.create(db_session, assessment, areas=[" "])
    assert db_session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_areas_are_kept_in_questionnaire_order_and_all_areas_is_null(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    scoped, _ = invitations.create(db_session, assessment, areas=["warehouse"])
    every, _ = invitations.create(db_session, assessment, areas=["warehouse", "back_office"])
    assert scoped.areas == ["warehouse"]
    assert every.areas is None
    assert scoped.covers("warehouse") and scoped.covers("profile")
    assert not scoped.covers("back_office")


def test_language_defaults_to_the_assessment_and_is_validated(db_session: Session) -> None:
    assessment = make_assessment(db_session, language="nl")
    invitation, _ = invitations.create(db_session, assessment)
    assert invitation.language == "nl"
    with pytest.raises(InvitationSetupError, match="Unknown language 'de'"):
        invitations.create(db_session, assessment, language="de")


def test_a_closed_assessment_takes_no_new_invitations(db_session: Session) -> None:
    assessment = make_assessment(db_session, status=Status.SUBMITTED)
    with pytest.raises(InvitationSetupError, match="is submitted"):
        invitations.create(db_session, assessment)


def test_creation_is_audited_without_the_token(db_session: Session) -> None:
    invitation, token = invitations.create(
        db_session, make_assessment(db_session), areas=["warehouse"],
        respondent_name="  Joost   Bakker ", respondent_role="Warehouse lead", actor="cli",
    )
    assert invitation.respondent_label == "Joost Bakker (Warehouse lead)"
    event = db_session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "invitation.created")
    ).one()
    assert event.actor == "cli"
    assert event.assessment_id == invitation.assessment_id
    assert event.details["areas"] == ["warehouse"]
    assert token not in str(event.details)


def test_invitation_url() -> None:
    assert invitations.invitation_url("http://x.test/", "abc") == "http://x.test/i/abc"


def test_failed_token_lookups_are_rate_limited_per_address(
    app: Flask, db_session: Session
) -> None:
    """The decorator the exchange view uses: failures count, valid visits do not."""
    app.config["INVITE_RATELIMIT"] = "3 per minute"

    def probe(token: str) -> tuple[str, int]:
        try:
            invitations.exchange(db.session(), token)
        except InvitationError as error:
            return error.reason, 404
        return "ok", 200

    # The limiter is process-wide and keys route limits by view name: one name per app.
    probe.__name__ = f"probe_{uuid.uuid4().hex}"
    app.add_url_rule("/probe/<token>", view_func=security.rate_limited_exchange(probe))
    _, token = make_invitation(db_session)
    client = app.test_client()
    here, elsewhere = {"REMOTE_ADDR": "203.0.113.7"}, {"REMOTE_ADDR": "198.51.100.9"}
    for _ in range(5):  # a respondent reopening their link is never counted
        assert client.get(f"/probe/{token}", environ_base=here).status_code == 200
    for guess in range(3):
        assert client.get(f"/probe/guess{guess}", environ_base=here).status_code == 404
    assert client.get("/probe/guess4", environ_base=here).status_code == 429
    assert client.get(f"/probe/{token}", environ_base=here).status_code == 429
    # another address is not affected
    assert client.get(f"/probe/{token}", environ_base=elsewhere).status_code == 200


def test_the_exchange_limit_has_a_safe_default(app: Flask) -> None:
    with app.app_context():
        assert security.exchange_rate_limit() == security.DEFAULT_EXCHANGE_LIMIT
        app.config["INVITE_RATELIMIT"] = "5 per hour"
        assert security.exchange_rate_limit() == "5 per hour"
