"""(admin) user management: list, create, change role, deactivate, reactivate."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import AuditEvent, User
from assessment.services import users
from tests.dashboard.conftest import login, sign_in
from tests.factories import make_user

PASSPHRASE = "a long enough passphrase"


def new_user(client: FlaskClient, **fields: str) -> object:
    data = {
        "email": "new@example.com",
        "role": "consultant",
        "password": PASSPHRASE,
        "confirm": PASSPHRASE,
        **fields,
    }
    return client.post("/dashboard/users/new", data=data)


def test_admin_sees_every_account(client: FlaskClient, db_session: Session) -> None:
    admin = make_user(db_session, "admin@example.com", role="admin")
    make_user(db_session, "zed@example.com", role="sales", active=False)
    make_user(db_session, "amy@example.com")
    sign_in(client, admin)
    page = client.get("/dashboard/users").get_data(as_text=True)
    assert (
        page.index("admin@example.com")
        < page.index("amy@example.com")
        < page.index("zed@example.com")
    )
    assert "Deactivated" in page and "Reactivate" in page


def test_admin_creates_an_account_that_can_sign_in(
    client: FlaskClient, db_session: Session
) -> None:
    sign_in(client, make_user(db_session, role="admin"))
    response = new_user(client, email="New.Person@Example.com", role="sales")
    assert response.status_code == 303
    created = db_session.scalar(sa.select(User).where(User.email == "new.person@example.com"))
    assert created is not None and created.role == "sales" and created.active
    assert created.password_hash.startswith("$argon2id$")
    client.post("/logout")
    assert login(client, "new.person@example.com", PASSPHRASE).status_code == 303


def test_create_refuses_bad_input_with_the_reason(client: FlaskClient, db_session: Session) -> None:
    sign_in(client, make_user(db_session, "admin@example.com", role="admin"))
    cases = [
        ({"email": "not-an-email"}, "not-an-email is not a valid email address."),
        ({"email": "ADMIN@example.com"}, "A user with the email admin@example.com already exists."),
        (
            {"password": "short", "confirm": "short"},
            "The password must have at least 12 characters.",
        ),
        ({"confirm": "something else entirely"}, "The passwords are not the same."),
        (
            {"password": "new@example.com", "confirm": "new@example.com"},
            "The password must not be the email address.",
        ),
        ({"role": "root"}, "Not a valid choice"),
    ]
    for fields, message in cases:
        response = new_user(client, **fields)
        assert response.status_code == 422, fields
        assert message in response.get_data(as_text=True), fields
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_change_role_applies_at_once(client: FlaskClient, db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    target = make_user(db_session)
    sign_in(client, admin)
    response = client.post(f"/dashboard/users/{target.id}/role", data={"role": "sales"})
    assert response.status_code == 303
    db_session.refresh(target)
    assert target.role == "sales" and target.session_version == 2
    event = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.role_changed"))
    assert event is not None
    assert event.details == {"user": target.email, "from": "consultant", "to": "sales"}
    assert event.actor == f"user:{admin.id}"


def test_an_admin_cannot_demote_or_deactivate_themselves(
    client: FlaskClient, db_session: Session
) -> None:
    admin = make_user(db_session, role="admin")
    sign_in(client, admin)
    client.post(f"/dashboard/users/{admin.id}/role", data={"role": "consultant"})
    page = client.get("/dashboard/users").get_data(as_text=True)
    assert "You cannot remove your own admin role." in page
    client.post(f"/dashboard/users/{admin.id}/active", data={})
    page = client.get("/dashboard/users").get_data(as_text=True)
    assert "You cannot deactivate your own account." in page
    db_session.refresh(admin)
    assert admin.role == "admin" and admin.active


def test_deactivate_then_reactivate(client: FlaskClient, db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    target = make_user(db_session, "target@example.com")
    sign_in(client, admin)
    assert client.post(f"/dashboard/users/{target.id}/active", data={}).status_code == 303
    db_session.refresh(target)
    assert not target.active
    assert (
        users.authenticate(db_session, "target@example.com", "correct horse battery staple") is None
    )
    client.post(f"/dashboard/users/{target.id}/active", data={"active": "y"})
    db_session.refresh(target)
    assert target.active


def test_unknown_user_is_404(client: FlaskClient, db_session: Session) -> None:
    sign_in(client, make_user(db_session, role="admin"))
    assert client.post("/dashboard/users/9999/role", data={"role": "sales"}).status_code == 404


def test_bad_role_value_is_400(client: FlaskClient, db_session: Session) -> None:
    sign_in(client, make_user(db_session, role="admin"))
    target = make_user(db_session)
    assert (
        client.post(f"/dashboard/users/{target.id}/role", data={"role": "god"}).status_code == 400
    )
    db_session.refresh(target)
    assert target.role == "consultant"


def test_users_link_only_in_the_admins_menu(client: FlaskClient, db_session: Session) -> None:
    sign_in(client, make_user(db_session, role="consultant"))
    assert 'href="/dashboard/users"' not in client.get("/dashboard/").get_data(as_text=True)
    sign_in(client, make_user(db_session, role="admin"))
    assert 'href="/dashboard/users"' in client.get("/dashboard/").get_data(as_text=True)
