"""Pages inside a section: the implicit single page, declared pages, and every page error
reported at its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.engine import (
    DefinitionError,
    Issue,
    Page,
    Section,
    load_bank,
    load_questionnaire,
)

from .builders import copy_mini, line_of

LEAD = "sections/leadership.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_mini(tmp_path / "mini")


def add_pages(folder: Path, pages: str) -> str:
    """Append a ``pages:`` block to the leadership section; return the new text."""
    path = folder / LEAD
    text = path.read_text(encoding="utf-8") + "pages:\n" + pages
    path.write_text(text, encoding="utf-8")
    return text


def issues_of(folder: Path) -> list[Issue]:
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire(folder)
    return caught.value.issues


def only_issue(folder: Path) -> Issue:
    issues = issues_of(folder)
    assert len(issues) == 1, "\n".join(map(str, issues))
    return issues[0]


def assert_at(issue: Issue, line: int, message: str) -> None:
    assert issue.file.endswith(LEAD), issue
    assert issue.line == line, issue
    assert message in issue.message, issue


def leadership(folder: Path) -> Section:
    return next(s for s in load_questionnaire(folder).sections if s.id == "leadership")


def test_a_section_without_pages_is_one_page_named_after_it(folder: Path) -> None:
    section = leadership(folder)
    assert section.pages == (
        Page("leadership", ("sponsor", "sponsor_involvement", "checkpoints", "kpis"), None),
    )
    assert section.page_of("kpis").id == "leadership"


def test_declared_pages_are_kept_in_order_with_titles(folder: Path) -> None:
    add_pages(
        folder,
        "  - id: sponsorship\n"
        "    title: {en: Sponsorship, nl: Sponsorschap}\n"
        "    questions: [sponsor, sponsor_involvement]\n"
        "  - id: steering\n"
        "    questions: [checkpoints, kpis]\n",
    )
    section = leadership(folder)
    assert [page.id for page in section.pages] == ["sponsorship", "steering"]
    assert section.pages[0].question_ids == ("sponsor", "sponsor_involvement")
    assert section.pages[0].title == {"en": "Sponsorship", "nl": "Sponsorschap"}
    assert section.pages[1].title is None
    assert section.page_of("sponsor_involvement") is section.pages[0]
    assert section.page_of("kpis") is section.pages[1]
    with pytest.raises(KeyError):
        section.page_of("org_size")


def test_unknown_question_on_a_page(folder: Path) -> None:
    text = add_pages(
        folder,
        "  - id: one\n    questions: [sponsor, sponsor_involvement, checkpoints, kpis]\n"
        "  - id: two\n    questions: [org_size]\n",
    )
    assert_at(
        only_issue(folder),
        line_of(text, "questions: [org_size]"),
        "page 'two': unknown question 'org_size' (not in section 'leadership')",
    )


def test_a_question_on_two_pages(folder: Path) -> None:
    text = add_pages(
        folder,
        "  - id: one\n    questions: [sponsor, sponsor_involvement]\n"
        "  - id: two\n    questions: [sponsor_involvement, checkpoints, kpis]\n",
    )
    assert_at(
        only_issue(folder),
        line_of(text, "questions: [sponsor_involvement, checkpoints"),
        "question 'sponsor_involvement' is on page 'one' and on page 'two'",
    )


def test_a_question_on_no_page_is_reported_where_it_is_defined(folder: Path) -> None:
    text = add_pages(folder, "  - id: one\n    questions: [sponsor, sponsor_involvement, kpis]\n")
    assert_at(
        only_issue(folder),
        line_of(text, "- id: checkpoints"),
        "question 'checkpoints' is on no page",
    )


def test_questions_out_of_section_order(folder: Path) -> None:
    text = add_pages(
        folder,
        "  - id: one\n    questions: [sponsor, checkpoints]\n"
        "  - id: two\n    questions: [sponsor_involvement, kpis]\n",
    )
    assert_at(
        only_issue(folder),
        line_of(text, "questions: [sponsor_involvement, kpis]"),
        "page 'two': question 'sponsor_involvement' is out of order",
    )


def test_out_of_order_within_one_page(folder: Path) -> None:
    text = add_pages(
        folder, "  - id: one\n    questions: [sponsor_involvement, sponsor, checkpoints, kpis]\n"
    )
    issue = only_issue(folder)
    assert_at(issue, line_of(text, "questions: [sponsor_involvement, sponsor"), "'sponsor'")
    assert "out of order" in issue.message


def test_duplicate_page_id(folder: Path) -> None:
    text = add_pages(
        folder,
        "  - id: one\n    questions: [sponsor, sponsor_involvement]\n"
        "  - id: one\n    questions: [checkpoints, kpis]\n",
    )
    lines = text.splitlines()
    first, second = [n for n, line in enumerate(lines, start=1) if line == "  - id: one"]
    issue = only_issue(folder)
    assert_at(issue, second, "duplicate page id 'one'")
    assert f"{LEAD}:{first})" in issue.message


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ("  - id: one\n    questions: []\n", "questions: List should have at least 1 item"),
        ("  - id: One\n    questions: [sponsor]\n", "pages[0].id: String should match pattern"),
        ("  - questions: [sponsor]\n", "missing required key 'id'"),
        ("  - id: one\n    qs: [sponsor]\n", "unknown key 'qs'"),
    ],
)
def test_malformed_pages_are_shape_errors(folder: Path, pages: str, message: str) -> None:
    add_pages(folder, pages)
    found = issues_of(folder)
    assert any(message in issue.message and issue.file.endswith(LEAD) for issue in found), found


def test_every_section_of_the_bank_is_paged_in_small_groups() -> None:
    questionnaire = load_bank().get("commerce-readiness")
    for section in questionnaire.sections:
        ids = [question.id for question in section.questions]
        assert [qid for page in section.pages for qid in page.question_ids] == ids
        assert len(section.pages) > 1 or len(ids) <= 5, section.id
        for page in section.pages:
            assert 1 <= len(page.question_ids) <= 6, (section.id, page.id)
            if page.title is not None:
                assert set(page.title) == set(questionnaire.languages)


def test_a_follow_up_in_the_bank_is_on_the_page_of_the_question_it_depends_on() -> None:
    questionnaire = load_bank().get("commerce-readiness")
    checked = 0
    for section in questionnaire.sections:
        ids = {question.id for question in section.questions}
        for question in section.questions:
            named = set(re.findall(r"[a-z][a-z0-9_]*", question.show_if or "")) & ids
            for earlier in named:
                assert section.page_of(earlier) is section.page_of(question.id), question.id
                checked += 1
    assert checked >= 1
