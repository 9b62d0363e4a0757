"""Helpers for the client-flow tests: a respondent driving the test client like a browser.

The tests use their own small questionnaire (``tests/web/flowdata/clientflow``: every
question type, branching inside a section and across sections, a constraint, rules),
so what a page must show is known exactly.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from assessment.models import Answer, Invitation
from tests.factories import make_assessment, make_invitation

FLOW_CONFIG: dict[str, Any] = {
    "QUESTIONS_DIR": Path(__file__).parent / "flowdata",
    "QUESTIONNAIRE_ID": "clientflow",
}
PROFILE = {"org_size": "small", "business_model": ["b2b", "b2c"], "peak_orders_per_day": "1200"}
LEADERSHIP = {"sponsor": "yes", "sponsor_involvement": "4", "checkpoints": "weekly",
              "kpis": ["revenue", "roi"]}
OPERATIONS = {"packing_per_hour": "40", "shift_hours": "8", "stock_accuracy": "95",
              "b2b_portal": "yes"}


class _Inputs(HTMLParser):
    """Collects the hidden inputs, and which inputs are checked, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.checked: dict[str, list[str]] = {}
        self.values: dict[str, str] = {}
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if "id" in found:
            self.ids.add(found["id"])
        if tag != "input" or "name" not in found:
            return
        name, value = found["name"], found.get("value", "")
        if found.get("type") == "hidden":
            self.hidden[name] = value
        elif found.get("type") in {"radio", "checkbox"} and "checked" in found:
            self.checked.setdefault(name, []).append(value)
        elif found.get("type") == "text":
            self.values[name] = value


def inputs(page: str) -> _Inputs:
    """The inputs of an HTML page."""
    parser = _Inputs()
    parser.feed(page)
    return parser


def text_of(response: TestResponse) -> str:
    """The page's text with entities decoded (for "in" assertions on messages)."""
    return html.unescape(response.get_data(as_text=True))


class Browser:
    """One respondent's browser: a test client with its own cookie jar, posting real forms."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.pages: dict[str, str] = {}

    def open_link(self, token: str) -> TestResponse:
        """Open an invitation link (the exchange redirects; not followed)."""
        return self.client.get(f"/i/{token}")

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        """GET a page and remember its forms for the next post to the same path."""
        response = self.client.get(path, **kwargs)
        self.pages[path] = response.get_data(as_text=True)
        return response

    def section(self, section_id: str) -> TestResponse:
        """GET a section page."""
        return self.get(f"/a/s/{section_id}")

    def hidden(self, path: str) -> dict[str, str]:
        """The hidden fields of the page last fetched at ``path``."""
        return inputs(self.pages[path]).hidden

    def save(self, section_id: str, answers: dict[str, Any], action: str = "continue",
             extra: dict[str, Any] | None = None, fetch: bool = True) -> TestResponse:
        """Post a section as a browser would: its hidden fields plus ``answers``.

        ``fetch`` GETs the page first; False posts the page fetched before (an old tab).
        """
        path = f"/a/s/{section_id}"
        if fetch or path not in self.pages:
            self.section(section_id)
        data: dict[str, Any] = {**self.hidden(path), **answers, "action": action, **(extra or {})}
        response = self.client.post(path, data=data)
        if response.status_code != 302:
            self.pages[path] = response.get_data(as_text=True)
        return response

    def csrf(self, path: str = "/a/review") -> str:
        """A CSRF token from a page (fetched now)."""
        self.get(path)
        return self.hidden(path)["csrf_token"]

    def submit(self) -> TestResponse:
        """Submit from the check-your-answers page."""
        return self.client.post("/a/submit", data={"csrf_token": self.csrf()})

    def walk(self, profile: dict[str, Any] | None = None) -> TestResponse:
        """Answer every section of the test questionnaire that applies, then submit."""
        for section_id, answers in (("profile", profile or PROFILE),
                                    ("leadership", LEADERSHIP), ("operations", OPERATIONS)):
            response = self.section(section_id)
            if response.status_code != 200:
                continue
            saved = self.save(section_id, answers, fetch=False)
            if saved.headers.get("Location", "").endswith(f"/a/s/{section_id}"):
                saved = self.save(section_id, answers)  # questions revealed by the answers
            assert saved.status_code == 302, text_of(saved)
        return self.submit()


def stored(session: Session, assessment_id: int) -> dict[str, Any]:
    """What the database holds for an assessment: question id → value."""
    rows = session.scalars(sa.select(Answer).where(Answer.assessment_id == assessment_id))
    return {row.question_id: row.value for row in rows if row.value is not None}


def signed_in(
    client: FlaskClient, session: Session, **invitation: Any
) -> tuple[Browser, Invitation]:
    """A browser that has opened a fresh invitation link."""
    assessment = invitation.pop("assessment", None) or make_assessment(session)
    made, token = make_invitation(session, assessment, **invitation)
    browser = Browser(client)
    assert browser.open_link(token).status_code == 302
    return browser, made
