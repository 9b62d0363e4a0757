"""The portfolio page: a heat map row per client, the band spread and the frequent gaps."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def test_the_heat_map_and_the_gaps(client: FlaskClient, db_session: Session) -> None:
    me, other = make_user(db_session), make_user(db_session)
    submitted_assessment(db_session, owner=me, organisation=make_org(db_session, "Atelier"))
    submitted_assessment(db_session, owner=me, organisation=make_org(db_session, "Bakery"),
                         overrides={"leadership": {"sponsor": "yes", "budget": "agreed"}})
    submitted_assessment(db_session, owner=other, organisation=make_org(db_session, "Secret"))
    sign_in(client, me)
    html = client.get("/dashboard/portfolio").get_data(as_text=True)
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "2 clients, each with its newest scored assessment." in words
    assert "Secret" not in words
    assert re.search(r"Atelier Milestones .*? Red 36 Red 25 Amber 50 Red 45", words)
    assert re.search(r"Bakery Milestones .*? Amber 74 Green 100 Amber 50 Red 45", words)
    assert "Leadership 1 (50%) 0 (0%) 1 (50%)" in words
    assert "Low Slow answers to customers SERV-1 · Customer service 2 clients (100%)" in words
    assert "High No executive sponsor LEAD-1 · Leadership 1 client (50%)" in words


def test_no_clients_yet(client: FlaskClient, db_session: Session) -> None:
    sign_in(client, make_user(db_session))
    response = client.get("/dashboard/portfolio")
    assert "No client has a scored assessment yet." in response.get_data(as_text=True)


def test_a_bad_page_number_is_a_clear_400(client: FlaskClient, db_session: Session) -> None:
    sign_in(client, make_user(db_session))
    assert client.get("/dashboard/portfolio?page=x").status_code == 400
