"""The gap report of a stored assessment: gather its inputs, name it, render it.

A report is identified by a hash of everything that determines it (answers and who gave
them, the stored result, the review, versions, template, language, organisation, report
date): ``prepare`` computes that cache key in a few queries without rendering, and
``services/report_store.py`` keeps the PDF under it in the database, so a report is
rendered again only when one of those changes. The stored result is used as it is (never
re-scored here), so the report says what the dashboard says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.branding import DEFAULT_BRANDING, Branding
from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.models.user import User
from assessment.services import bank, benchmark, comments, disagreements, stored_answers
from assessment.services.errors import N_, DomainError
from assessment.services.reviewed import reviewed_result
from reports import (
    OpenDisagreement,
    ReportInput,
    Respondent,
    build_report,
    render_html,
    render_pdf,
)
from reports.build import EDITIONS
from reports.cache import ReportFile, cache_key
from reports.i18n import LANGUAGES
from reports.identity import report_digest


class ReportNotReady(Exception):
    """The assessment has no stored result yet: there is nothing to report."""


class UnknownEdition(DomainError):
    """The edition asked for is neither "executive" nor "full" (a 400)."""


def check_edition(edition: str) -> str:
    """The edition if there is one of that name; UnknownEdition (a 400) otherwise."""
    if edition not in EDITIONS:
        raise UnknownEdition(N_("There is no report edition %(edition)s: choose the executive "
                                "summary or the full report.", edition=edition[:40]), "edition")
    return edition


def report_input(session: Session, assessment: Assessment, language: str | None = None,
                 edition: str = "full", branding: Branding = DEFAULT_BRANDING, *,
                 peers: bool = True) -> ReportInput:
    """Everything the report of this assessment is made from (a few queries, no render);
    ``peers=False`` skips the peer benchmark (the summary for a proposal does not show it)."""
    check_edition(edition)
    questionnaire = bank.questionnaire_for(assessment)
    reviewed = reviewed_result(session, assessment, questionnaire)
    if reviewed is None:
        raise ReportNotReady(f"assessment {assessment.id} has not been scored yet")
    stored = stored_answers.load(session, assessment)
    # The cover names the approving consultant by display name, never by e-mail address.
    review = replace(reviewed.review, reviewer=_display_name(session, assessment)
                     if reviewed.review.reviewed else None)
    lang = language if language in LANGUAGES else assessment.language
    return ReportInput(
        questionnaire=questionnaire,
        result=reviewed.result,
        answers=stored.values(),
        language=lang if lang in questionnaire.languages else questionnaire.default_language,
        organisation=assessment.organisation.name,
        report_date=_report_date(assessment, review.reviewed_on),
        respondents=_respondents(session, assessment),
        answered_by={qid: a.answered_by for qid, a in stored.answers.items() if a.answered_by},
        review=review,
        hidden_comments=comments.hidden_ids(session, assessment.id),
        disagreements=tuple(
            OpenDisagreement(d.question_id, d.standing_value, d.standing_by, d.other_value,
                             d.other_by)
            for d in disagreements.open_for(session, assessment)),
        edition=edition,
        branding=branding,
        peers={area: (rank.percentile, rank.group)
               for area, rank in benchmark.peer_benchmark(session, assessment).items()}
        if peers else {},
    )


def _display_name(session: Session, assessment: Assessment) -> str | None:
    """The approving consultant's display name (None: the cover names the consultancy)."""
    if assessment.approved_by_id is None:
        return None
    return session.scalar(sa.select(User.display_name).where(
        User.id == assessment.approved_by_id))


@dataclass(frozen=True)
class PreparedReport:
    """What a report is made from and what it will be called, before any render."""

    data: ReportInput
    cache_key: str
    report_id: str
    filename: str

    @property
    def language(self) -> str:
        """The report's language (the assessment's unless another was asked for)."""
        return self.data.language

    @property
    def edition(self) -> str:
        """ "executive" or "full"."""
        return self.data.edition

    def file(self, pdf: bytes, cached: bool) -> ReportFile:
        """The rendered report of this preparation."""
        return ReportFile(pdf=pdf, filename=self.filename, report_id=self.report_id,
                          cache_key=self.cache_key, cached=cached)


def prepare(session: Session, assessment: Assessment, language: str | None = None,
            edition: str = "full", branding: Branding = DEFAULT_BRANDING) -> PreparedReport:
    """The report's inputs and cache key (a few queries, no render)."""
    data = report_input(session, assessment, language, edition, branding)
    digest = report_digest(data)
    return PreparedReport(data=data, cache_key=cache_key(digest), report_id=digest[:12],
                          filename=_filename(assessment, data.language, edition, digest[:12]))


def render(prepared: PreparedReport, timeout: float | None = None) -> bytes:
    """The PDF of a prepared report (raises ``ReportRenderError``, ``RenderTimeout``)."""
    report = build_report(prepared.data)
    if timeout is None:
        return render_pdf(render_html(report), identifier=report.id)
    return render_pdf(render_html(report), identifier=report.id, timeout=timeout)


def _report_date(assessment: Assessment, approved_on: date | None) -> date:
    """The approval date once approved, else the completion date: stable, so cacheable.

    Not the scoring time: scoring again without any change must not make a new report.
    """
    if approved_on is not None:
        return approved_on
    moment = assessment.submitted_at or assessment.scored_at or assessment.created_at
    return moment.date()


def _respondents(session: Session, assessment: Assessment) -> tuple[Respondent, ...]:
    rows = session.scalars(
        sa.select(Invitation).where(Invitation.assessment_id == assessment.id,
                                    Invitation.revoked_at.is_(None)).order_by(Invitation.id)
    )
    return tuple(
        Respondent(name=row.respondent_label, role=None,
                   areas=tuple(row.areas) if row.areas is not None else None)
        for row in rows
        if row.submitted_at is not None or row.first_used_at is not None
    )


def _filename(assessment: Assessment, language: str, edition: str, report_id: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", assessment.organisation.name.lower()).strip("-")[:60]
    kind = "executive-summary" if edition == "executive" else "gap-report"
    return f"{kind}-{slug or 'organisation'}-{language}-{report_id}.pdf"
