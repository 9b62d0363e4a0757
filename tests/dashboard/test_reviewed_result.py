"""One reviewed result: the detail page, both exports and the report read the same review."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.services import bank, notes, overrides, review
from assessment.services.overrides import AddedFindingInput
from assessment.services.reports import report_input
from assessment.services.reviewed import reviewed_result
from reports import build_report
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, Answered, submitted_assessment
from tests.factories import make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def reviewed_and_approved(session: Session) -> tuple[Any, Answered]:
    """OPS-1 lowered to low, SERV-1 dismissed, REV-1 added, a report note, approved."""
    user = make_user(session, "reviewer@example.com")
    answered = submitted_assessment(session, owner=user)
    assessment = answered.assessment
    overrides.change_severity(session, assessment, "OPS-1", "low", "Seasonal only.", user)
    overrides.dismiss(session, assessment, "SERV-1", "Answered within hours now.", user)
    overrides.add_finding(session, assessment, bank.questionnaire_for(assessment),
                          AddedFindingInput("service", "high", "No returns policy",
                                            "Nothing says how to return goods.",
                                            "Publish one.", "service_lead", "S", ["KS-1"]),
                          "Seen on site.", user)
    notes.add(session, assessment, user, "Discussed with the CFO.", rule_id="LEAD-1",
              in_report=True, finding_ids={"LEAD-1"})
    review.start_review(session, assessment, user)
    review.approve(session, assessment, user)
    session.commit()
    return user, answered


def test_the_reviewed_result_lays_the_review_over_the_stored_result(db_session: Session) -> None:
    user, answered = reviewed_and_approved(db_session)
    found = reviewed_result(db_session, answered.assessment)
    assert found is not None
    by_id = {f.id: f for f in found.findings}
    assert (by_id["OPS-1"].severity, by_id["OPS-1"].original_severity) == ("low", "medium")
    assert by_id["SERV-1"].dismissed and "SERV-1" not in {f.id for f in found.visible}
    assert by_id["REV-1"].added and by_id["REV-1"].severity == "high"
    assert by_id["LEAD-1"].note == "Discussed with the CFO."
    assert found.approval is not None and found.approval.by == user.email
    assert found.review.reviewed and found.review.reviewer == user.email


def test_approval_is_stored_and_withdrawn_with_the_state(db_session: Session) -> None:
    user, answered = reviewed_and_approved(db_session)
    assessment = answered.assessment
    assert assessment.approved_by_id == user.id and assessment.approved_at is not None
    review.reopen(db_session, assessment, user, "A late answer changes the picture.")
    db_session.commit()
    assert (assessment.approved_at, assessment.approved_by_id, assessment.approved_by) == (
        None, None, None)
    found = reviewed_result(db_session, assessment)
    assert found is not None and found.approval is None and not found.review.reviewed


def test_the_json_export_shows_findings_as_reviewed_and_the_notes(
    client: FlaskClient, db_session: Session
) -> None:
    user, answered = reviewed_and_approved(db_session)
    sign_in(client, user)
    response = client.get(f"/dashboard/assessments/{answered.assessment.id}/export.json")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    findings = {f["id"]: f for f in data["findings"]}
    assert findings["OPS-1"]["severity"] == "low"
    assert findings["OPS-1"]["rules_severity"] == "medium"
    assert findings["OPS-1"]["justification"] == "Seasonal only."
    assert findings["SERV-1"]["status"] == "dismissed" and findings["SERV-1"]["severity"] is None
    assert findings["REV-1"]["status"] == "added"
    assert findings["LEAD-1"]["note"] == "Discussed with the CFO."
    assert data["review"]["approved"] and data["review"]["approved_by"] == user.email
    assert [n["body"] for n in data["review"]["notes"]] == ["Discussed with the CFO."]


def test_the_findings_csv_shows_findings_as_reviewed(
    client: FlaskClient, db_session: Session
) -> None:
    user, answered = reviewed_and_approved(db_session)
    sign_in(client, user)
    response = client.get(f"/dashboard/assessments/{answered.assessment.id}/findings.csv")
    assert response.status_code == 200
    table = {row["id"]: row for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    assert (table["OPS-1"]["severity"], table["OPS-1"]["reviewed_severity"],
            table["OPS-1"]["status"]) == ("medium", "low", "changed")
    assert table["SERV-1"]["status"] == "dismissed"
    assert table["REV-1"]["title"] == "No returns policy"
    assert table["LEAD-1"]["note"] == "Discussed with the CFO."


def test_the_report_reads_the_same_review(db_session: Session) -> None:
    user, answered = reviewed_and_approved(db_session)
    user.display_name = "Robin Reviewer"  # the cover names the reviewer so, never by e-mail
    db_session.flush()
    report = build_report(report_input(db_session, answered.assessment, "en"))
    severities = {f.id: f.severity for area in report.areas for f in area.findings}
    assert severities["OPS-1"] == "low" and severities["REV-1"] == "high"
    assert "SERV-1" not in severities
    assert report.reviewed and report.reviewer == "Robin Reviewer"
