"""``/`` sends each kind of visitor to where they work."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.dashboard.conftest import sign_in
from tests.factories import make_invitation, make_user


def test_anyone_else_is_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/login")


@pytest.mark.parametrize("role", ["consultant", "admin"])
def test_consultants_and_admins_land_on_the_attention_queue(
    client: FlaskClient, db_session: Session, role: str
) -> None:
    sign_in(client, make_user(db_session, role=role))
    response = client.get("/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/dashboard/attention")
    assert client.get("/dashboard/attention").status_code == 200


def test_sales_land_on_a_sales_page_not_the_queue(
    client: FlaskClient, db_session: Session
) -> None:
    sign_in(client, make_user(db_session, role="sales"))
    response = client.get("/")
    assert response.status_code == 303
    landing = response.headers["Location"]
    assert "/dashboard/" in landing and "attention" not in landing
    assert client.get(landing).status_code == 200
    assert client.get("/dashboard/attention").status_code == 403


def test_a_respondent_with_a_session_goes_to_the_questionnaire(
    client: FlaskClient, db_session: Session
) -> None:
    _invitation, token = make_invitation(db_session, areas=["warehouse"])
    assert client.get(f"/i/{token}").status_code in (302, 303)
    response = client.get("/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/a/")


def test_a_revoked_respondent_session_goes_to_sign_in(
    client: FlaskClient, db_session: Session
) -> None:
    invitation, token = make_invitation(db_session, areas=["warehouse"])
    client.get(f"/i/{token}")
    invitation.session_version += 1  # the session was ended elsewhere
    db_session.commit()
    assert client.get("/").headers["Location"].endswith("/login")
