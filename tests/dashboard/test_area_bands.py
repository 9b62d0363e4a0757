"""The indexed per-area bands follow Assessment.area_summary, whoever changes it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import Assessment
from assessment.models.listing import AssessmentAreaBand, area_bands
from assessment.services import scoring
from tests.dashboard.conftest import seed
from tests.factories import (
    WEBTEST_BACK_OFFICE,
    WEBTEST_PROFILE,
    WEBTEST_WAREHOUSE,
    answers,
    make_assessment,
)


def stored(session: Session, assessment: Assessment) -> dict[str, str]:
    rows = session.scalars(
        sa.select(AssessmentAreaBand).where(AssessmentAreaBand.assessment_id == assessment.id)
    )
    return {row.area_id: row.band for row in rows}


def test_area_bands_reads_only_scored_areas() -> None:
    summary = {
        "a": {"progress": 1.0, "band": "red"},
        "b": {"progress": 0.5},
        "c": {"band": ""},
        "d": "not a mapping",
    }
    assert area_bands(summary) == {"a": "red"}
    assert area_bands(None) == {}


def test_a_new_assessment_with_a_summary_gets_its_rows(db_session: Session) -> None:
    [assessment] = seed(db_session, 1, area_summary={"warehouse": {"band": "amber"}})
    assert stored(db_session, assessment) == {"warehouse": "amber"}


def test_rows_follow_changes_to_the_summary(db_session: Session) -> None:
    [assessment] = seed(db_session, 1)
    assert stored(db_session, assessment) == {}
    assessment.area_summary = {"warehouse": {"band": "red"}, "back_office": {"band": "green"}}
    db_session.commit()
    assert stored(db_session, assessment) == {"warehouse": "red", "back_office": "green"}
    assessment.area_summary = {"warehouse": {"band": "amber"}, "back_office": {"progress": 1}}
    db_session.commit()
    assert stored(db_session, assessment) == {"warehouse": "amber"}
    assessment.area_summary = None
    db_session.commit()
    assert stored(db_session, assessment) == {}


def test_other_changes_leave_the_rows_alone(db_session: Session) -> None:
    [assessment] = seed(db_session, 1, area_summary={"warehouse": {"band": "red"}})
    assessment.status = "in_review"
    db_session.commit()
    assert stored(db_session, assessment) == {"warehouse": "red"}


def test_deleting_the_assessment_deletes_its_rows(db_session: Session) -> None:
    [assessment] = seed(db_session, 1, area_summary={"warehouse": {"band": "red"}})
    db_session.delete(assessment)
    db_session.commit()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AssessmentAreaBand)) == 0


def test_scoring_fills_the_rows_through_the_web_core_service(db_session: Session) -> None:
    """End to end with the real answers and scoring services: no hook to call by hand."""
    assessment = make_assessment(db_session)
    answers(db_session, assessment, {**WEBTEST_PROFILE, **WEBTEST_BACK_OFFICE, **WEBTEST_WAREHOUSE})
    scoring.score(db_session, assessment)
    db_session.commit()
    expected = {
        area: entry["band"]
        for area, entry in (assessment.area_summary or {}).items()
        if entry.get("band")
    }
    assert expected, "the webtest answers should score both areas"
    assert stored(db_session, assessment) == expected
