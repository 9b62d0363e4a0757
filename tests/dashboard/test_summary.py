"""The summary for a proposal: headline messages, top three gaps and first steps, as
Markdown and plain text, in the assessment's language, word for word as the report."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.services import summary
from assessment.services.reports import report_input
from reports import build_report
from reports.i18n import translations
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.dashboard.test_reviewed_result import reviewed_and_approved
from tests.factories import make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


HEADINGS = ("Executive summary", "The most important gaps", "Roadmap")  # the report's own


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_markdown_and_text_say_what_the_report_says(
    client: FlaskClient, db_session: Session, lang: str
) -> None:
    user, answered = reviewed_and_approved(db_session)
    assessment = answered.assessment
    assessment.language = lang
    db_session.commit()
    report = build_report(report_input(db_session, assessment, lang))
    gettext = translations(lang).gettext
    sign_in(client, user)
    markdown = client.get(f"/dashboard/assessments/{assessment.id}/summary.md")
    text = client.get(f"/dashboard/assessments/{assessment.id}/summary.txt")
    assert markdown.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert text.headers["Content-Type"] == "text/plain; charset=utf-8"
    md, plain = markdown.get_data(as_text=True), text.get_data(as_text=True)
    headings = [gettext(heading) for heading in HEADINGS]
    assert (lang == "en") == (headings == list(HEADINGS))
    for heading in headings:
        assert f"## {heading}" in md and heading.upper() in plain
    # The headline list: the report's first sentence (readiness index) and first priority.
    index = gettext("Readiness index %(score)s / 100: %(band)s.")
    first_headline = index.split("%(score)s")[0]
    assert re.search(rf"^- {re.escape(first_headline)}", md, re.M)
    assert re.search(rf"^• {re.escape(first_headline)}", plain, re.M)
    top = report.top_gaps[:3]
    assert len(top) == 3
    for number, gap in enumerate(top, 1):
        assert f"{number}. {gap.title} (" in plain
        assert gap.recommendation in plain
        assert f"**{summary._md(gap.title)}**" in md
    assert len(re.findall(r"^\d+\. ", plain, re.M)) == min(3, len(report.top_gaps))
    first_phase = report.plan.shown[0]
    assert f"## {headings[2]} — {summary._md(first_phase.label)}" in md
    for step in first_phase.items:
        assert step.finding.title in plain
    assert report.overall.verdict[0] in plain
    assert "REV-1" not in plain and "<" not in plain  # words, never ids or markup


def test_another_language_on_request_and_a_bad_one_is_a_400(
    client: FlaskClient, db_session: Session
) -> None:
    user, answered = reviewed_and_approved(db_session)
    sign_in(client, user)
    url = f"/dashboard/assessments/{answered.assessment.id}/summary.txt"
    dutch = translations("nl").gettext("The most important gaps")
    assert "knelpunten" in dutch
    assert dutch.upper() in client.get(url + "?lang=nl").get_data(as_text=True)
    refused = client.get(url + "?lang=de")
    assert refused.status_code == 400
    assert "There is no summary in de" in refused.get_data(as_text=True)


def test_before_scoring_there_is_no_summary(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session, "owner@example.com")
    answered = submitted_assessment(db_session, owner=user)
    answered.assessment.result = None
    db_session.commit()
    sign_in(client, user)
    response = client.get(f"/dashboard/assessments/{answered.assessment.id}/summary.md")
    assert response.status_code == 409
    page = client.get(f"/dashboard/assessments/{answered.assessment.id}").get_data(as_text=True)
    assert 'id="summary"' not in page


@pytest.mark.parametrize("lang, words", [
    ("en", ("Summary for a proposal", "Copy summary (Markdown)")),
    ("nl", ("Samenvatting voor een voorstel", "Samenvatting kopiëren (Markdown)")),
])
def test_the_detail_page_offers_the_copy_with_a_fallback(
    client: FlaskClient, db_session: Session, lang: str, words: tuple[str, ...]
) -> None:
    user, answered = reviewed_and_approved(db_session)
    sign_in(client, user)
    page = client.get(f"/dashboard/assessments/{answered.assessment.id}",
                      headers={"Accept-Language": lang}).get_data(as_text=True)
    for word in words:
        assert word in page
    assert "/static/js/copy_summary.js" in page and "<script>" not in page
    # Nothing is built for the panel: the boxes and buttons fetch the text when asked.
    aid = answered.assessment.id
    for fmt, box in (("md", "summary-markdown"), ("txt", "summary-text")):
        url = f"/dashboard/assessments/{aid}/summary.{fmt}"
        assert f'id="{box}" readonly rows="14" data-src="{url}"></textarea>' in page
        assert f'data-copy="{box}" data-src="{url}"' in page
        assert client.get(url).status_code == 200
