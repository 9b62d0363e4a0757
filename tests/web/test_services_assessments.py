"""Organisations, assessments and the audit log as services."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import Assessment, AuditEvent, Organisation, Status
from assessment.services import assessments, audit, bank, organisations
from assessment.services.assessments import AssessmentError
from assessment.services.organisations import OrganisationError
from tests.factories import WEBTEST_CONFIG, make_assessment, make_org


@pytest.fixture
def app_config() -> dict[str, Any]:
    return WEBTEST_CONFIG


def test_get_or_create_finds_names_regardless_of_case_and_spacing(db_session: Session) -> None:
    created = organisations.get_or_create(db_session, "  Demo   Retail BV ", actor="cli")
    again = organisations.get_or_create(db_session, "demo retail bv")
    assert created.id == again.id and created.name == "Demo Retail BV"
    events = db_session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "organisation.created")
    ).all()
    assert len(events) == 1 and events[0].actor == "cli"


@pytest.mark.parametrize(("name", "message"), [("   ", "empty"), ("x" * 201, "at most 200")])
def test_bad_organisation_names(db_session: Session, name: str, message: str) -> None:
    with pytest.raises(OrganisationError, match=message):
        organisations.get_or_create(db_session, name)


def test_start_pins_the_newest_questionnaire_and_audits(db_session: Session) -> None:
    organisation = make_org(db_session)
    assessment = assessments.start(db_session, organisation, language="nl", actor="cli")
    db_session.commit()
    latest = bank.latest()
    assert (assessment.questionnaire_id, assessment.questionnaire_version) == (
        latest.id, latest.version)
    assert (assessment.status, assessment.language, assessment.progress) == (
        Status.INVITED, "nl", 0.0)
    # every area is listed from the start, so lists can show per-area progress at once
    assert assessment.area_summary == {"back_office": {"progress": 0.0},
                                       "warehouse": {"progress": 0.0}}
    (event,) = audit.events_for(db_session, assessment)
    assert event.action == "assessment.created"
    assert event.details["questionnaire_version"] == "1.0.0"


def test_start_defaults_to_the_questionnaires_first_language(db_session: Session) -> None:
    assessment = assessments.start(db_session, make_org(db_session))
    assert assessment.language == "en"


def test_start_refuses_a_language_the_questionnaire_lacks(db_session: Session) -> None:
    offers = "Unknown language 'fr'; the questionnaire offers en, nl"
    with pytest.raises(AssessmentError, match=offers):
        assessments.start(db_session, make_org(db_session), language="fr")


def test_open_for_returns_the_newest_open_assessment(db_session: Session) -> None:
    organisation = make_org(db_session)
    assert assessments.open_for(db_session, organisation) is None
    older = make_assessment(db_session, organisation)
    newer = make_assessment(db_session, organisation)
    assert assessments.open_for(db_session, organisation) == newer
    make_assessment(db_session, organisation, status=Status.APPROVED)
    newer.status = Status.SUBMITTED.value
    db_session.commit()
    assert assessments.open_for(db_session, organisation) == older


def test_summaries_list_every_assessment_with_its_organisation(db_session: Session) -> None:
    first = make_assessment(db_session, make_org(db_session, "Beta"))
    second = make_assessment(db_session, make_org(db_session, "Alpha"), status=Status.APPROVED)
    second.progress, second.overall_band = 1.0, "green"
    db_session.commit()
    rows = assessments.summaries(db_session)
    assert [r.to_json() for r in rows] == [
        {"id": first.id, "organisation": "Beta", "status": "invited", "progress": 0.0,
         "overall_band": None},
        {"id": second.id, "organisation": "Alpha", "status": "approved", "progress": 1.0,
         "overall_band": "green"},
    ]


def test_audit_record_gets_the_id_of_a_new_assessment(db_session: Session) -> None:
    organisation = make_org(db_session)
    assessment = Assessment(organisation=organisation, questionnaire_id="webtest",
                            questionnaire_version="1.0.0", rules_version="1.0.0",
                            questionnaire_fingerprint="f")
    db_session.add(assessment)
    event = audit.record(db_session, "test.happened", assessment=assessment, actor="user:1",
                         details={"why": "testing"})
    db_session.commit()
    assert event.assessment_id == assessment.id is not None
    assert event.at.tzinfo is not None
    stored = db_session.scalars(sa.select(AuditEvent).where(AuditEvent.id == event.id)).one()
    assert (stored.action, stored.actor, stored.details) == ("test.happened", "user:1",
                                                             {"why": "testing"})


def test_audit_events_without_an_assessment(db_session: Session) -> None:
    audit.record(db_session, "system.checked")
    db_session.commit()
    event = db_session.scalars(sa.select(AuditEvent)).one()
    assert (event.assessment_id, event.actor, event.details) == (None, "system", {})
    assert db_session.scalar(sa.select(sa.func.count(Organisation.id))) == 0
