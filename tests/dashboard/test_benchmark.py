"""Peer benchmark: an area's score as a percentile among approved assessments of OTHER
organisations, shown only when at least five exist, never naming them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Assessment
from assessment.services.benchmark import MIN_GROUP, PeerRank, peer_benchmark, ranks
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_assessment, make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def peer(session: Session, score: float, *, organisation: Any = None,
         status: str = "approved", name: str | None = None) -> Assessment:
    """An assessment with a stored leadership score (the subject's area is 'leadership')."""
    assessment = make_assessment(session, organisation or make_org(session, name),
                                 status=status)
    assessment.area_summary = {"leadership": {"score": score, "band": "amber", "level": 2}}
    session.commit()
    return assessment


def subject(session: Session, **kwargs: Any) -> Assessment:
    """A scored assessment; its leadership score is 25."""
    assessment = submitted_assessment(session, **kwargs).assessment
    assert assessment.area_summary is not None
    assert assessment.area_summary["leadership"]["score"] == 25
    return assessment


def test_fewer_than_five_comparable_assessments_show_nothing(db_session: Session) -> None:
    me = subject(db_session)
    for score in (10, 20, 30, 40):
        peer(db_session, score)
    peer(db_session, 50, status="submitted")  # not approved: not comparable
    assert peer_benchmark(db_session, me) == {}


def test_five_or_more_give_the_share_of_peers_scoring_lower(db_session: Session) -> None:
    me = subject(db_session)
    for score in (10, 20, 25, 30, 40, 50, 60):
        peer(db_session, score)
    # 10 and 20 are lower; the tie (25) is not "better than": 2 of 7 = 28.57 -> 28
    assert peer_benchmark(db_session, me) == {"leadership": PeerRank(28, 7)}


def test_only_other_organisations_count_once_each(db_session: Session) -> None:
    me = subject(db_session)
    for score in (90, 90, 90, 90, 90):  # the subject's own organisation: never its peers
        peer(db_session, score, organisation=me.organisation)
    assert peer_benchmark(db_session, me) == {}
    twice = make_org(db_session)
    peer(db_session, 90, organisation=twice)
    peer(db_session, 10, organisation=twice)  # the latest approved one stands for it
    for score in (0, 0, 90):
        peer(db_session, score)
    assert peer_benchmark(db_session, me) == {}  # four organisations only
    peer(db_session, 90)
    assert peer_benchmark(db_session, me) == {"leadership": PeerRank(60, 5)}


def test_another_questionnaire_is_not_comparable(db_session: Session) -> None:
    me = subject(db_session)
    for score in (10, 20, 30, 40, 50):
        peer(db_session, score).questionnaire_id = "another-bank"
    db_session.commit()
    assert peer_benchmark(db_session, me) == {}


def test_ranks_needs_the_minimum_per_area() -> None:
    peers = [{"a": 10.0, "b": 1.0}] * MIN_GROUP + [{"a": 99.0}]
    assert ranks({"a": 50.0, "b": 5.0, "c": 1.0}, peers) == {
        "a": PeerRank(83, 6), "b": PeerRank(100, 5)}
    assert ranks({"b": 5.0}, peers[: MIN_GROUP - 1]) == {}


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_detail_page_shows_the_percentile_without_naming_peers(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = subject(db_session, owner=me)
    for index, score in enumerate((10, 20, 30, 40)):
        peer(db_session, score, name=f"Peer Secret {index}")
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}"
    assert "comparable assessment" not in _words(client.get(url).get_data(as_text=True))

    peer(db_session, 5, name="Peer Secret 4")  # 10, 20 and 5 are lower: 3 of 5
    html = client.get(url).get_data(as_text=True)
    words = _words(html)
    assert "Leadership 25 Better than 60% of 5 comparable assessments" in words
    assert "Peer Secret" not in html


def test_the_detail_page_speaks_the_page_language(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    me.language = "nl"
    assessment = subject(db_session, owner=me)
    for score in (10, 20, 30, 40, 50):
        peer(db_session, score)
    sign_in(client, me)
    html = client.get(f"/dashboard/assessments/{assessment.id}",
                      headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Beter dan 40% van 5 vergelijkbare assessments" in _words(html)
