"""Admin-issued one-time reset links: only a hash stored, expiry, single use, sessions end."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import PasswordResetToken, SecurityEvent
from assessment.models.types import utcnow
from assessment.services import password_reset
from tests.dashboard.conftest import login, sign_in
from tests.factories import make_user

NEW = "vivid otter grammar ounce"


def _issue_on_the_page(client: FlaskClient, user_id: int) -> str:
    response = client.post(f"/dashboard/users/{user_id}/password-reset")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    found = re.search(r'value="(http://localhost/password-reset/[^"]+)"', page)
    assert found is not None
    return found.group(1).removeprefix("http://localhost")


def test_admin_issues_a_link_that_works_once_and_ends_every_session(
    app, client: FlaskClient, db_session: Session  # type: ignore[no-untyped-def]
) -> None:
    admin = make_user(db_session, "admin@example.com", role="admin")
    target = make_user(db_session, "ann@example.com")
    victim_browser = app.test_client()
    sign_in(victim_browser, target)
    sign_in(client, admin)
    path = _issue_on_the_page(client, target.id)
    token = path.rsplit("/", 1)[1]
    stored = db_session.scalars(sa.select(PasswordResetToken.token_hash)).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    client.post("/logout")
    g.pop("_login_user", None)
    assert "ann@example.com" in client.get(path).get_data(as_text=True)
    weak = client.post(path, data={"password": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"})
    assert weak.status_code == 422
    assert "repeated character" in weak.get_data(as_text=True)
    done = client.post(path, data={"password": NEW, "confirm": NEW})
    assert done.status_code == 303 and done.headers["Location"] == "/login"
    assert client.get(path).status_code == 404
    assert client.post(path, data={"password": NEW + "x", "confirm": NEW + "x"}).status_code == 404
    g.pop("_login_user", None)
    assert victim_browser.get("/dashboard/").status_code == 302
    assert login(client, "ann@example.com", NEW).status_code == 303
    db_session.expire_all()
    kinds = set(db_session.scalars(sa.select(SecurityEvent.kind)))
    assert {"password_reset_issued", "password_reset_used"} <= kinds


def test_expired_unknown_and_superseded_links_do_not_work(
    client: FlaskClient, db_session: Session
) -> None:
    target = make_user(db_session, "ann@example.com")
    old = password_reset.issue(db_session, target, actor=None,
                               now=utcnow() - timedelta(hours=25))
    db_session.commit()
    assert client.get(f"/password-reset/{old.token}").status_code == 404
    first = password_reset.issue(db_session, target, actor=None)
    second = password_reset.issue(db_session, target, actor=None)
    db_session.commit()
    assert client.get(f"/password-reset/{first.token}").status_code == 404
    assert client.get(f"/password-reset/{second.token}").status_code == 200
    assert client.get("/password-reset/not-a-token").status_code == 404


def test_only_admins_issue_links(client: FlaskClient, db_session: Session) -> None:
    target = make_user(db_session, "ann@example.com")
    sign_in(client, make_user(db_session, "c@example.com"))
    assert client.post(f"/dashboard/users/{target.id}/password-reset").status_code == 403
    assert db_session.scalar(sa.select(sa.func.count()).select_from(PasswordResetToken)) == 0


def test_cli_prints_a_working_link(
    runner, client: FlaskClient, db_session: Session  # type: ignore[no-untyped-def]
) -> None:
    make_user(db_session, "ann@example.com")
    result = runner.invoke(args=["reset-password", "Ann@Example.com"])
    assert result.exit_code == 0, result.output
    found = re.search(r"http://localhost(/password-reset/\S+)", result.output)
    assert found is not None
    assert client.get(found.group(1)).status_code == 200
    unknown = runner.invoke(args=["reset-password", "nobody@example.com"])
    assert unknown.exit_code != 0 and "no active account" in unknown.output
