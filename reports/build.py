"""Build the report model from the engine's result, the answers, respondents and a review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel import Locale
from babel.dates import format_date

from assessment.branding import DEFAULT_BRANDING, Branding
from assessment.engine import Questionnaire, Result, route
from assessment.engine.precision import shown_score
from assessment.engine.question_types import QuestionBase
from assessment.reviewed import Review, ReviewedFinding, apply_review, in_force, text
from reports import stakeholders as spec
from reports.answers import answer_status, format_answer
from reports.charts import Axis, radar_svg
from reports.comments import area_comments
from reports.disagreements import disagreement_views
from reports.i18n import translations
from reports.identity import report_id
from reports.model import (
    AnswerRow,
    AnswerSection,
    AreaReport,
    Band,
    BrandView,
    Evidence,
    FindingView,
    InPlace,
    OpenDisagreement,
    Overall,
    Pillar,
    Report,
    Respondent,
    RoleStatus,
    SourceView,
    StakeholderMap,
)
from reports.peers import peer_texts
from reports.plan import SEVERITY_WEIGHT, questionnaire_roadmap
from reports.sources import source_ref, source_views
from reports.timeline import timeline_svg
from reports.verdict_words import Words

TOP_GAPS = 5
LONG_ANSWER = 60  # characters; longer free text gets a full-width row


@dataclass(frozen=True)
class ReportInput:
    """Everything a report is made from; the same input always gives the same report."""

    questionnaire: Questionnaire
    result: Result
    answers: Mapping[str, Any]
    language: str
    organisation: str
    report_date: date
    respondents: Sequence[Respondent] = ()
    answered_by: Mapping[str, str] = field(default_factory=dict)  # question id -> name
    review: Review = field(default_factory=Review)
    disagreements: Sequence[OpenDisagreement] = ()  # answers respondents still dispute
    hidden_comments: frozenset[str] = frozenset()  # free-text answers left out of the report
    peers: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # area: (percentile, n)
    edition: str = "full"  # "executive" (at most 8 pages) or "full"
    branding: Branding = DEFAULT_BRANDING  # the consultancy: cover, closing page


EDITIONS = ("executive", "full")


def build_report(data: ReportInput) -> Report:
    """The complete report model for ``data``."""
    q, lang = data.questionnaire, data.language
    gettext = translations(lang).gettext
    if data.edition not in EDITIONS:
        raise ValueError(f"unknown report edition {data.edition!r}; use one of {EDITIONS}")
    findings = _findings(data)
    routed = route(q, dict(data.answers)).sections
    applicable = [question for view in routed for question in view.questions]
    areas = tuple(_area(data, area.id, findings, applicable) for area in q.areas)
    overall = _overall(data, areas, findings, gettext)
    plan = questionnaire_roadmap(q, data.answers, findings, lang, gettext)
    return Report(
        id=report_id(data),
        language=lang,
        language_name=_language_name(lang),
        title=gettext("Commerce readiness gap report"),
        organisation=data.organisation,
        report_date=data.report_date,
        report_date_text=format_date(data.report_date, format="long", locale=lang),
        questionnaire_id=q.id,
        questionnaire_title=q.text(q.title, lang),
        questionnaire_version=q.version,
        rules_version=q.rules_version,
        reviewed=data.review.reviewed,
        reviewer=consultant_name(data.review.reviewer),
        overall=overall,
        radar=_radar(data, areas, gettext),
        top_gaps=tuple(_ranked(findings, q)[:TOP_GAPS]),
        stakeholders=_stakeholders(data, findings, gettext),
        areas=areas,
        plan=plan,
        timeline=timeline_svg(plan, gettext),
        appendix=_appendix(data, routed, gettext),
        sources=_sources(data, findings),
        peers=peer_texts(data.peers, lang),
        respondents=tuple(data.respondents),
        band_minimums=tuple((band.id, band.min) for band in q.bands),
        disagreements=disagreement_views(q, data.disagreements, lang, gettext),
        levels=tuple(
            (lv.level, q.text(lv.name, lang), q.text(lv.description, lang)) for lv in q.levels
        ),
        edition=data.edition,
        brand=brand_view(data.branding, lang),
    )


def consultant_name(reviewer: str | None) -> str | None:
    """The reviewer as the cover may name them: never an e-mail address."""
    name = (reviewer or "").strip()
    return name if name and "@" not in name else None


def brand_view(branding: Branding, lang: str) -> BrandView:
    """The consultancy's name, logo, contact and call to action in the report's language."""
    return BrandView(branding.name, branding.logo, branding.contact,
                     branding.call_to_action_in(lang))


def _language_name(lang: str) -> str:
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def _findings(data: ReportInput) -> list[FindingView]:
    """The findings as reviewed (``assessment.reviewed``), dismissed ones left out."""
    reviewed = in_force(apply_review(data.result, data.review))
    views = [_view(data, f) for f in reviewed]
    order = {view.id: index for index, view in enumerate(views)}
    return sorted(views, key=lambda v: (SEVERITY_WEIGHT[v.severity], order[v.id]))


def _view(data: ReportInput, finding: ReviewedFinding) -> FindingView:
    q, lang = data.questionnaire, data.language

    def words(mapping: Mapping[str, str]) -> str:
        return text(mapping, lang, q.default_language)

    changed = finding.original_severity not in (None, finding.severity)
    return FindingView(
        id=finding.id,
        area=finding.area,
        areas=finding.areas,
        area_title=_area_title(q, finding.area, lang),
        severity=finding.severity,
        original_severity=finding.original_severity if changed else None,
        title=words(finding.title),
        explanation=words(finding.explanation),
        recommendation=words(finding.recommendation),
        owner=finding.owner,
        owner_name=_role_name(q, finding.owner, lang),
        effort=finding.effort,
        sources=tuple(source_ref(q, s, lang) for s in finding.sources),
        note=finding.note,
        added_by_reviewer=finding.added,
    )


def _area_title(q: Questionnaire, area_id: str, lang: str) -> str:
    try:
        return q.text(q.area(area_id).title, lang)
    except KeyError:
        return area_id


def _role_name(q: Questionnaire, role_id: str, lang: str) -> str:
    role = q.roles.get(role_id)
    return q.text(role.name, lang) if role else role_id


def _ranked(findings: Sequence[FindingView], q: Questionnaire) -> list[FindingView]:
    """Most important first: severity, then the weight of the area, then rule order."""
    weights = {area.id: area.weight for area in q.areas}
    return sorted(findings, key=lambda f: (SEVERITY_WEIGHT[f.severity], -weights.get(f.area, 0)))


def _band(q: Questionnaire, band_id: str | None, lang: str, gettext: Any) -> Band:
    if band_id is None:
        return Band(None, gettext("Not scored"))
    return Band(band_id, q.text(q.band(band_id).label, lang))


def _level_of(q: Questionnaire, score: float | None) -> int | None:
    if score is None:
        return None
    reached = [level.level for level in q.levels if score >= level.min]
    return max(reached) if reached else None


def _area(
    data: ReportInput,
    area_id: str,
    findings: Sequence[FindingView],
    applicable: Sequence[QuestionBase],
) -> AreaReport:
    q, lang = data.questionnaire, data.language
    area, scored = q.area(area_id), data.result.areas[area_id]
    gettext = translations(lang).gettext
    level = q.level(scored.level) if scored.level else None
    own = tuple(f for f in findings if f.area == area_id)
    related = tuple(f for f in findings if f.area != area_id and area_id in f.areas)
    opening, none_found = _words(data).area(area_id, own)
    return AreaReport(
        id=area_id,
        title=q.text(area.title, lang),
        description=q.text(area.description, lang),
        weight=area.weight,
        score=scored.score,
        level=scored.level,
        level_name=q.text(level.name, lang) if level else None,
        level_description=q.text(level.description, lang) if level else None,
        band=_band(q, scored.band, lang, gettext),
        confidence=scored.confidence,
        dont_know=scored.dont_know,
        answered=scored.answered,
        applicable=scored.applicable,
        capped_by=tuple(scored.capped_by),
        in_place=_in_place(data, area_id, applicable),
        findings=own,
        related=related,
        opening=opening,
        no_gaps=none_found,
        comments=area_comments(q, lang, area_id, applicable, data.answers, data.answered_by,
                               data.respondents, data.hidden_comments),
    )


def _words(data: ReportInput) -> Words:
    return Words(data.questionnaire, data.result, data.language, data.organisation)


def _in_place(
    data: ReportInput, area_id: str, applicable: Sequence[QuestionBase]
) -> tuple[InPlace, ...]:
    """Scored questions of the area whose answer reaches the top band's threshold."""
    q, lang = data.questionnaire, data.language
    gettext = translations(lang).gettext
    strong = max(band.min for band in q.bands)
    items = []
    for question in applicable:
        if q.area_of(question.id) != area_id or not question.scored:
            continue
        value = data.answers.get(question.id)
        if answer_status(question, value) == "answered" and question.score(value) >= strong:
            items.append(
                InPlace(
                    q.text(question.text, lang), format_answer(q, question, value, lang, gettext)
                )
            )
    return tuple(items)


def _overall(
    data: ReportInput, areas: Sequence[AreaReport], findings: Sequence[FindingView], gettext: Any
) -> Overall:
    q, lang = data.questionnaire, data.language
    score = data.result.overall.score
    level = data.result.overall.level or _level_of(q, score)
    applicable = sum(a.applicable for a in areas if a.confidence is not None)
    confidence = (
        sum((a.confidence or 0) * a.applicable for a in areas) / applicable if applicable else None
    )
    verdict, none_found = _words(data).overall(findings)
    return Overall(
        verdict=verdict,
        no_gaps=none_found,
        score=score,
        band=_band(q, data.result.overall.band, lang, gettext),
        level=level,
        level_name=q.text(q.level(level).name, lang) if level else None,
        confidence=confidence,
        high_gaps=sum(1 for f in findings if f.severity == "high"),
        total_gaps=len(findings),
    )


def _radar(data: ReportInput, areas: Sequence[AreaReport], gettext: Any) -> Any:
    q = data.questionnaire
    scores = ", ".join(
        f"{a.title} {gettext('n/a') if a.score is None else shown_score(a.score)}" for a in areas
    )
    return radar_svg(
        [Axis(a.title, a.score, a.band.id) for a in areas],
        title=gettext("Radar chart of the area scores: %(scores)s") % {"scores": scores},
        band_thresholds=[(band.id, band.min) for band in q.bands],
        not_scored=gettext("n/a"),
    )


def _stakeholders(
    data: ReportInput, findings: Sequence[FindingView], gettext: Any
) -> StakeholderMap:
    q, answers, lang = data.questionnaire, data.answers, data.language
    small = any(s.status(answers.get(s.question)) == "present" for s in spec.SMALL_TEAM_SIGNALS)
    pillars = tuple(_pillar(data, pillar, findings, gettext) for pillar in spec.PILLARS)
    owned = {role: sum(1 for f in findings if f.owner == role) for role in q.roles}
    roles = []
    for role in q.roles.values():
        status = _role_status(data, role.id, small)
        roles.append(
            RoleStatus(
                role.id,
                q.text(role.name, lang),
                status,
                tuple(source_ref(q, s, lang) for s in role.sources),
                owned.get(role.id, 0),
            )
        )
    return StakeholderMap(small_team=small, pillars=pillars, roles=tuple(roles))


def _role_status(data: ReportInput, role_id: str, small_team: bool) -> str:
    signal = spec.ROLE_SIGNALS.get(role_id)
    if signal is None or signal.question not in data.questionnaire.questions:
        return "not_asked"
    status = signal.status(data.answers.get(signal.question))
    if status is None:
        return "unknown"
    if status == "missing" and small_team and role_id not in spec.ALWAYS_REQUIRED:
        return "shared"
    return status


def _pillar(
    data: ReportInput, pillar: spec.PillarSpec, findings: Sequence[FindingView], gettext: Any
) -> Pillar:
    q, lang = data.questionnaire, data.language
    gaps = tuple(f for f in findings if any(s.id == pillar.source for s in f.sources))
    decided = pillar.signal.status(data.answers.get(pillar.signal.question))
    status = {"present": "in_place", "missing": "gap"}.get(decided or "", "unknown")
    if status == "in_place" and any(f.severity == "high" for f in gaps):
        status = "gap"
    evidence = []
    for question_id in pillar.evidence:
        question = q.questions.get(question_id)
        if question is None:
            continue
        value = data.answers.get(question_id)
        evidence.append(
            Evidence(
                q.text(question.text, lang),
                format_answer(q, question, value, lang, gettext),
                data.answered_by.get(question_id),
            )
        )
    return Pillar(
        pillar.id,
        source_ref(q, pillar.source, lang),
        status,
        tuple(_role_name(q, r, lang) for r in pillar.roles if r in q.roles),
        tuple(evidence),
        gaps,
    )


def _appendix(data: ReportInput, routed: Sequence[Any], gettext: Any) -> tuple[AnswerSection, ...]:
    q, lang = data.questionnaire, data.language
    sections = []
    for view in routed:
        rows = tuple(
            AnswerRow(
                id=question.id,
                question=q.text(question.text, lang),
                answer=format_answer(q, question, data.answers.get(question.id), lang, gettext),
                answered_by=data.answered_by.get(question.id),
                status=answer_status(question, data.answers.get(question.id)),
                long=_is_long(data.answers.get(question.id)),
            )
            for question in view.questions
            if question.id not in data.hidden_comments  # hidden from the client report
        )
        sections.append(AnswerSection(view.section.id, q.text(view.section.title, lang), rows))
    return tuple(sections)


def _is_long(value: Any) -> bool:
    return isinstance(value, str) and len(value) > LONG_ANSWER


def _sources(data: ReportInput, findings: Sequence[FindingView]) -> tuple[SourceView, ...]:
    """Every source the report cites, in catalogue order, in the report's language only."""
    cited = {ref.id for f in findings for ref in f.sources}
    cited |= {p.source for p in spec.PILLARS}
    cited |= {s for role in data.questionnaire.roles.values() for s in role.sources}
    return source_views(data.questionnaire, cited, data.language)
