"""Questions that do not lead (issue 10): help texts explain, "don't know" where honest.

A self-assessment invites socially desirable answers when its help argues for the "right"
one. Help texts say what a question or its options mean; they do not recommend, rank or
repeat the best option. Every required question offers "don't know" unless it asks a basic
fact about the respondent's own organisation that every respondent can answer.
"""

from __future__ import annotations

import re

import pytest

from assessment.engine import Questionnaire, load_bank
from assessment.engine.bank import DEFAULT_ROOT
from assessment.engine.question_types import MultipleChoice, Scale, SingleChoice

BANK = DEFAULT_ROOT / "commerce-readiness"
LANGUAGES = ("en", "nl", "fr", "sv")

# Basic facts every respondent knows; the start page's promise of "don't know" leaves them out.
NO_DONT_KNOW = {"pr_org_size", "pr_team_structure", "pr_business_model"}

# Words that argue for an answer rather than explain the question, per language.
LEADING = {
    "en": r"recommend|should|must|essential|is key|invaluable|number one"
    r"|the more|the less|make sure|it is important",
    "nl": r"aanbevolen|aan te bevelen|moet|moeten|essentieel|cruciaal|belangrijkste|het best",
    "fr": r"recommand|doit|doivent|essentiel|indispensable|primordial|il faut",
    "sv": r"rekommend|måste|bör|avgörande|viktigaste|ovärderlig",
}


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    assert BANK.is_dir(), f"the question bank is missing: {BANK}"
    return load_bank().get("commerce-readiness")


def test_every_required_question_offers_dont_know_except_the_basic_facts(
    bank: Questionnaire,
) -> None:
    without = {q.id for q in bank.questions.values() if q.required and not q.allow_dont_know}
    assert without == NO_DONT_KNOW


def test_the_expected_peak_may_be_unknown(bank: Questionnaire) -> None:
    assert bank.questions["peak_orders_per_day"].allow_dont_know


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_help_text_argues_for_an_answer(bank: Questionnaire, lang: str) -> None:
    pattern = re.compile(rf"(?<!\w)(?:{LEADING[lang]})", re.IGNORECASE)
    leading = {
        q.id: match.group(0)
        for q in bank.questions.values()
        if q.help and (match := pattern.search(q.help[lang]))
    }
    assert leading == {}


def _best_labels(question: object, lang: str) -> list[str]:
    if isinstance(question, (SingleChoice, MultipleChoice)) and question.scored:
        top = max(question.choice_points.values())
        return [c.label[lang] for c in question.choices if (c.points or 0) == top]
    if isinstance(question, Scale):
        return [question.labels[question.max][lang]]
    return []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_help_text_repeats_the_best_option(bank: Questionnaire, lang: str) -> None:
    def words(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))

    repeats = [
        q.id
        for q in bank.questions.values()
        if q.help
        for label in _best_labels(q, lang)
        if len(label.split()) >= 3 and words(label) in words(q.help[lang])
    ]
    assert repeats == []


def test_the_prepublish_help_is_about_checks_before_publishing(bank: Questionnaire) -> None:
    help_text = bank.questions["ct_prepublish_checks"].help
    assert help_text is not None
    assert "before publication" in help_text["en"]
    assert "vóór publicatie" in help_text["nl"]
    assert "avant la publication" in help_text["fr"]
    assert "före publicering" in help_text["sv"]
