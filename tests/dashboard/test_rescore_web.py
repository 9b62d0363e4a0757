"""Re-scoring from the dashboard: the notice, the preview, applying it, a stale preview."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.engine import clear_cache
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import (
    copied_bank_config,
    newer_bank,
    submitted_assessment,
)
from tests.factories import make_user


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return copied_bank_config(tmp_path)


def words(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def release(app: Flask, tmp_path: Path) -> None:
    app.config["QUESTIONS_DIR"] = newer_bank(tmp_path / "next")
    clear_cache()


def test_preview_then_apply(app: Flask, client: FlaskClient, db_session: Session,
                            tmp_path: Path) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    detail = f"/dashboard/assessments/{assessment.id}"
    assert "A newer version" not in words(client.get(detail))
    release(app, tmp_path)
    assert "A newer version of the questionnaire or its rules is available." in words(
        client.get(detail))
    overview = words(client.get("/dashboard/rescore"))
    assert "1 assessment" in overview and "1.0.0 (rules 1.0.0) 1.1.0 (rules 1.1.0)" in overview

    preview = client.get(f"{detail}/rescore")
    text = words(preview)
    assert "Operations Red 35 Amber 50" not in text  # nothing stored yet
    assert "Other severity Stock is inaccurate OPS-1 · severity Medium → High" in text
    assert "No longer raised Slow answers to customers SERV-1 · Low" in text
    token = re.search(r'name="token" type="hidden" value="([^"]+)"',
                      preview.get_data(as_text=True))
    assert token is not None
    response = client.post(f"{detail}/rescore", data={"token": token.group(1)})
    assert response.status_code == 303 and response.headers["Location"] == detail
    db_session.refresh(assessment)
    assert assessment.rules_version == "1.1.0"
    after = words(client.get(detail))
    assert "Re-scored on version 1.1.0 (rules 1.1.0)." in after
    assert "Re-scored on a new version" in after  # the activity log


def test_a_stale_preview_is_refused(app: Flask, client: FlaskClient, db_session: Session,
                                    tmp_path: Path) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    release(app, tmp_path)
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/rescore"
    response = client.post(url, data={"token": "from-an-old-page"})
    assert response.headers["Location"] == url
    assert "changed since you looked at the changes" in words(client.get(url))
    db_session.refresh(assessment)
    assert assessment.rules_version == "1.0.0"
