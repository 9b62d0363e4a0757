"""The portfolio: each client once (its newest scored assessment), only what the user may
see, area bands as a heat map, the band spread, and the most frequent gaps after dismissals."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from assessment.services import overrides, portfolio
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_assessment, make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def test_each_client_counts_once_through_its_newest_scored_assessment(
    db_session: Session,
) -> None:
    me = make_user(db_session)
    shop = make_org(db_session, "Shop BV")
    submitted_assessment(db_session, owner=me, organisation=shop)
    newer = submitted_assessment(db_session, owner=me, organisation=shop,
                                 overrides={"leadership": {"sponsor": "yes"}}).assessment
    make_assessment(db_session, shop)  # started, not scored: not in the portfolio
    other = submitted_assessment(db_session, owner=me, organisation=make_org(db_session, "Atelier"))

    built = portfolio.build(db_session, me, language="en")

    assert built.clients == 2
    assert [(r.organisation, r.assessment_id) for r in built.rows] == [
        ("Atelier", other.assessment.id), ("Shop BV", newer.id)]
    shop_row = built.rows[1]
    assert shop_row.cells["leadership"].band == "green"
    assert shop_row.cells["operations"].band == "amber"
    assert built.spread["leadership"] == {"red": 1, "amber": 0, "green": 1}


def test_a_consultant_sees_only_their_clients_and_an_admin_all(db_session: Session) -> None:
    me, colleague = make_user(db_session), make_user(db_session)
    admin = make_user(db_session, role="admin")
    submitted_assessment(db_session, owner=me)
    submitted_assessment(db_session, owner=colleague)
    assert portfolio.build(db_session, me, language="en").clients == 1
    assert portfolio.build(db_session, admin, language="en").clients == 2


def test_frequent_gaps_count_clients_and_leave_out_dismissals(db_session: Session) -> None:
    me = make_user(db_session)
    first = submitted_assessment(db_session, owner=me).assessment
    submitted_assessment(db_session, owner=me)
    submitted_assessment(db_session, owner=me, overrides={"service": {"response_hours": 2}})
    overrides.dismiss(db_session, first, "OPS-1", "Counted again last week: fine.", me)
    db_session.commit()

    gaps = {g.rule_id: g for g in portfolio.build(db_session, me, language="nl").gaps}

    assert (gaps["LEAD-1"].clients, gaps["SERV-1"].clients, gaps["OPS-1"].clients) == (3, 2, 2)
    assert gaps["LEAD-1"].share == 1.0
    assert gaps["LEAD-1"].title == "Geen sponsor in de directie"
    ordered = [g.rule_id for g in portfolio.build(db_session, me, language="en").gaps]
    assert ordered[0] == "LEAD-1" and set(ordered) == {"LEAD-1", "OPS-1", "SERV-1"}


def test_pages_of_the_heat_map(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    me = make_user(db_session)
    for _ in range(3):
        submitted_assessment(db_session, owner=me)
    monkeypatch.setattr(portfolio, "PAGE_SIZE", 2)
    first = portfolio.build(db_session, me, language="en", page=1)
    last = portfolio.build(db_session, me, language="en", page=99)
    assert (first.pages, len(first.rows), last.page, len(last.rows)) == (2, 2, 2, 1)
    assert first.gap_sample == 3
