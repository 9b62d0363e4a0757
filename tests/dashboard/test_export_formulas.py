"""No CSV cell runs as a formula, whatever delimiter the spreadsheet splits on (issue 14, 10).

Excel in nl/fr/sv locales splits on ``;``: the answer ``x;=1+1;=cmd|' /C calc'!A0;-2+3``
written unquoted became the cells ``=1+1`` and ``=cmd|…``. Every export is read here as a
spreadsheet would, with ``,`` (the ``excel`` dialect) and with ``;``.
"""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from assessment.services import exports, spreadsheet
from tests.dashboard.conftest import Cast, seed, sign_in
from tests.factories import answer, make_user

PAYLOAD = "x;=1+1;=cmd|' /C calc'!A0;-2+3"
TRIGGERS = exports.FORMULA_PREFIXES


def cells(text: str) -> list[str]:
    """Every cell of ``text`` read with ``,`` and with ``;`` as the delimiter."""
    return [
        cell
        for reader in (csv.reader(io.StringIO(text, newline=""), dialect="excel"),
                       csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        for row in reader
        for cell in row
    ]


def formulas(text: str) -> list[str]:
    """The cells that start as a spreadsheet formula would (a bare line break is no formula)."""
    return [cell for cell in cells(text) if cell.startswith(TRIGGERS) and cell.strip()]


def test_the_semicolon_payload_in_an_answer_is_inert(
    client: FlaskClient, cast: Cast
) -> None:
    from assessment.extensions import db

    answer(db.session(), cast.assessment, "org_size", PAYLOAD)
    sign_in(client, cast.owner)
    response = client.get(f"/dashboard/assessments/{cast.assessment.id}/export.csv",
                          buffered=True)
    text = response.get_data(as_text=True)
    assert formulas(text) == []
    by_question = {row["question_id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert by_question["org_size"]["value"] == "x;'=1+1;'=cmd|' /C calc'!A0;'-2+3"


def test_the_semicolon_payload_in_an_organisation_name_is_inert(
    client: FlaskClient, db_session: Session
) -> None:
    seed(db_session, 1, prefix=PAYLOAD)
    sign_in(client, make_user(db_session, role="admin"))
    text = client.get("/dashboard/assessments.csv", buffered=True).get_data(as_text=True)
    assert formulas(text) == []


def test_every_field_is_quoted() -> None:
    assert spreadsheet.csv_line(["a", 1, None]) == '"a","1",""\r\n'
    assert spreadsheet.csv_line(["a", 1, None], ";") == '"a";"1";""\r\n'


_parts = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", ";", ",", '"', " ", "'", "x",
                          "1", "=1+1", "cmd|' /C calc'!A0"])
_value = st.lists(_parts, max_size=12).map("".join)


# Numbers in exports (ids, scores, progress, versions) are never negative.
@given(st.lists(st.one_of(_value, st.integers(min_value=0), st.none()), min_size=1, max_size=5))
def test_no_written_cell_starts_a_formula_in_either_dialect(row: list[object]) -> None:
    assert formulas(spreadsheet.csv_line(row)) == []
    assert formulas(spreadsheet.csv_line(row, ";")) == []
