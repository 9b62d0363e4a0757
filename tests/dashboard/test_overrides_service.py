"""Overrides: severity changes, dismissals and added findings, each justified; the engine's
original stays visible; history is kept; the report's Review gets the reviewed result."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import AuditEvent
from assessment.models.override import FindingOverride
from assessment.reviewed import ReviewedFinding
from assessment.services import bank, notes, overrides, review
from assessment.services.overrides import AddedFindingInput, OverrideError
from assessment.services.reviewed import ReviewedResult, reviewed_result
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_assessment, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def reviewed(session: Session, assessment: Any) -> ReviewedResult:
    found = reviewed_result(session, assessment)
    assert found is not None
    return found


def by_id(session: Session, assessment: Any) -> dict[str, ReviewedFinding]:
    return {f.id: f for f in reviewed(session, assessment).findings}


def an_added_finding(**changes: Any) -> AddedFindingInput:
    fields = dict(area="service", severity="medium", title="No returns policy",
                  explanation="The shop does not say how to return goods.",
                  recommendation="Publish a returns policy.", owner="service_lead",
                  effort="S", sources=["KS-1"])
    return AddedFindingInput(**(fields | changes))


def test_a_severity_change_keeps_the_original_in_view(db_session: Session) -> None:
    user = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=user).assessment
    overrides.change_severity(db_session, assessment, "OPS-1", "high",
                              "Stock errors cost this client most of its complaints.", user)
    db_session.commit()
    found = by_id(db_session, assessment)["OPS-1"]
    assert (found.severity, found.original_severity, found.dismissed) == ("high", "medium", False)
    assert found.override is not None and found.override.by == user.email
    assert found.title["en"] == "Stock is inaccurate"
    # the stored engine result is untouched
    stored = {f["rule"]: f["severity"] for f in assessment.result["result"]["findings"]}
    assert stored["OPS-1"] == "medium"
    event = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "override.severity"))
    assert event is not None and event.details["original_severity"] == "medium"
    assert event.details["justification"].startswith("Stock errors")


@pytest.mark.parametrize(
    ("rule", "severity", "justification", "message"),
    [
        ("OPS-1", "high", "   ", "justification"),
        ("OPS-1", "urgent", "Because.", "high, medium or low"),
        ("OPS-1", "medium", "Because.", "severity the rules gave"),
        ("OPS-2", "low", "Because.", "OPS-2 is not among"),
    ],
)
def test_bad_severity_changes_are_refused_and_store_nothing(
    db_session: Session, rule: str, severity: str, justification: str, message: str
) -> None:
    user = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=user).assessment
    with pytest.raises(OverrideError, match=message):
        overrides.change_severity(db_session, assessment, rule, severity, justification, user)
    db_session.rollback()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(FindingOverride)) == 0


def test_a_new_override_withdraws_the_previous_one(db_session: Session) -> None:
    user = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=user).assessment
    overrides.change_severity(db_session, assessment, "LEAD-1", "medium", "First view.", user)
    overrides.dismiss(db_session, assessment, "LEAD-1", "The board named a sponsor.", user)
    db_session.commit()
    assert by_id(db_session, assessment)["LEAD-1"].dismissed
    history = reviewed(db_session, assessment).history
    assert [(h.kind, h.withdrawn_at is None) for h in history] == [
        ("dismiss", True), ("severity", False)]

    overrides.withdraw(db_session, assessment, history[0].id, user)
    db_session.commit()
    back = by_id(db_session, assessment)["LEAD-1"]
    assert (back.severity, back.dismissed, back.override) == ("high", False, None)
    with pytest.raises(OverrideError, match="already withdrawn"):
        overrides.withdraw(db_session, assessment, history[0].id, user)


def test_withdrawing_an_override_of_another_assessment_is_refused(db_session: Session) -> None:
    user = make_user(db_session)
    first = submitted_assessment(db_session, owner=user).assessment
    second = submitted_assessment(db_session, owner=user).assessment
    made = overrides.dismiss(db_session, first, "SERV-1", "Not relevant.", user)
    db_session.commit()
    with pytest.raises(OverrideError, match="no such override"):
        overrides.withdraw(db_session, second, made.id, user)


def test_added_findings_get_their_own_ids_and_are_validated(db_session: Session) -> None:
    user = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=user).assessment
    questionnaire = bank.questionnaire_for(assessment)
    first = overrides.add_finding(db_session, assessment, questionnaire, an_added_finding(),
                                  "Seen during the site visit.", user)
    second = overrides.add_finding(db_session, assessment, questionnaire,
                                   an_added_finding(title="No stock alerts", area="operations",
                                                    owner="ops_manager", sources=[]),
                                   "Told by the warehouse lead.", user)
    db_session.commit()
    assert (first.rule_id, second.rule_id) == ("REV-1", "REV-2")
    added = by_id(db_session, assessment)["REV-1"]
    assert added.added and added.owner_name["en"] == "Customer service lead"
    assert added.original_severity is None and added.sources == ("KS-1",)

    for changes, field in [({"area": "nowhere"}, "area"), ({"owner": "ceo"}, "owner"),
                           ({"effort": "XL"}, "effort"), ({"title": " "}, "title"),
                           ({"sources": ["RR-9"]}, "sources"),
                           ({"title": "x" * 201}, "title")]:
        with pytest.raises(OverrideError) as raised:
            overrides.add_finding(db_session, assessment, questionnaire,
                                  an_added_finding(**changes), "Why not.", user)
        assert raised.value.field == field


def test_nothing_to_override_before_scoring(db_session: Session) -> None:
    user = make_user(db_session)
    assessment = make_assessment(db_session)
    with pytest.raises(OverrideError, match="not been scored"):
        overrides.dismiss(db_session, assessment, "LEAD-1", "Because.", user)


def test_the_report_review_carries_overrides_notes_and_the_approval(db_session: Session) -> None:
    user = make_user(db_session, "reviewer@example.com")
    assessment = submitted_assessment(db_session, owner=user).assessment
    questionnaire = bank.questionnaire_for(assessment)
    overrides.change_severity(db_session, assessment, "OPS-1", "low", "Seasonal only.", user)
    overrides.dismiss(db_session, assessment, "SERV-1", "Answered within hours now.", user)
    overrides.add_finding(db_session, assessment, questionnaire, an_added_finding(),
                          "Seen on site.", user)
    notes.add(db_session, assessment, user, "Internal: ask about peak season.")
    notes.add(db_session, assessment, user, "Discussed with the CFO.", rule_id="LEAD-1",
              in_report=True, finding_ids={"LEAD-1"})
    db_session.commit()

    draft = reviewed(db_session, assessment).review
    assert not draft.reviewed and draft.reviewer is None
    assert dict(draft.severities) == {"OPS-1": "low"} and draft.dismissed == {"SERV-1"}
    assert [a.title for a in draft.added] == ["No returns policy"]
    assert dict(draft.notes) == {"LEAD-1": "Discussed with the CFO."}

    review.start_review(db_session, assessment, user)
    review.approve(db_session, assessment, user)
    db_session.commit()
    approved = reviewed(db_session, assessment).review
    assert approved.reviewed and approved.reviewer == "reviewer@example.com"
    assert approved.reviewed_on == date.today()


def test_overrides_of_findings_that_no_longer_fire_are_reported_as_orphaned(
    db_session: Session,
) -> None:
    user = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=user).assessment
    overrides.dismiss(db_session, assessment, "SERV-1", "Not relevant.", user)
    db_session.commit()
    result = dict(assessment.result)
    inner = dict(result["result"])
    inner["findings"] = [f for f in inner["findings"] if f["rule"] != "SERV-1"]
    assessment.result = {**result, "result": inner}
    db_session.commit()
    assert [o.rule_id for o in reviewed(db_session, assessment).orphaned] == ["SERV-1"]
    assert reviewed(db_session, assessment).review.dismissed == frozenset()
