"""The assessment list: visibility, search, filters, sorting, pagination, two queries a page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models.types import utcnow
from assessment.services import listing
from assessment.services.listing import ListQuery, ListQueryError, Sort
from tests.dashboard.conftest import count_queries, own, seed, sign_in
from tests.factories import make_user

AREAS = ["back_office", "warehouse"]


def names(page: listing.ListPage) -> list[str]:
    return [row.organisation for row in page.rows]


def summary(back_office: str | None, warehouse: str | None) -> dict[str, dict[str, object]]:
    return {
        "back_office": {"progress": 1.0, **({"band": back_office} if back_office else {})},
        "warehouse": {"progress": 0.5, **({"band": warehouse} if warehouse else {})},
    }


# --- visibility ---------------------------------------------------------------------


def test_each_role_lists_what_it_may_see(db_session: Session) -> None:
    owner = make_user(db_session, "owner@example.com")
    helper = make_user(db_session, "helper@example.com")
    other = make_user(db_session, "other@example.com")
    sales = make_user(db_session, "sales@example.com", role="sales")
    admin = make_user(db_session, "admin@example.com", role="admin")
    mine = seed(db_session, 3, owner=owner, prefix="Mine")
    seed(db_session, 2, prefix="Unowned")
    own(db_session, mine[0], helper, kind="shared")

    def listed(user: object) -> int:
        return listing.list_page(db_session, user, ListQuery()).total  # type: ignore[arg-type]

    assert listed(owner) == 3
    assert listed(helper) == 1
    assert listed(other) == 0
    assert listed(sales) == 5
    assert listed(admin) == 5


def test_deactivated_or_unknown_roles_list_nothing(db_session: Session) -> None:
    class Stranger:
        id = 999
        role = "intern"

    seed(db_session, 2)
    assert listing.list_page(db_session, Stranger(), ListQuery()).total == 0  # type: ignore[arg-type]


# --- search and filters -------------------------------------------------------------


def test_search_is_a_case_insensitive_substring_of_the_organisation(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 1, prefix="Acme Retail")
    seed(db_session, 1, prefix="Blue Fashion")
    page = listing.list_page(db_session, admin, ListQuery(search="RETAIL"))
    assert names(page) == ["Acme Retail 0000"]


@pytest.mark.parametrize(("search", "expected"), [("50%", ["50% Off 0000"]), ("a_b", ["a_b 0000"])])
def test_search_treats_like_wildcards_literally(
    db_session: Session, search: str, expected: list[str]
) -> None:
    admin = make_user(db_session, role="admin")
    for prefix in ["50% Off", "500 Off", "a_b", "axb"]:
        seed(db_session, 1, prefix=prefix)
    assert names(listing.list_page(db_session, admin, ListQuery(search=search))) == expected


def test_search_finds_the_assessment_of_a_respondent_reference(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 1, prefix="Acme Retail")
    blue = seed(db_session, 1, prefix="Blue Fashion")[0]
    reference = f"cra-{blue.created_at.year}-{blue.id:05d}-2"
    assert names(listing.list_page(db_session, admin, ListQuery(search=reference))) == [
        "Blue Fashion 0000"]
    not_a_reference = f"CRA-{blue.created_at.year}-{blue.id:05d}"
    assert names(listing.list_page(db_session, admin, ListQuery(search=not_a_reference))) == []


def test_status_filter(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 2, prefix="Invited")
    seed(db_session, 1, prefix="Approved", status="approved")
    page = listing.list_page(db_session, admin, ListQuery(status="approved"))
    assert names(page) == ["Approved 0000"]


def test_band_filter_including_not_scored(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 1, prefix="Red", overall_band="red", overall_score=20.0)
    seed(db_session, 1, prefix="Green", overall_band="green", overall_score=90.0)
    seed(db_session, 1, prefix="Unscored")
    assert names(listing.list_page(db_session, admin, ListQuery(band="red"))) == ["Red 0000"]
    assert names(listing.list_page(db_session, admin, ListQuery(band="none"))) == ["Unscored 0000"]


def test_area_at_risk_filter(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 1, prefix="BackRed", area_summary=summary("red", "green"))
    seed(db_session, 1, prefix="WareRed", area_summary=summary("amber", "red"))
    seed(db_session, 1, prefix="AllFine", area_summary=summary("green", "amber"))
    seed(db_session, 1, prefix="Unscored", area_summary=summary(None, None))

    def at_risk(area: str) -> list[str]:
        query = ListQuery(risk_area=area, sort=Sort.ORGANISATION, direction="asc")
        return names(listing.list_page(db_session, admin, query))

    assert at_risk("back_office") == ["BackRed 0000"]
    assert at_risk("warehouse") == ["WareRed 0000"]
    assert at_risk("any") == ["BackRed 0000", "WareRed 0000"]


def test_filters_combine(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 1, prefix="Acme A", status="approved", area_summary=summary("red", None))
    seed(db_session, 1, prefix="Acme B", status="submitted", area_summary=summary("red", None))
    seed(db_session, 1, prefix="Other", status="approved", area_summary=summary("red", None))
    query = ListQuery(search="acme", status="approved", risk_area="back_office")
    assert names(listing.list_page(db_session, admin, query)) == ["Acme A 0000"]


# --- sorting and pagination ---------------------------------------------------------


def test_default_order_is_most_recent_activity_first(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    now = utcnow()
    seed(db_session, 3, last_activity_at=lambda i: now - timedelta(days=[5, 1, 3][i]))
    assert names(listing.list_page(db_session, admin, ListQuery())) == [
        "Org 0001",
        "Org 0002",
        "Org 0000",
    ]


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_unscored_assessments_sort_last_by_score(db_session: Session, direction: str) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 4, overall_score=lambda i: [None, 40.0, None, 80.0][i])
    order = names(
        listing.list_page(db_session, admin, ListQuery(sort=Sort.SCORE, direction=direction))
    )
    scored = ["Org 0001", "Org 0003"] if direction == "asc" else ["Org 0003", "Org 0001"]
    assert order[:2] == scored
    assert sorted(order[2:]) == ["Org 0000", "Org 0002"]


@pytest.mark.parametrize(
    ("sort", "direction", "expected"),
    [
        (Sort.ORGANISATION, "asc", ["Org 0000", "Org 0001", "Org 0002"]),
        (Sort.ORGANISATION, "desc", ["Org 0002", "Org 0001", "Org 0000"]),
        (Sort.PROGRESS, "desc", ["Org 0001", "Org 0002", "Org 0000"]),
        (Sort.CREATED, "desc", ["Org 0002", "Org 0001", "Org 0000"]),
        (Sort.CREATED, "asc", ["Org 0000", "Org 0001", "Org 0002"]),
    ],
)
def test_sort_orders(db_session: Session, sort: Sort, direction: str, expected: list[str]) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 3, progress=lambda i: [0.1, 0.9, 0.5][i])
    query = ListQuery(sort=sort, direction=direction)
    assert names(listing.list_page(db_session, admin, query)) == expected


def test_pages_cover_every_row_once_even_with_equal_sort_keys(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    moment = utcnow()
    seed(db_session, 23, last_activity_at=moment)  # all equal: the id breaks ties
    seen: list[int] = []
    for number in (1, 2, 3):
        page = listing.list_page(db_session, admin, ListQuery(page=number, per_page=10))
        assert page.total == 23 and page.pages == 3
        seen += [row.id for row in page.rows]
    assert len(seen) == 23 and len(set(seen)) == 23


def test_a_page_past_the_end_shows_the_last_page(db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 12)
    page = listing.list_page(db_session, admin, ListQuery(page=99, per_page=10))
    assert page.query.page == 2 and len(page.rows) == 2


# --- parameters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"status": "done"}, "status: done is not one of invited, in_progress"),
        ({"band": "purple"}, "band: purple is not one of red, amber, green, none"),
        ({"risk": "kitchen"}, "risk: kitchen is not one of any, back_office, warehouse"),
        ({"sort": "colour"}, "sort: colour is not one of activity"),
        ({"dir": "up"}, "dir: up is not one of asc, desc"),
        ({"per_page": "1000"}, "per_page: 1000 is not one of 10, 25, 50, 100"),
        ({"page": "0"}, "page: 0 is not a page number"),
        ({"page": "two"}, "page: two is not a page number"),
        ({"q": "x" * 101}, "q: the search is longer than 100 characters"),
    ],
)
def test_bad_parameters_are_named_in_the_error(args: dict[str, str], fragment: str) -> None:
    with pytest.raises(ListQueryError, match=fragment.replace("(", r"\(")):
        listing.parse_query(args, AREAS)


def test_parse_query_reads_every_parameter() -> None:
    query = listing.parse_query(
        {
            "q": "  acme   retail ",
            "status": "approved",
            "band": "red",
            "risk": "warehouse",
            "sort": "organisation",
            "dir": "desc",
            "page": "3",
            "per_page": "50",
        },
        AREAS,
    )
    assert query == ListQuery(
        "acme retail", "approved", "red", "warehouse", Sort.ORGANISATION, "desc", 3, 50
    )
    assert listing.parse_query({"sort": "organisation"}, AREAS).direction == "asc"
    assert listing.parse_query({}, AREAS) == ListQuery()


def test_to_args_round_trips_and_leaves_defaults_out() -> None:
    query = ListQuery(search="a b", status="approved", sort=Sort.SCORE, direction="desc", page=2)
    assert listing.parse_query(query.to_args(), AREAS) == query
    assert ListQuery().to_args() == {}


def test_list_page_answers_400_naming_the_bad_parameter(
    client: FlaskClient, db_session: Session
) -> None:
    sign_in(client, make_user(db_session, role="admin"))
    response = client.get("/dashboard/?status=done")
    assert response.status_code == 400
    assert "status: done is not one of" in response.get_data(as_text=True)


# --- the page -----------------------------------------------------------------------


def test_page_shows_rows_with_areas_in_questionnaire_order_and_language(
    client: FlaskClient, db_session: Session
) -> None:
    admin = make_user(db_session, role="admin")
    seed(
        db_session,
        1,
        prefix="Acme",
        overall_band="amber",
        overall_score=61.4,
        area_summary={
            "warehouse": {"progress": 0.5, "band": "red"},
            "back_office": {"progress": 1.0, "band": "green"},
        },
    )
    sign_in(client, admin)
    with client.session_transaction() as session:
        session["language"] = "nl"
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "Acme 0000" in page
    assert page.index("Backoffice: 100% beantwoord, Groen") < page.index(
        "Magazijn: 50% beantwoord, Rood"
    )
    assert "Oranje" in page and ">61<" in page


def test_organisation_names_are_escaped(client: FlaskClient, db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 1, prefix="<script>alert(1)</script>")
    sign_in(client, admin)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_pagination_links_keep_the_filters(client: FlaskClient, db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 25, prefix="Acme", status="approved")
    sign_in(client, admin)
    page = client.get("/dashboard/?q=acme&status=approved&per_page=10").get_data(as_text=True)
    assert "Showing 1–10 of 25 assessments" in page
    assert 'href="/dashboard/?q=acme&amp;status=approved&amp;page=2&amp;per_page=10"' in page
    assert 'aria-current="page">1<' in page


def test_list_page_runs_a_constant_number_of_queries(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    """No N+1: the same queries whether the page holds 10 rows or 100."""
    admin = make_user(db_session, role="admin")
    owner = make_user(db_session)
    seed(
        db_session,
        120,
        owner=owner,
        area_summary=summary("red", "amber"),
        overall_band="red",
        overall_score=30.0,
    )
    counts = {}
    for user in (admin, owner):
        sign_in(client, user)
        for size in (10, 100):
            with count_queries(app) as statements:
                response = client.get(f"/dashboard/?per_page={size}")
            assert response.status_code == 200
            assert response.get_data(as_text=True).count('<th scope="row"') == size
            counts[(user.role, size)] = len(statements)
    # one to load the signed-in user, one count, one page
    assert set(counts.values()) == {3}, counts


def test_rows_link_to_the_detail_page_only_for_who_may_open_it(
    client: FlaskClient, db_session: Session
) -> None:
    owner = make_user(db_session)
    sales = make_user(db_session, role="sales")
    [assessment] = seed(db_session, 1, owner=owner, prefix="Acme")
    link = f'<a href="/dashboard/assessments/{assessment.id}">Acme 0000</a>'
    sign_in(client, owner)
    assert link in client.get("/dashboard/").get_data(as_text=True)
    sign_in(client, sales)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "Acme 0000" in page and link not in page
