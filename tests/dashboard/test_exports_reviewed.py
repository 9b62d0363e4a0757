"""Exports carry the review: changed severities with their justification, added and dismissed
findings, notes and area scores, in JSON and in the findings CSV (both Excel delimiters)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG
from tests.dashboard.test_reviewed_result import reviewed_and_approved

FINDINGS_HEADER = ["assessment_id", "organisation", "id", "area", "severity",
                   "reviewed_severity", "title", "recommendation", "owner", "effort", "status"]


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def test_the_json_export_holds_the_review_and_the_area_scores(
    client: FlaskClient, db_session: Session
) -> None:
    user, answered = reviewed_and_approved(db_session)
    sign_in(client, user)
    data = json.loads(client.get(
        f"/dashboard/assessments/{answered.assessment.id}/export.json").get_data(as_text=True))
    findings = {f["id"]: f for f in data["findings"]}
    assert (findings["OPS-1"]["rules_severity"], findings["OPS-1"]["reviewed_severity"],
            findings["OPS-1"]["justification"]) == ("medium", "low", "Seasonal only.")
    assert findings["SERV-1"]["status"] == "dismissed"
    assert findings["SERV-1"]["justification"] == "Answered within hours now."
    assert (findings["REV-1"]["status"], findings["REV-1"]["reviewed_severity"],
            findings["REV-1"]["rules_severity"]) == ("added", "high", None)
    assert findings["REV-1"]["justification"] == "Seen on site."
    assert data["review"]["notes"][0]["body"] == "Discussed with the CFO."
    areas = {area["id"]: area for area in data["areas"]}
    assert set(areas) == {"leadership", "operations", "service"}
    stored = answered.assessment.area_summary or {}
    for area_id, area in areas.items():
        assert isinstance(area["score"], int)  # shown as everywhere: a whole number
        assert area["score"] == round(stored[area_id]["score"])
        assert area["band"] == stored[area_id]["band"] and area["title"]


@pytest.mark.parametrize("delimiter, query", [(",", ""), (";", "?delimiter=semicolon")])
def test_the_findings_csv_reads_in_both_excel_dialects(
    client: FlaskClient, db_session: Session, delimiter: str, query: str
) -> None:
    user, answered = reviewed_and_approved(db_session)
    sign_in(client, user)
    response = client.get(f"/dashboard/assessments/{answered.assessment.id}/findings.csv{query}")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), dialect="excel",
                        delimiter=delimiter)
    header, *rows = list(reader)
    assert header[: len(FINDINGS_HEADER)] == FINDINGS_HEADER
    table = {row[2]: dict(zip(header, row, strict=True)) for row in rows}
    assert (table["OPS-1"]["severity"], table["OPS-1"]["reviewed_severity"],
            table["OPS-1"]["status"], table["OPS-1"]["justification"]) == (
        "medium", "low", "changed", "Seasonal only.")
    assert (table["SERV-1"]["reviewed_severity"], table["SERV-1"]["status"]) == ("", "dismissed")
    assert (table["REV-1"]["severity"], table["REV-1"]["reviewed_severity"],
            table["REV-1"]["title"], table["REV-1"]["owner"], table["REV-1"]["effort"]) == (
        "", "high", "No returns policy", "service_lead", "S")
    assert table["LEAD-1"]["note"] == "Discussed with the CFO."


def test_finding_texts_follow_the_chosen_language(
    client: FlaskClient, db_session: Session
) -> None:
    user, answered = reviewed_and_approved(db_session)
    sign_in(client, user)
    url = f"/dashboard/assessments/{answered.assessment.id}/findings.csv"
    english = {r["id"]: r for r in csv.DictReader(io.StringIO(
        client.get(url).get_data().decode("utf-8-sig"), newline=""))}
    dutch = {r["id"]: r for r in csv.DictReader(io.StringIO(
        client.get(url + "?lang=nl").get_data().decode("utf-8-sig"), newline=""))}
    assert english["OPS-1"]["title"] != dutch["OPS-1"]["title"]
    assert (english["OPS-1"]["area_title"], dutch["OPS-1"]["area_title"]) == (
        "Operations", "Operatie")
