"""Routing: which sections and questions apply, given the answers so far.

Sections and questions are walked in definition order. A section applies when its
``show_if`` definitely holds; a question when its section applies and its own ``show_if``
definitely holds. Conditions only ever see answers to questions that apply (conditions may
only name earlier questions, so one forward pass is exact): answers on paths not taken are
kept by the caller but play no part in routing, scoring or rules. An answer that is not a
valid value for its question (see ``check_answers``) counts as no answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assessment.engine.expressions import ANSWERED, DONT_KNOW, NOT_APPLICABLE, Env
from assessment.engine.model import Questionnaire, QuestionStep, Section, SectionStep
from assessment.engine.question_types import (
    DONT_KNOW as DONT_KNOW_VALUE,
)
from assessment.engine.question_types import (
    NOT_APPLICABLE as NOT_APPLICABLE_VALUE,
)
from assessment.engine.question_types import (
    PROFILE,
    QuestionBase,
)


@dataclass(frozen=True, slots=True)
class Progress:
    """How many of the questions that apply have a response (dont_know and n/a count)."""

    answered: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent answered (100 when nothing applies)."""
        return 100 if self.total == 0 else (100 * self.answered) // self.total


@dataclass(frozen=True, slots=True)
class SectionView:
    """A section that applies, with only the questions that apply, in order."""

    section: Section
    questions: list[QuestionBase]


@dataclass(frozen=True)
class Route:
    """The path through the questionnaire for a set of answers."""

    sections: list[SectionView]
    unanswered: list[str]
    missing_required: list[str]
    progress: Progress
    section_order: tuple[str, ...] = ()

    @property
    def question_ids(self) -> list[str]:
        """Ids of the questions that apply, in order."""
        return [q.id for view in self.sections for q in view.questions]

    @property
    def complete(self) -> bool:
        """Whether every required question that applies has a response."""
        return not self.missing_required

    def applies(self, question_id: str) -> bool:
        """Whether the question is on this route."""
        return any(q.id == question_id for view in self.sections for q in view.questions)

    def applicable_answers(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The answers to questions on this route; answers on paths not taken are dropped."""
        return {qid: answers[qid] for qid in self.question_ids if qid in answers}

    def section(self, section_id: str) -> SectionView | None:
        """The section on this route with this id, if it applies."""
        return next((view for view in self.sections if view.section.id == section_id), None)

    def next_section(self, after: str | None = None) -> SectionView | None:
        """The first section on the route after section ``after`` in definition order (the
        first section when None); ``after`` need not be on the route itself."""
        if after is None:
            return self.sections[0] if self.sections else None
        position = self.section_order.index(after) if after in self.section_order else -1
        for view in self.sections:
            if self.section_order.index(view.section.id) > position:
                return view
        return None


@dataclass(slots=True)
class Walk:
    """The sections and questions that apply, and the environment their conditions saw."""

    env: Env
    shown: list[tuple[SectionStep, list[QuestionStep]]]


def classify(question: QuestionBase, value: Any) -> str | None:
    """The response status of ``value``: answered, dont_know, not_applicable, or None."""
    if question.is_blank(value):
        return None
    if isinstance(value, str) and value == DONT_KNOW_VALUE:
        return DONT_KNOW if question.allow_dont_know else None
    if isinstance(value, str) and value == NOT_APPLICABLE_VALUE:
        return NOT_APPLICABLE if question.allow_not_applicable else None
    return ANSWERED if question.check_value(value) is None else None


def walk(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Walk:
    """One forward pass over the plan: what applies and the answers conditions may see."""
    env = Env()
    values, status = env.values, env.status
    constraints = questionnaire.plan.constraints
    shown: list[tuple[SectionStep, list[QuestionStep]]] = []
    for section_step in questionnaire.plan.sections:
        if section_step.show_if is not None and section_step.show_if(env) is not True:
            continue
        visible: list[QuestionStep] = []
        for step in section_step.steps:
            if step.show_if is not None and step.show_if(env) is not True:
                continue
            visible.append(step)
            question = step.question
            found = classify(question, answers.get(question.id))
            if found is None:
                continue
            status[question.id] = found
            if found == ANSWERED:
                values[question.id] = answers[question.id]
                constraint = constraints.get(question.id)
                if constraint is not None and constraint(env) is False:
                    del values[question.id], status[question.id]
        shown.append((section_step, visible))
    return Walk(env, shown)


def route(
    questionnaire: Questionnaire, answers: Mapping[str, Any], areas: Iterable[str] | None = None
) -> Route:
    """The sections and questions that apply, in order, with what is unanswered and progress.

    ``areas`` restricts the route to those areas (for an area-scoped invitation); the profile
    always stays. Visibility is decided on all answers, whoever gave them.
    """
    wanted = _area_filter(questionnaire, areas)
    result = walk(questionnaire, answers)
    status = result.env.status
    views: list[SectionView] = []
    unanswered: list[str] = []
    missing: list[str] = []
    answered = 0
    for section_step, steps in result.shown:
        section = section_step.section
        if not steps or (wanted is not None and section.area not in wanted):
            continue
        views.append(SectionView(section, [step.question for step in steps]))
        for step in steps:
            if step.question.id in status:
                answered += 1
                continue
            unanswered.append(step.question.id)
            if step.question.required:
                missing.append(step.question.id)
    total = sum(len(view.questions) for view in views)
    order = tuple(s.id for s in questionnaire.sections)
    return Route(views, unanswered, missing, Progress(answered, total), order)


def _area_filter(questionnaire: Questionnaire, areas: Iterable[str] | None) -> set[str] | None:
    if areas is None:
        return None
    wanted = set(areas)
    unknown = wanted - set(questionnaire.area_ids) - {PROFILE}
    if unknown:
        raise ValueError(f"unknown area(s): {', '.join(sorted(unknown))}")
    return wanted | {PROFILE}
