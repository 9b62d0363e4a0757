"""Login and logout: the form contract, no enumeration, local redirects only, real logout,
idle and absolute timeouts, cookie flags."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import AuditEvent, User
from assessment.services import users
from tests.dashboard.conftest import DASHBOARD_CONFIG, login, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user

WRONG = "The email address or password is incorrect."


def test_anonymous_dashboard_visit_redirects_to_login_with_local_next(client: FlaskClient) -> None:
    response = client.get("/dashboard/?status=approved")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert "%2Fdashboard%2F%3Fstatus%3Dapproved" in response.headers["Location"]


def test_login_form_has_fields_named_email_and_password(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="email"', page)
    assert re.search(
        r'<input[^>]*name="password"[^>]*type="password"|<input[^>]*type="password"[^>]*name="password"',
        page,
    )
    assert 'name="csrf_token"' in page


def test_login_with_right_password_opens_the_dashboard(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, "Consultant@Example.com")
    response = login(client, "  CONSULTANT@example.com ")
    assert response.status_code == 303
    assert response.headers["Location"] == "/dashboard/attention"  # a consultant's landing page
    assert client.get("/dashboard/").status_code == 200
    db_session.refresh(user)
    assert user.last_login_at is not None


@pytest.mark.parametrize("case", ["wrong password", "unknown email", "deactivated"])
def test_failed_login_says_the_same_whatever_went_wrong(
    client: FlaskClient, db_session: Session, case: str
) -> None:
    make_user(db_session, "known@example.com")
    make_user(db_session, "gone@example.com", active=False)
    email, password = {
        "wrong password": ("known@example.com", "not the password at all"),
        "unknown email": ("nobody@example.com", DEFAULT_PASSWORD),
        "deactivated": ("gone@example.com", DEFAULT_PASSWORD),
    }[case]
    response = login(client, email, password)
    assert response.status_code == 200
    assert WRONG in response.get_data(as_text=True)
    assert client.get("/dashboard/").status_code == 302


def test_unknown_email_still_verifies_a_password_hash(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Equal work for unknown and known accounts: no timing oracle for enumeration."""
    make_user(db_session, "known@example.com")
    calls: list[str] = []
    real_verify = users._verify

    def spy(hash_: str, password: str) -> bool:
        calls.append(hash_)
        return real_verify(hash_, password)

    monkeypatch.setattr(users, "_verify", spy)
    assert users.authenticate(db_session, "nobody@example.com", "whatever-password") is None
    assert users.authenticate(db_session, "known@example.com", "whatever-password") is None
    assert len(calls) == 2
    assert calls[0] == users._dummy_hash() and calls[1] != calls[0]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/dashboard/users", "/dashboard/users"),
        ("/dashboard/?q=a&page=2", "/dashboard/?q=a&page=2"),
        ("//evil.example/", "/dashboard/attention"),
        ("https://evil.example/", "/dashboard/attention"),
        ("http:evil.example", "/dashboard/attention"),
        ("/\\evil.example", "/dashboard/attention"),
        ("\\\\evil.example", "/dashboard/attention"),
        ("javascript:alert(1)", "/dashboard/attention"),
        ("/\tdashboard", "/dashboard/attention"),
        ("dashboard", "/dashboard/attention"),
    ],
)
def test_login_follows_only_local_next(
    client: FlaskClient, db_session: Session, target: str, expected: str
) -> None:
    make_user(db_session, "c@example.com")
    response = login(client, "c@example.com", data={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_next_in_query_string_is_carried_through_the_form(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "c@example.com")
    page = client.get("/login?next=/dashboard/users").get_data(as_text=True)
    assert 'id="next" name="next" type="hidden" value="/dashboard/users"' in page
    evil = client.get("/login?next=//evil.example").get_data(as_text=True)
    assert 'id="next" name="next" type="hidden" value=""' in evil


def test_logout_ends_the_session_on_the_server(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session, "c@example.com")
    login(client, "c@example.com")
    stolen = client.get_cookie("session")
    assert stolen is not None
    response = client.post("/logout")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    db_session.refresh(user)
    assert user.session_version == 2
    # Replaying the cookie captured while signed in no longer opens the dashboard.
    client.set_cookie("session", stolen.value)
    replay = client.get("/dashboard/")
    assert replay.status_code == 302
    assert replay.headers["Location"].startswith("/login")


def test_logout_needs_post(client: FlaskClient, db_session: Session) -> None:
    make_user(db_session, "c@example.com")
    login(client, "c@example.com")
    assert client.get("/logout").status_code == 405
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize("change", ["role", "deactivate", "password"])
def test_changing_an_account_ends_its_open_sessions(
    client: FlaskClient, db_session: Session, change: str
) -> None:
    admin = make_user(db_session, "admin@example.com", role="admin")
    user = make_user(db_session, "c@example.com")
    sign_in(client, user)
    assert client.get("/dashboard/").status_code == 200
    if change == "role":
        users.set_role(db_session, user.id, "sales", actor=admin)
    elif change == "deactivate":
        users.set_active(db_session, user.id, False, actor=admin)
    else:
        users.set_password(db_session, user, "a brand new passphrase", actor="cli")
    db_session.commit()
    assert client.get("/dashboard/").status_code == 302


def _age_session(client: FlaskClient, **keys: int) -> None:
    with client.session_transaction() as session:
        for key, seconds_ago in keys.items():
            session[key] = int(time.time()) - seconds_ago


def test_idle_session_expires(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session, "c@example.com")
    sign_in(client, user)
    _age_session(client, _seen=1800 + 5)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your session expired; please sign in again." in page


def test_activity_keeps_the_session_alive(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session, "c@example.com")
    sign_in(client, user)
    _age_session(client, _seen=1800 - 60)
    assert client.get("/dashboard/").status_code == 200
    with client.session_transaction() as session:
        assert int(time.time()) - session["_seen"] < 5


def test_session_ends_after_its_absolute_lifetime_even_when_active(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, "c@example.com")
    sign_in(client, user)
    _age_session(client, _seen=10, _login_at=28800 + 5)
    assert client.get("/dashboard/").status_code == 302


def test_session_without_timestamps_is_refused(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session, "c@example.com")
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{user.session_version}"
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.parametrize("token", ["abc", "1", "1:x", ":1", "1:2:3"])
def test_malformed_session_user_is_anonymous(client: FlaskClient, token: str) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session.update({"_user_id": token, "_seen": now, "_login_at": now})
    assert client.get("/dashboard/").status_code == 302


def test_login_is_audited(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session, "c@example.com")
    login(client, "c@example.com")
    events = db_session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "user.login")
    ).all()
    assert [e.actor for e in events] == [f"user:{user.id}"]


def _session_cookie_header(client: FlaskClient, db_session: Session) -> str:
    make_user(db_session, "c@example.com")
    response = login(client, "c@example.com")
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_session_cookie_is_httponly_and_samesite_lax(
    client: FlaskClient, db_session: Session
) -> None:
    cookie = _session_cookie_header(client, db_session)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # served over plain HTTP in this test


class TestOverHttps:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {**DASHBOARD_CONFIG, "BASE_URL": "https://assess.example.com"}

    def test_session_cookie_is_secure(self, client: FlaskClient, db_session: Session) -> None:
        cookie = _session_cookie_header(client, db_session)
        assert "Secure" in cookie


def test_user_loader_refuses_stale_version(db_session: Session, app: Any) -> None:
    from assessment.blueprints.auth.login_manager import load_user

    user = make_user(db_session, "c@example.com")
    assert load_user(f"{user.id}:{user.session_version}") is not None
    assert load_user(f"{user.id}:{user.session_version + 1}") is None
    assert load_user(f"{user.id + 1000}:1") is None
    inactive: User = make_user(db_session, "x@example.com", active=False)
    assert load_user(f"{inactive.id}:{inactive.session_version}") is None


def test_login_and_logout_leave_the_client_flows_keys_alone(
    client: FlaskClient, db_session: Session
) -> None:
    """The cookie is shared with the questionnaire: a consultant testing a link keeps it."""
    make_user(db_session, "c@example.com")
    with client.session_transaction() as session:
        session["respondent_invitation"] = 7
        session["language"] = "nl"
    login(client, "c@example.com")
    client.post("/logout")
    with client.session_transaction() as session:
        assert session.get("respondent_invitation") == 7
        assert session.get("language") == "nl"
        assert "_user_id" not in session


def test_session_cookie_ends_with_the_browser(client: FlaskClient, db_session: Session) -> None:
    cookie = _session_cookie_header(client, db_session)
    assert "Expires=" not in cookie and "Max-Age=" not in cookie


@pytest.mark.parametrize("path", ["/login", "/dashboard/", "/dashboard/users"])
def test_pages_cannot_be_framed_or_cached(
    client: FlaskClient, db_session: Session, path: str
) -> None:
    if path != "/login":
        sign_in(client, make_user(db_session, role="admin"))
    response = client.get(path)
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
