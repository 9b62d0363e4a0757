"""Fixtures of the report tests: a small four-language questionnaire, its complete
fixture, hostile answers, and PDFs rendered once per session (rendering is the slow part).

PNG pages of every PDF rendered here go to ``artefacts/reports/<name>/`` (gitignored) so a
person can look at them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml
from report_support import (
    DATA,
    HOSTILE_NAME,
    HOSTILE_TEXT,
    Rendered,
    make_input,
    save_pngs,
)

from assessment.engine import Questionnaire, load_questionnaire
from reports import Report, Review, build_report


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    """The report tests' questionnaire (tests/reports/data/report-mini)."""
    return load_questionnaire(DATA)


@pytest.fixture(scope="session")
def complete_answers() -> dict[str, Any]:
    """The answers of the mini questionnaire's complete fixture."""
    fixture = yaml.safe_load((DATA / "fixtures" / "complete.yaml").read_text(encoding="utf-8"))
    return dict(fixture["answers"])


@pytest.fixture(scope="session")
def build(mini: Questionnaire, complete_answers: dict[str, Any]) -> Callable[..., Report]:
    """Build a report of the mini questionnaire; keyword arguments change the input."""
    def _build(language: str = "en", answers: dict[str, Any] | None = None,
               **extra: Any) -> Report:
        return build_report(make_input(mini, answers or complete_answers, language, **extra))
    return _build


@pytest.fixture(scope="session")
def rendered(build: Callable[..., Report]) -> Callable[[str], Rendered]:
    """The complete fixture rendered to PDF, once per language per session."""
    cache: dict[str, Rendered] = {}

    def _rendered(language: str) -> Rendered:
        if language not in cache:
            cache[language] = Rendered(build(language))
            save_pngs(f"complete-{language}", cache[language].pdf)
        return cache[language]
    return _rendered


@pytest.fixture(scope="session")
def hostile(mini: Questionnaire, complete_answers: dict[str, Any]) -> Rendered:
    """A report whose free texts and names are hostile: markup, RTL, emoji, huge words."""
    answers = {**complete_answers, "eb_notes": HOSTILE_TEXT[:5000],
               "wh_notes": "<script>document.write('x')</script>" + "🚀" * 50}
    review = Review(reviewed=True, reviewer=HOSTILE_NAME,
                    notes={"EB-NO-SPONSOR": "<iframe src=https://example.com/>"})
    data = make_input(mini, answers, organisation=HOSTILE_NAME,
                      respondents=[{"name": HOSTILE_NAME, "role": "<i>CTO</i>"}],
                      review=review.to_dict())
    rendered = Rendered(build_report(data))
    save_pngs("hostile", rendered.pdf)
    return rendered
