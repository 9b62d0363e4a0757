"""The loaded questionnaire: definitions plus everything precomputed for fast evaluation."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assessment.engine.definition import Area, Band, Document, Level, Role, Rule, Source
from assessment.engine.expressions import Compiled, Env
from assessment.engine.question_types import PROFILE, QuestionBase
from assessment.engine.result import Finding
from assessment.engine.rule_values import RuleValues
from assessment.engine.text import pick


@dataclass(frozen=True)
class Page:
    """A page of a section: a few of its questions, shown together, in section order."""

    id: str
    question_ids: tuple[str, ...]
    title: Mapping[str, str] | None = None


@dataclass(frozen=True, eq=False)
class Section:
    """One section: its area (or ``profile``), texts, condition, questions and pages in order.

    ``pages`` is never empty: a section without ``pages`` in its file is one page whose id
    is the section id.
    """

    id: str
    area: str
    title: Mapping[str, str]
    intro: Mapping[str, str] | None
    show_if: str | None
    questions: tuple[QuestionBase, ...]
    file: str
    pages: tuple[Page, ...] = ()

    def __post_init__(self) -> None:
        if not self.pages:
            whole = Page(self.id, tuple(question.id for question in self.questions))
            object.__setattr__(self, "pages", (whole,))

    @property
    def is_profile(self) -> bool:
        """Whether this is (part of) the unscored profile."""
        return self.area == PROFILE

    @functools.cached_property
    def _page_by_question(self) -> dict[str, Page]:
        return {qid: page for page in self.pages for qid in page.question_ids}

    def page_of(self, question_id: str) -> Page:
        """The page holding ``question_id``; raises KeyError for a question of another section."""
        return self._page_by_question[question_id]


@dataclass(frozen=True, eq=False, slots=True)
class QuestionStep:
    """A question in questionnaire order with its compiled condition and scoring facts."""

    question: QuestionBase
    section_index: int
    show_if: Compiled | None
    area: str
    scored: bool
    weight: float


@dataclass(frozen=True, eq=False, slots=True)
class SectionStep:
    """A section in order with its compiled condition and its question steps."""

    section: Section
    show_if: Compiled | None
    steps: tuple[QuestionStep, ...]


@dataclass(frozen=True, eq=False, slots=True)
class RuleStep:
    """A rule with its compiled ``when`` and the (immutable) finding it reports."""

    rule: Rule
    when: Compiled
    finding: Finding
    severities: tuple[tuple[Compiled, Finding], ...] = ()
    values: RuleValues | None = None

    def finding_for(self, env: Env) -> Finding | None:
        """The finding with the severity of the first ``severity_if`` that holds, else the
        rule's own; its texts filled with the rule's values (None: a text cannot be filled
        and has no fallback, see ``rule_values``)."""
        chosen = next((found for when, found in self.severities if when(env) is True), None)
        finding = self.finding if chosen is None else chosen
        return finding if self.values is None else self.values.apply(finding, env)


@dataclass(frozen=True, eq=False)
class Plan:
    """Everything compiled once at load time so routing and scoring only run closures."""

    sections: tuple[SectionStep, ...]
    rules: tuple[RuleStep, ...]
    constraints: Mapping[str, Compiled]
    area_weights: Mapping[str, float]
    levels_desc: tuple[tuple[float, int], ...]
    bands_desc: tuple[tuple[float, str], ...]


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """A validated questionnaire definition (see the contract for each attribute)."""

    id: str
    version: str
    rules_version: str
    languages: tuple[str, ...]
    title: Mapping[str, str]
    description: Mapping[str, str]
    areas: tuple[Area, ...]
    levels: tuple[Level, ...]
    bands: tuple[Band, ...]
    sections: tuple[Section, ...]
    questions: Mapping[str, QuestionBase]
    rules: tuple[Rule, ...]
    roles: Mapping[str, Role]
    sources: Mapping[str, Source]
    documents: Mapping[str, Document]
    fingerprint: str
    path: Path
    plan: Plan = field(repr=False)
    question_areas: Mapping[str, str] = field(repr=False, default_factory=dict)
    conditions: Mapping[str, str] = field(repr=False, default_factory=dict)

    @property
    def default_language(self) -> str:
        """The first language: the fallback for missing texts."""
        return self.languages[0]

    @property
    def area_ids(self) -> tuple[str, ...]:
        """The scored area ids in definition order."""
        return tuple(area.id for area in self.areas)

    def text(self, mapping: Mapping[str, str] | None, lang: str) -> str:
        """``mapping`` in ``lang``, falling back to the default language."""
        return pick(mapping, lang, self.default_language)

    def area(self, area_id: str) -> Area:
        """The area with this id; raises KeyError."""
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id; raises KeyError."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def area_of(self, question_id: str) -> str:
        """The area (or ``profile``) of a question; raises KeyError."""
        return self.question_areas[question_id]

    def level(self, level: int) -> Level:
        """The maturity level with this number; raises KeyError."""
        for found in self.levels:
            if found.level == level:
                return found
        raise KeyError(level)

    def band(self, band_id: str) -> Band:
        """The band with this id; raises KeyError."""
        for found in self.bands:
            if found.id == band_id:
                return found
        raise KeyError(band_id)

    def __repr__(self) -> str:
        return f"<Questionnaire {self.id} {self.version}>"
