"""Exports of the list and of one assessment, as CSV and JSON: content, filters, safety."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.services import exports
from tests.dashboard.conftest import Cast, own, seed, sign_in
from tests.factories import answer, make_invitation, make_user


def get(client: FlaskClient, url: str) -> Any:
    return client.get(url, buffered=True)  # streamed bodies are read inside the request


def rows(response: Any) -> list[dict[str, str]]:
    text = response.get_data().decode("utf-8-sig")  # as Excel reads it: the BOM is no cell
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_list_csv_has_a_row_per_match_with_area_columns(
    client: FlaskClient, db_session: Session
) -> None:
    admin = make_user(db_session, role="admin")
    seed(
        db_session,
        3,
        prefix="Acme",
        status="approved",
        overall_band="green",
        overall_score=80.0,
        area_summary={
            "back_office": {"progress": 1.0, "band": "green", "score": 81.6},
            "warehouse": {"progress": 0.5},
        },
    )
    seed(db_session, 2, prefix="Other")
    sign_in(client, admin)
    response = get(client, "/dashboard/assessments.csv?q=acme")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="assessments-')
    table = rows(response)
    assert [r["organisation"] for r in table] == ["Acme 0000", "Acme 0001", "Acme 0002"][::-1]
    first = table[0]
    assert first["status"] == "approved" and first["overall_band"] == "green"
    assert first["back_office_progress"] == "1.0" and first["back_office_band"] == "green"
    assert first["back_office_score"] == "82"  # as shown and banded everywhere
    assert first["warehouse_progress"] == "0.5" and first["warehouse_band"] == ""
    assert first["warehouse_score"] == ""
    header = list(table[0])
    assert header.index("back_office_score") == header.index("back_office_band") - 1


def test_list_exports_show_the_score_its_band_was_decided_on(
    client: FlaskClient, db_session: Session
) -> None:
    # Stored 74.5 is shown (and banded) as 75 everywhere; the export must not say 74.5.
    admin = make_user(db_session, role="admin")
    seed(db_session, 1, prefix="Edge", overall_band="green", overall_score=74.5)
    sign_in(client, admin)
    assert rows(get(client, "/dashboard/assessments.csv"))[0]["overall_score"] == "75"
    data = json.loads(get(client, "/dashboard/assessments.json").get_data(as_text=True))
    assert data[0]["overall_score"] == 75


def test_list_json_matches_the_list(client: FlaskClient, db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 2, prefix="Acme", area_summary={"warehouse": {"progress": 0.25}})
    sign_in(client, admin)
    response = get(client, "/dashboard/assessments.json?sort=organisation")
    data = json.loads(response.get_data(as_text=True))
    assert [item["organisation"] for item in data] == ["Acme 0000", "Acme 0001"]
    assert data[0]["areas"] == [{"id": "warehouse", "progress": 0.25, "band": None,
                                 "score": None}]
    assert set(data[0]) >= {"id", "status", "progress", "overall_band", "last_activity_at"}


def test_list_export_contains_every_page(client: FlaskClient, db_session: Session) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 130)
    sign_in(client, admin)
    assert len(rows(get(client, "/dashboard/assessments.csv?per_page=10&page=3"))) == 130


def test_list_export_only_holds_what_the_user_may_list(
    client: FlaskClient, db_session: Session
) -> None:
    owner = make_user(db_session)
    seed(db_session, 2, owner=owner, prefix="Mine")
    seed(db_session, 3, prefix="Theirs")
    sign_in(client, owner)
    assert sorted(r["organisation"] for r in rows(get(client, "/dashboard/assessments.csv"))) == [
        "Mine 0000",
        "Mine 0001",
    ]


def test_list_export_rejects_bad_filters_clearly(client: FlaskClient, db_session: Session) -> None:
    sign_in(client, make_user(db_session, role="admin"))
    response = get(client, "/dashboard/assessments.json?band=purple")
    assert response.status_code == 400
    assert "band: purple is not one of red, amber, green, none" in response.get_data(as_text=True)


def test_csv_cells_cannot_run_as_spreadsheet_formulas(
    client: FlaskClient, db_session: Session
) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 1, prefix='=HYPERLINK("http://evil.example")')
    seed(db_session, 1, prefix="@SUM(A1)")
    sign_in(client, admin)
    names = sorted(r["organisation"] for r in rows(get(client, "/dashboard/assessments.csv")))
    assert names == ['\'=HYPERLINK("http://evil.example") 0000', "'@SUM(A1) 0000"]


def test_safe_cell_prefixes_every_formula_trigger() -> None:
    for dangerous in ["=1+1", "+1", "-1", "@x", "\tx", "\rx"]:
        assert exports.safe_cell(dangerous) == "'" + dangerous
    assert exports.safe_cell("Acme") == "Acme"
    assert exports.safe_cell(-1) == -1
    assert exports.safe_cell(None) == ""


def test_one_assessment_as_json(client: FlaskClient, db_session: Session, cast: Cast) -> None:
    invitation, _ = make_invitation(
        db_session, cast.assessment, respondent_name="Ann", respondent_role="CTO"
    )
    answer(db_session, cast.assessment, "erp_involved", "yes", invitation=invitation)
    sign_in(client, cast.owner)
    response = get(client, f"/dashboard/assessments/{cast.assessment.id}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["assessment"]["organisation"] == "Owned Retail BV"
    assert data["assessment"]["questionnaire_id"] == "webtest"
    assert [r["name"] for r in data["respondents"]] == ["Ann"]
    by_question = {a["question_id"]: a for a in data["answers"]}
    assert by_question["erp_involved"]["value"] == "yes"
    assert by_question["erp_involved"]["respondent"] == "Ann (CTO)"
    assert by_question["erp_involved"]["area"] == "back_office"
    assert by_question["erp_involved"]["question"]  # the question text from the pinned version
    assert by_question["org_size"]["respondent"] is None  # stored without an invitation


def test_one_assessment_as_csv(client: FlaskClient, db_session: Session, cast: Cast) -> None:
    answer(db_session, cast.assessment, "integrations", ["erp", "oms"])
    answer(db_session, cast.assessment, "erp_meetings", None)  # a cleared answer is left out
    sign_in(client, cast.collaborator)
    response = get(client, f"/dashboard/assessments/{cast.assessment.id}/export.csv")
    table = {r["question_id"]: r for r in rows(response)}
    assert set(table) == {"integrations", "org_size"}
    assert table["integrations"]["value"] == "erp; oms"
    assert table["integrations"]["organisation"] == "Owned Retail BV"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="assessment-{cast.assessment.id}-owned-retail-bv.csv"'
    )


def test_one_assessment_export_is_refused_to_who_may_not_open_it(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    for user, code in [(cast.other, 404), (cast.sales, 403)]:
        sign_in(client, user)
        assert (
            get(client, f"/dashboard/assessments/{cast.assessment.id}/export.json").status_code
            == code
        )
    own(db_session, cast.assessment, cast.other, kind="shared")
    sign_in(client, cast.other)
    assert (
        get(client, f"/dashboard/assessments/{cast.assessment.id}/export.json").status_code == 200
    )


def test_unknown_assessment_is_404(client: FlaskClient, cast: Cast) -> None:
    sign_in(client, cast.admin)
    assert get(client, "/dashboard/assessments/999999/export.csv").status_code == 404


def test_a_streamed_export_gives_its_connection_back(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    """Finished or abandoned half-way, a download leaves no connection checked out."""
    from assessment.extensions import db

    sign_in(client, make_user(db_session, role="admin"))
    seed(db_session, 1200)
    db_session.commit()
    pool = db.engine.pool
    before = pool.checkedout()  # type: ignore[attr-defined]
    assert len(rows(get(client, "/dashboard/assessments.csv"))) == 1200
    assert pool.checkedout() == before  # type: ignore[attr-defined]
    response = client.get("/dashboard/assessments.json")
    chunks = iter(response.response)
    next(chunks), next(chunks)  # the client reads a little, then goes away
    response.close()
    assert pool.checkedout() == before  # type: ignore[attr-defined]
