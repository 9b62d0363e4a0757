"""The list for work: several statuses at once, accent- and case-blind search, finding
counts by severity, labelled area bars, same-named organisations told apart.

Run on both databases: ``TEST_DATABASE_URL=postgresql+psycopg://...`` for PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Organisation
from assessment.models.list_columns import finding_counts, fold
from assessment.models.types import utcnow
from assessment.services import listing
from assessment.services.listing import ListQuery, ListQueryError
from tests.dashboard.conftest import seed, sign_in
from tests.factories import make_assessment, make_org, make_user

AREAS = ["back_office", "warehouse"]


def names(page: listing.ListPage) -> list[str]:
    return sorted(row.organisation for row in page.rows)


@pytest.mark.parametrize(("text", "folded"), [
    ("Fjällsport AB", "fjallsport ab"), ("Maison Lumière", "maison lumiere"),
    ("STRAßE  Ümlaut", "strasse umlaut"), ("Ærø Øst", "ærø øst"), ("Ｆｕｌｌ", "full"),
])
def test_fold_drops_accents_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(("search", "expected"), [
    ("fjall", ["Fjällsport AB", "Fjällsport AB"]),
    ("FJÄLL", ["Fjällsport AB", "Fjällsport AB"]),
    ("lumiere", ["Maison Lumière"]),
    ("Lumière", ["Maison Lumière"]),
    ("maison lum", ["Maison Lumière"]),
    ("ümlaut", []),
    ("100%", ["100% Retail"]),
    ("_", []),
])
def test_search_ignores_accents_and_case_on_this_database(
    db_session: Session, search: str, expected: list[str]
) -> None:
    admin = make_user(db_session, role="admin")
    for name in ("Fjällsport AB", "Fjällsport AB", "Maison Lumière", "100% Retail", "Other"):
        make_assessment(db_session, make_org(db_session, name))
    page = listing.list_page(db_session, admin, ListQuery(search=search))
    assert names(page) == expected


def test_a_renamed_organisation_is_found_by_its_new_name(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    organisation = make_org(db_session, "Old Name")
    make_assessment(db_session, organisation)
    organisation.name = "Café Nouveau"
    db_session.commit()
    assert names(listing.list_page(db_session, admin, ListQuery(search="cafe"))) == [
        "Café Nouveau"]
    assert names(listing.list_page(db_session, admin, ListQuery(search="old"))) == []


def test_several_statuses_at_once(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 2, prefix="Submitted", status="submitted")
    seed(db_session, 1, prefix="Reviewing", status="in_review")
    seed(db_session, 3, prefix="Invited", status="invited")
    both = ListQuery(status=("submitted", "in_review"))
    page = listing.list_page(db_session, admin, both)
    assert page.total == 3
    assert names(page) == ["Reviewing 0000", "Submitted 0000", "Submitted 0001"]


def test_status_parameters_repeat_and_are_checked() -> None:
    from werkzeug.datastructures import MultiDict

    args = MultiDict([("status", "in_review"), ("status", "submitted")])
    query = listing.parse_query(args, AREAS)
    assert query.statuses == ("submitted", "in_review")  # in lifecycle order
    assert listing.parse_query(query.to_args(), AREAS) == query
    with pytest.raises(ListQueryError, match="status: done is not one of"):
        listing.parse_query(MultiDict([("status", "submitted"), ("status", "done")]), AREAS)


def test_the_page_filters_on_ticked_statuses(client: FlaskClient, db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 1, prefix="Submitted", status="submitted")
    seed(db_session, 1, prefix="Reviewing", status="in_review")
    seed(db_session, 1, prefix="Approved", status="approved")
    sign_in(client, admin)
    page = client.get("/dashboard/?status=submitted&status=in_review").get_data(as_text=True)
    assert "Submitted 0000" in page and "Reviewing 0000" in page
    assert "Approved 0000" not in page
    assert 'name="status" value="submitted" checked' in page
    assert 'name="status" value="approved">' in page


def test_finding_counts_come_from_the_stored_result(db_session: Session) -> None:
    stored = {"result": {"findings": [{"severity": "high"}, {"severity": "high"},
                                      {"severity": "low"}]}}
    assert finding_counts(stored) == {"high": 2, "medium": 0, "low": 1}
    assert finding_counts(None) is None
    admin = make_user(db_session, role="admin")
    [scored] = seed(db_session, 1, prefix="Scored", result=stored)
    seed(db_session, 1, prefix="Unscored")
    rows = {row.organisation: row for row in listing.list_page(db_session, admin,
                                                              ListQuery()).rows}
    assert rows["Scored 0000"].finding_counts == {"high": 2, "medium": 0, "low": 1}
    assert rows["Unscored 0000"].finding_counts is None
    scored.result = {"result": {"findings": [{"severity": "medium"}]}}  # re-scored
    db_session.commit()
    rows = {row.organisation: row for row in listing.list_page(db_session, admin,
                                                              ListQuery()).rows}
    assert rows["Scored 0000"].finding_counts == {"high": 0, "medium": 1, "low": 0}


def test_rows_show_finding_counts_labelled_areas_and_start_dates(
    client: FlaskClient, db_session: Session
) -> None:
    admin = make_user(db_session, role="admin")
    twins = [make_assessment(db_session, make_org(db_session, "Fjällsport AB"))
             for _ in range(2)]
    twins[0].created_at = utcnow() - timedelta(days=400)
    twins[0].result = {"result": {"findings": [{"severity": "high"}, {"severity": "low"}]}}
    twins[0].area_summary = {"warehouse": {"progress": 1.0, "band": "red", "score": 41.6}}
    db_session.commit()
    sign_in(client, admin)
    page = client.get("/dashboard/").get_data(as_text=True)
    older, newer = (f"#{twin.id}" for twin in twins)
    assert older in page and newer in page  # the twins are told apart
    started = [line for line in page.splitlines() if "dash-org__started" in line]
    assert len({line.split("Started ")[1][:12] for line in started}) == 2  # two dates
    assert "High: 2" not in page and "High: 1, Medium: 0, Low: 1" in page
    assert '<span class="dash-arealine__value" aria-hidden="true">42</span>' in page
    assert '<span class="dash-arealine__name" aria-hidden="true">Warehouse</span>' in page


def test_organisation_rows_exist_for_the_search(db_session: Session) -> None:
    organisation = make_org(db_session, "Ørsted Énergie")
    assessment = make_assessment(db_session, organisation)
    db_session.refresh(assessment)
    assert assessment.search_text == "ørsted energie"
    assert db_session.get(Organisation, organisation.id) is not None
