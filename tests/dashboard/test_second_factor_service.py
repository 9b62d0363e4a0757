"""The second-factor service: enrol, confirm, wrong and replayed codes, recovery codes, removal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import User
from assessment.models.recovery_code import RecoveryCode
from assessment.models.security_event import SecurityEvent
from assessment.services import second_factor
from assessment.services.errors import ForbiddenError
from assessment.services.second_factor import SecondFactorError
from tests.factories import DEFAULT_PASSWORD, make_user

NOW = datetime(2026, 12, 2, 12, 0, 0, tzinfo=UTC)


def _code(user: User, at: datetime = NOW) -> str:
    assert user.second_factor_secret
    return pyotp.TOTP(user.second_factor_secret).at(at)


def _kinds(session: Session) -> list[str]:
    return list(session.scalars(sa.select(SecurityEvent.kind).order_by(SecurityEvent.id)))


def _enrolled(session: Session, role: str = "consultant") -> tuple[User, list[str]]:
    user = make_user(session, role=role)
    second_factor.begin(session, user)
    codes = second_factor.confirm(session, user, _code(user), at=NOW)
    return user, codes


def test_begin_gives_a_secret_and_an_otpauth_uri_named_after_the_product(
    db_session: Session,
) -> None:
    user = make_user(db_session, "ann@example.com")
    enrolment = second_factor.begin(db_session, user)
    assert len(enrolment.secret) == 32
    assert enrolment.uri.startswith("otpauth://totp/Commerce%20readiness:ann%40example.com?")
    assert "issuer=Commerce%20readiness" in enrolment.uri
    assert not second_factor.is_enrolled(user)
    assert second_factor.pending(user) == enrolment


def test_confirm_turns_it_on_and_hands_out_ten_recovery_codes_stored_hashed(
    db_session: Session,
) -> None:
    user, codes = _enrolled(db_session)
    assert second_factor.is_enrolled(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db_session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    assert not {c.replace("-", "") for c in codes} & set(stored)
    assert _kinds(db_session) == ["second_factor_enrolled"]
    assert second_factor.status(db_session, user).recovery_codes_left == 10


def test_a_wrong_code_does_not_confirm_and_is_logged(db_session: Session) -> None:
    user = make_user(db_session)
    second_factor.begin(db_session, user)
    wrong = _code(user, NOW + timedelta(minutes=5))
    with pytest.raises(SecondFactorError) as refused:
        second_factor.confirm(db_session, user, wrong, at=NOW)
    assert refused.value.field == "code"
    assert not second_factor.is_enrolled(user)
    assert _kinds(db_session) == ["second_factor_failed"]


def test_a_code_of_the_step_before_or_after_is_accepted(db_session: Session) -> None:
    user, _codes = _enrolled(db_session)
    later = NOW + timedelta(minutes=2)
    assert second_factor.verify(db_session, user, _code(user, later - timedelta(seconds=30)),
                                at=later) is False
    assert second_factor.verify(db_session, user, _code(user, later + timedelta(seconds=30)),
                                at=later) is False


def test_the_same_code_is_refused_a_second_time(db_session: Session) -> None:
    user, _codes = _enrolled(db_session)
    later = NOW + timedelta(minutes=2)
    second_factor.verify(db_session, user, _code(user, later), at=later)
    with pytest.raises(SecondFactorError):
        second_factor.verify(db_session, user, _code(user, later), at=later)
    # ... and so is the code used at enrolment, even within its window.
    user2, _ = _enrolled(db_session)
    with pytest.raises(SecondFactorError):
        second_factor.verify(db_session, user2, _code(user2), at=NOW)


def test_a_recovery_code_works_once_only(db_session: Session) -> None:
    user, codes = _enrolled(db_session)
    assert second_factor.verify(db_session, user, codes[3].upper(), at=NOW) is True
    with pytest.raises(SecondFactorError):
        second_factor.verify(db_session, user, codes[3], at=NOW)
    assert second_factor.recovery_codes_left(db_session, user) == 9
    assert _kinds(db_session)[-2:] == ["recovery_code_used", "second_factor_failed"]


def test_required_for_admins_always_and_for_all_staff_by_configuration(
    db_session: Session,
) -> None:
    admin = make_user(db_session, role="admin")
    consultant = make_user(db_session)
    sales = make_user(db_session, role="sales")
    assert second_factor.required_for(admin, {})
    assert not second_factor.required_for(consultant, {"REQUIRE_SECOND_FACTOR": False})
    assert second_factor.required_for(consultant, {"REQUIRE_SECOND_FACTOR": True})
    assert second_factor.required_for(sales, {"REQUIRE_SECOND_FACTOR": True})


def test_begin_is_refused_once_enrolled(db_session: Session) -> None:
    user, _codes = _enrolled(db_session)
    with pytest.raises(SecondFactorError):
        second_factor.begin(db_session, user)


def test_the_user_removes_it_with_the_password_only(db_session: Session) -> None:
    user, _codes = _enrolled(db_session)
    with pytest.raises(SecondFactorError):
        second_factor.remove(db_session, user, actor=user, password="not the password")
    assert second_factor.is_enrolled(user)
    version = user.session_version
    second_factor.remove(db_session, user, actor=user, password=DEFAULT_PASSWORD)
    assert not second_factor.is_enrolled(user) and user.second_factor_secret is None
    assert db_session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0
    assert user.session_version == version
    assert _kinds(db_session)[-1] == "second_factor_removed"


def test_an_admin_removes_it_and_ends_the_users_sessions_others_may_not(
    db_session: Session,
) -> None:
    user, _codes = _enrolled(db_session)
    colleague = make_user(db_session)
    with pytest.raises(ForbiddenError):
        second_factor.remove(db_session, user, actor=colleague)
    admin = make_user(db_session, role="admin")
    version = user.session_version
    second_factor.remove(db_session, user, actor=admin)
    assert not second_factor.is_enrolled(user)
    assert user.session_version == version + 1
    event = db_session.scalars(sa.select(SecurityEvent).order_by(SecurityEvent.id.desc())).first()
    assert event is not None and (event.kind, event.actor_id) == ("second_factor_removed", admin.id)


def test_no_event_holds_the_secret_or_a_code(db_session: Session) -> None:
    user, codes = _enrolled(db_session)
    second_factor.verify(db_session, user, codes[0], at=NOW)
    assert user.second_factor_secret
    for event in db_session.scalars(sa.select(SecurityEvent)):
        text = repr(event.details)
        assert user.second_factor_secret not in text
        assert not any(c in text for c in codes)
