"""Without REDIS_URL (the embedded default) renders run in a background thread of the web
process: the download answers 202 at once, and the PDF once the job has run."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment import jobs
from assessment.models.report_cache import RenderState
from assessment.services.released_reports import report_languages
from tests.jobs.support import (
    QUEUED_CONFIG,
    break_the_renderer,
    downloads,
    owner_of,
    render_row,
    scored,
    sign_in,
    stored,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**QUEUED_CONFIG, "REPORT_PRERENDER": False}


def test_the_download_answers_at_once_and_the_pdf_once_the_job_ran(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = scored(db_session)
    sign_in(client, owner_of(db_session, assessment))
    url = f"/reports/{assessment.id}.pdf"
    first = client.get(url)
    assert first.status_code == 202
    page = first.get_data(as_text=True)
    assert "Your report is being prepared" in page
    assert '<meta http-equiv="refresh" content="3; url=' in page
    assert "<script" not in page
    status = client.get(f"/reports/{assessment.id}/status.json?edition=full").get_json()
    assert status["state"] in {"queued", "rendering", "ready"}
    jobs.wait_for_in_process_jobs()
    status = client.get(f"/reports/{assessment.id}/status.json?edition=full").get_json()
    assert status == {"state": "ready", "error": None,
                      "download_url": f"/reports/{assessment.id}.pdf?lang=en&edition=full"}
    ready = client.get(f"{url}?waited=1")
    assert ready.status_code == 200 and "Your report is ready" in ready.get_data(as_text=True)
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert stored(db_session, assessment) == [("en", "full")]
    assert [d["cached"] for d in downloads(db_session, assessment)] == [True]
    assert render_row(db_session, assessment).state == RenderState.READY


def test_a_page_in_dutch_and_the_executive_summary(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = scored(db_session)
    sign_in(client, owner_of(db_session, assessment))
    page = client.get(f"/reports/{assessment.id}.pdf?edition=executive",
                      headers={"Accept-Language": "nl"})
    assert page.status_code == 202
    assert "Uw rapport wordt voorbereid" in page.get_data(as_text=True)
    jobs.wait_for_in_process_jobs()
    assert stored(db_session, assessment) == [("en", "executive")]


def test_a_failed_render_is_retried_then_shown_with_a_way_to_try_again(
    client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    assessment = scored(db_session)
    sign_in(client, owner_of(db_session, assessment))
    tries = break_the_renderer(monkeypatch, "the renderer ran out of memory")
    assert client.get(f"/reports/{assessment.id}.pdf").status_code == 202
    jobs.wait_for_in_process_jobs()
    assert len(tries) == 3, "the first try and two retries"
    row = render_row(db_session, assessment)
    assert (row.state, row.attempts) == (RenderState.FAILED, 3)
    failed = client.get(f"/reports/{assessment.id}.pdf")
    assert failed.status_code == 503
    page = failed.get_data(as_text=True)
    assert "could not be rendered, even after retrying" in page and "Attempts: 3." in page
    assert "the renderer ran out of memory" in page and "Try again" in page
    assert "http-equiv" not in page, "a failed page does not refresh forever"
    assert client.get(f"/reports/{assessment.id}/status.json").get_json() == {
        "state": "failed", "download_url": None, "error": "the renderer ran out of memory"}
    detail = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert "could not be rendered" in detail
    monkeypatch.undo()
    again = client.post(f"/reports/{assessment.id}/retry", data={"edition": "full"})
    assert again.status_code == 303 and "waited=1" in again.headers["Location"]
    jobs.wait_for_in_process_jobs()
    assert client.get(f"/reports/{assessment.id}.pdf").data.startswith(b"%PDF-")
    detail = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert "could not be rendered" not in detail


def test_status_and_retry_keep_the_download_s_access_rules(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = scored(db_session)
    other = owner_of(db_session, scored(db_session))
    sign_in(client, other)
    assert client.get(f"/reports/{assessment.id}/status.json").status_code == 404
    assert client.post(f"/reports/{assessment.id}/retry").status_code == 404
    assert client.get(f"/reports/{assessment.id}.pdf").status_code == 404
    assert stored(db_session, assessment) == []


class TestPrerender:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return QUEUED_CONFIG

    def test_approval_renders_both_editions_before_anyone_asks(
        self, client: FlaskClient, db_session: Session
    ) -> None:
        assessment = scored(db_session)
        sign_in(client, owner_of(db_session, assessment))
        base = f"/dashboard/assessments/{assessment.id}"
        assert client.post(f"{base}/review/start").status_code in {302, 303}
        approve = client.post(f"{base}/review/approve", data={"confirm": "yes"})
        assert approve.status_code in {302, 303}
        jobs.wait_for_in_process_jobs()
        # Both editions as they were in review, and again as approved (a new report date),
        # then the approved ones in every other language too: the whole release for sales.
        languages = report_languages(assessment.questionnaire_id,
                                     assessment.questionnaire_version)
        assert len(languages) > 1
        assert set(stored(db_session, assessment)) == {
            (lang, edition) for lang in languages for edition in ("executive", "full")}
        for edition in ("full", "executive"):
            response = client.get(f"/reports/{assessment.id}.pdf?edition={edition}")
            assert response.status_code == 200 and response.data.startswith(b"%PDF-")
        assert [d["cached"] for d in downloads(db_session, assessment)] == [True, True]
