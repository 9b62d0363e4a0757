"""The start, check-your-answers and confirmation pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Response, url_for
from flask_babel import get_locale

from assessment.blueprints.questionnaire import colleagues, flow, paging, shared_answers
from assessment.blueprints.questionnaire import context as ctx
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.blueprints.questionnaire.message_pages import render
from assessment.blueprints.questionnaire.pages import display, progress_view
from assessment.engine import Result, Route, SectionView
from assessment.engine.precision import shown_score
from assessment.extensions import db
from assessment.services import change_requests, references
from assessment.services.stored_answers import AnswerSet
from assessment.verdicts import caution, headline, no_gaps, priority, say, standing
from assessment.web import translations

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def changes_requested_notice() -> ctx.Notice:
    """The banner of the review page when a consultant asked for changes (0007)."""
    return ctx.Notice(
        "warning",
        gettext("Your consultant asked you to look again at some answers"),
        gettext(
            "Their comments are shown next to those answers below. Change what needs "
            "changing, then submit your answers again. The other answers stay as they are."
        ),
    )


TOP_GAPS = 3


@dataclass(frozen=True)
class StartView(ctx.StartPage):
    """The start page, and whether colleagues answer other parts of the assessment."""

    colleagues: bool = False


def start(current: flow.Respondent) -> StartView:
    """The start page of a respondent who has not begun."""
    _stored, path = _route(current)
    questionnaire = current.questionnaire
    covered = [a for a in questionnaire.areas if current.invitation.covers(a.id)]
    name = current.invitation.respondent_name
    return StartView(
        title=current.translate(questionnaire.title),
        greeting=gettext("Welcome, %(name)s.", name=name) if name else None,
        description=current.translate(questionnaire.description),
        areas=[
            ctx.AreaView(
                current.translate(a.title),
                current.translate(a.description) if a.description else None,
            )
            for a in covered
        ],
        questions=path.progress.total,
        sections=len(path.sections),
        expires=ctx.display_date(current.invitation.expires_at, current.language),
        start_url=flow.first_section_url(current),
        colleagues=bool(colleagues.others(current.invitation)),
    )


def _route(current: flow.Respondent) -> tuple[AnswerSet, Route]:
    path, stored = flow.review_data(current)
    return stored, path


def review(current: flow.Respondent, missing: Sequence[str] = ()) -> Response:
    """Check your answers; with ``missing``, the questions that block submitting."""
    stored, path = _route(current)
    values = stored.values()
    unanswered = set(path.unanswered)
    comments = {c.question_id: c.body
                for c in change_requests.open_comments_for(current.invitation)}
    fixed = shared_answers.read_only(current, stored, [q for v in path.sections
                                                       for q in v.questions])
    sections = [
        _review_section(current, view, stored, values, unanswered, comments, fixed)
        for view in path.sections
    ]
    errors = [
        ctx.ErrorLink(
            href=f"{_page_of(path, q)}#{q}",
            text=gettext(
                "Answer “%(question)s”",
                question=current.translate(current.questionnaire.questions[q].text),
            ),
        )
        for q in missing
        if _page_of(path, q)
    ]
    page = ctx.ReviewPage(
        sections=sections,
        progress=progress_view(current, path, stored),
        submit_action=url_for("questionnaire.submit"),
        back_url=_last_page_url(path),
        errors=errors,
        others_pending=any(i.submitted_at is None for i in colleagues.others(current.invitation)),
        notices=[changes_requested_notice()] if comments else [],
    )
    return render("questionnaire/review.html", 400 if errors else 200, page=page)


def copy_sections(current: flow.Respondent) -> list[ctx.ReviewSection]:
    """The respondent's questions and answers, section by section, with nothing to change."""
    stored, path = _route(current)
    values, unanswered = stored.values(), set(path.unanswered)
    return [_review_section(current, view, stored, values, unanswered, {})
            for view in path.sections]


def _last_page_url(path: Route) -> str | None:
    """Back from the review page: the last page on the route."""
    stops = paging.stops(path)
    return stops[-1].url if stops else None


def _page_of(path: Route, question_id: str) -> str:
    """The URL of the page holding a question on the route ("" when it is not on it)."""
    stop = paging.holding(path, question_id)
    return stop.url if stop else ""


def _review_section(
    current: flow.Respondent,
    view: SectionView,
    stored: AnswerSet,
    values: dict[str, Any],
    unanswered: set[str],
    comments: dict[str, str],
    fixed: Mapping[str, str] | None = None,
) -> ctx.ReviewSection:
    url = flow.section_url(view.section.id)
    page_urls = {q.id: stop.url for stop in paging.stops_in(view) for q in stop.questions}
    rows = []
    for question in view.questions:
        answer = stored.get(question.id)
        by_other = answer is not None and answer.invitation_id not in (None, current.invitation.id)
        # Changes requested: only the commented (or still unanswered) questions can change.
        open_to_change = not comments or question.id in comments or question.id in unanswered
        read_only = question.id in (fixed or {})  # a colleague's fixed answer (shared_answers)
        rows.append(
            ctx.ReviewRow(
                question_id=question.id,
                question=current.translate(question.text),
                answer=display(current, question, values.get(question.id)),
                answered=question.id not in unanswered,
                required=bool(question.required),
                change_url=(f"{page_urls[question.id]}?return=review&question={question.id}"
                            f"#{question.id}") if open_to_change and not read_only else "",
                answered_by=answer.answered_by if by_other and answer else None,
                comment=comments.get(question.id),
                answered_on=ctx.display_date(answer.updated_at, current.language)
                if by_other and answer else "",
                disagree_url=url_for("questionnaire.disagree", question_id=question.id)
                if read_only else "",
            )
        )
    return ctx.ReviewSection(title=current.translate(view.section.title), rows=rows, change_url=url)


@dataclass(frozen=True)
class DoneView(ctx.DonePage):
    """The confirmation: the reference, how far colleagues are, whether results are final."""

    reference: str = ""
    reviewed: bool = False  # a consultant has approved the results: no provisional score
    parts_done: int = 0
    parts_total: int = 0
    copy_url: str = ""
    verdict: str = ""  # the provisional verdict in words (assessment.verdicts)
    no_gaps: str = ""  # said when no gap concerns the respondent's areas, with the reason


def done(current: flow.Respondent) -> DoneView:
    """Thanks, and the short (provisional) summary when the assessment shows it."""
    assessment = current.invitation.assessment
    reviewed = assessment.approved_at is not None
    stored = assessment.result if assessment.show_summary and not reviewed else None
    summary = _summary(current, stored["result"]) if stored else None
    verdict, none_found = _verdict(current, stored["result"]) if stored else ("", "")
    parts = colleagues.parts(current.invitation)
    return DoneView(
        respondent=current.invitation.respondent_name,
        summary=summary,
        pending=stored is None and parts.done < parts.total,
        reference=references.reference_for(db.session(), current.invitation),
        reviewed=reviewed,
        parts_done=parts.done,
        parts_total=parts.total,
        copy_url=url_for("questionnaire.answers_copy"),
        verdict=verdict,
        no_gaps=none_found,
    )


def _verdict(current: flow.Respondent, stored: dict[str, Any]) -> tuple[str, str]:
    """The verdict sentences of the whole assessment, and what to say when the respondent's
    own areas have no gap (why, when their scores are not green)."""
    result = Result.from_dict(stored)
    questionnaire, language = current.questionnaire, str(get_locale())
    organisation = current.invitation.assessment.organisation.name

    def words(verdict: Any) -> str:
        return say(verdict, translations.current(), language,
                   lambda a: current.translate(questionnaire.area(a).title), organisation)

    whole = standing(result)
    said = [v for v in (headline(whole, "page"), priority(whole), caution(whole.confidence))
            if v]
    mine = standing(result, areas=current.areas)
    return " ".join(words(v) for v in said), words(no_gaps(mine.areas, "yours"))


def _summary(current: flow.Respondent, stored: dict[str, Any]) -> ctx.SummaryView:
    data = Result.from_dict(stored).to_json(current.language)
    questionnaire, areas = current.questionnaire, current.areas
    band = data["overall"]["band"]
    mine = [
        f
        for f in data["findings"]
        if areas is None or any(a in areas for a in [f["area"], *f.get("areas", [])])
    ]
    mine.sort(key=lambda f: SEVERITY_ORDER.get(f["severity"], 3))
    score = data["overall"]["score"]
    return ctx.SummaryView(
        band=band,
        band_label=(
            current.translate(questionnaire.band(band).label)
            if band
            else gettext("Not enough answers to score")
        ),
        score=None if score is None else f"{shown_score(score)}/100",
        findings=[
            ctx.Finding(
                title=f["title"],
                severity=f["severity"],
                severity_label=_severity_label(f["severity"]),
                area=current.translate(questionnaire.area(f["area"]).title),
                recommendation=f["recommendation"],
            )
            for f in mine[:TOP_GAPS]
        ],
    )


def _severity_label(severity: str) -> str:
    labels = {
        "high": gettext("High priority"),
        "medium": gettext("Medium priority"),
        "low": gettext("Low priority"),
    }
    return labels.get(severity, severity)
