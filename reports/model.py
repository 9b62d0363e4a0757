"""The report model: plain, frozen data the templates render, built from the engine's result.

Nothing here renders or fetches; templates get these objects and nothing else (no
ORM objects, no engine objects), so the HTML is a pure function of the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup

from reports.plan import Roadmap


@dataclass(frozen=True)
class Respondent:
    """Someone who answered part of the assessment."""

    name: str
    role: str | None = None
    areas: tuple[str, ...] | None = None  # None: every area


@dataclass(frozen=True)
class OpenDisagreement:
    """Two respondents' answers to one question, not yet settled by the consultant (input).

    ``standing_value`` is the stored answer the report uses; the values are the engine's.
    """

    question_id: str
    standing_value: Any
    standing_by: str | None
    other_value: Any
    other_by: str | None


@dataclass(frozen=True)
class DisagreementView:
    """An open disagreement as the report prints it: the question and both answers in words."""

    question: str
    used: str
    used_by: str | None
    other: str
    other_by: str | None


@dataclass(frozen=True)
class BrandView:
    """The consultancy running the tool, as the report shows it (its language chosen)."""

    name: str
    logo: Markup  # validated inline SVG (assessment.branding)
    contact: str
    call_to_action: str | None  # None: the report's own default sentence


@dataclass(frozen=True)
class SourceRef:
    """A citation: the source id and a short human label (document, section)."""

    id: str
    label: str


@dataclass(frozen=True)
class FindingView:
    """A gap as printed: after review, in the report's language."""

    id: str
    area: str
    areas: tuple[str, ...]  # every area it concerns, its own first
    area_title: str
    severity: str
    original_severity: str | None  # set when a reviewer changed the severity
    title: str
    explanation: str
    recommendation: str
    owner: str
    owner_name: str
    effort: str
    sources: tuple[SourceRef, ...]
    note: str | None = None
    added_by_reviewer: bool = False


@dataclass(frozen=True)
class Band:
    """A band (red/amber/green) with its label; ``id`` None when nothing was scored."""

    id: str | None
    label: str


@dataclass(frozen=True)
class InPlace:
    """Something the organisation already does well: a question and its strong answer."""

    question: str
    answer: str


@dataclass(frozen=True)
class AreaReport:
    """One area's part of the report."""

    id: str
    title: str
    description: str
    weight: float
    score: float | None
    level: int | None
    level_name: str | None
    level_description: str | None
    band: Band
    confidence: float | None  # share of applicable questions with a real answer, 0..1
    dont_know: int
    answered: int
    applicable: int
    capped_by: tuple[str, ...]
    in_place: tuple[InPlace, ...]
    findings: tuple[FindingView, ...]
    related: tuple[FindingView, ...] = ()  # findings of other areas that also concern this one
    opening: tuple[str, ...] = ()  # the verdict sentences that open the page (assessment.verdicts)
    no_gaps: str = ""  # what the gap list says when it is empty (with the reason when not green)
    comments: tuple[Comment, ...] = ()  # the respondents' own words on this area


@dataclass(frozen=True)
class Comment:
    """A respondent's free-text answer shown on its area page, with who wrote it."""

    question: str
    text: str
    author: str | None
    role: str | None


@dataclass(frozen=True)
class Evidence:
    """An answer that tells who owns something: question, answer, who gave it."""

    question: str
    answer: str
    answered_by: str | None


@dataclass(frozen=True)
class Pillar:
    """One of KS-2's three ownership areas: experience, technology, executive sponsor."""

    id: str
    source: SourceRef
    status: str  # "in_place" | "gap" | "unknown"
    roles: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    gaps: tuple[FindingView, ...]


@dataclass(frozen=True)
class RoleStatus:
    """An owner role and whether the answers show it filled, missing or unknown."""

    id: str
    name: str
    status: str  # "present" | "missing" | "unknown" | "shared"
    sources: tuple[SourceRef, ...]
    open_findings: int


@dataclass(frozen=True)
class StakeholderMap:
    """Who owns what according to the answers, and which owners are missing."""

    small_team: bool  # KS-2: a handful of people do everything; roles are not split
    pillars: tuple[Pillar, ...]
    roles: tuple[RoleStatus, ...]


@dataclass(frozen=True)
class AnswerRow:
    """An applicable question in the appendix, with its answer and who gave it."""

    id: str
    question: str
    answer: str
    answered_by: str | None
    status: str  # "answered" | "dont_know" | "not_applicable" | "unanswered"
    long: bool = False  # free text worth a full-width row of its own


@dataclass(frozen=True)
class AnswerSection:
    """A questionnaire section in the appendix."""

    id: str
    title: str
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class SourceView:
    """A cited source: its passage in the report's language and where to find it."""

    id: str
    document: str  # "Adobe Commerce best practices — Key stakeholders"
    section: str  # the heading, quoted; or a place such as "introduction"
    citation: str  # "document, section"
    text: str


@dataclass(frozen=True)
class Overall:
    """The readiness index and its band and level."""

    score: float | None
    band: Band
    level: int | None
    level_name: str | None
    confidence: float | None
    high_gaps: int
    total_gaps: int
    verdict: tuple[str, ...] = ()  # the headline sentences (assessment.verdicts)
    no_gaps: str = ""  # what the top-gaps list says when it is empty


@dataclass(frozen=True)
class Report:
    """Everything the report templates render."""

    id: str
    language: str
    language_name: str
    title: str
    organisation: str
    report_date: date
    report_date_text: str
    questionnaire_id: str
    questionnaire_title: str
    questionnaire_version: str
    rules_version: str
    reviewed: bool
    reviewer: str | None
    overall: Overall
    radar: Markup
    top_gaps: tuple[FindingView, ...]
    stakeholders: StakeholderMap
    areas: tuple[AreaReport, ...]
    plan: Roadmap[FindingView]  # the roadmap: actions in phases up to and after go-live
    appendix: tuple[AnswerSection, ...]
    sources: tuple[SourceView, ...]
    respondents: tuple[Respondent, ...]
    band_minimums: tuple[tuple[str, float], ...] = ()  # (band id, minimum score)
    disagreements: tuple[DisagreementView, ...] = ()  # answers still under discussion
    levels: tuple[tuple[int, str, str], ...] = field(default=())  # (level, name, description)
    edition: str = "full"  # "executive" or "full": which parts report.html includes
    brand: BrandView | None = None  # the consultancy: cover, closing page
    timeline: Markup = field(default_factory=Markup)  # the roadmap as an SVG (reports.timeline)
    peers: Mapping[str, str] = field(default_factory=dict)  # area id: peer benchmark sentence
